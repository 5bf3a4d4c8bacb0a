import { sensitiveContent, type SensitiveRules } from '../evidence/sensitive';
import { personalDataIn } from './personalData';

/**
 * The rules every copy of a workspace file applies (the approval's kept copies, a skill's scripts and
 * references), the same ones evidence collection applies before reading.
 */

/** The name rules, on the path as the SOP wrote it and on the real file a link leads to. */
export function sensitiveNameReason(path: string, target: string | undefined, rules: SensitiveRules): string | undefined {
  const own = rules.reasonFor(path);
  if (own) return own;
  if (target === undefined || target === path) return undefined;
  const real = rules.reasonFor(target);
  return real ? `${real} (the link leads to ${target})` : undefined;
}

/** The content rules: text that is sensitive whatever the file's name (a private key), or personal data. */
export function sensitiveTextReason(text: string): string | undefined {
  return sensitiveContent(text) ?? personalDataIn(text);
}
