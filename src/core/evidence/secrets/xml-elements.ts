import { valueIsSecret } from './assignments';
import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { matchesOf } from './matches';

/** `<password>x</password>`, `<ApiKey>…</ApiKey>`, Maven `<server><password>…</password>`: the element names the secret. */
const ELEMENT = /<([A-Za-z_][\w.:-]{0,60})(?:[ \t][^<>\n]{0,200})?>([^<\n]{1,400})<\/\1>/g;

function findElements(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(ELEMENT, text)) {
    const kind = secretKindForName(m[1].replace(/^[\w-]+:/, ''));
    if (!kind || !valueIsSecret(kind, m[1], m[2], true)) continue;
    const start = (m.index ?? 0) + m[0].length - m[1].length - 3 - m[2].length;
    found.push({ start, end: start + m[2].length, kind });
  }
  return found;
}

export const xmlElements: SecretRule = { id: 'xml-element', find: findElements };
