import { valueIsSecret } from './assignments';
import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { looksLikeGeneratedPhrase } from './values';
import { matchesOf } from './matches';

/**
 * Secrets set through a call or an index rather than `name = value`: PHP `define('DB_PASSWORD', 'x')`,
 * Python `os.environ["API_KEY"] = "x"` and `setdefault("SECRET_KEY", "x")`, Go `os.Setenv("TOKEN", "x")`,
 * .NET `SetEnvironmentVariable("API_KEY", "x")`, Java `props.put("db.password", "x")`.
 */
const CALL =
  /\b(?:define|setdefault|setenv|Setenv|putenv|SetEnvironmentVariable|put|set|setProperty|add|AddEnvironmentVariable)[ \t]*\([ \t]*(["'])([A-Za-z_][\w.:-]{0,80})\1[ \t]*,[ \t]*(?:"([^"\n]{1,400})"|'([^'\n]{1,400})')/g;
const INDEXED = /\[[ \t]*(["'])([A-Za-z_][\w.:-]{0,80})\1[ \t]*\][ \t]*(?:=|:=)[ \t]*(?:"([^"\n]{1,400})"|'([^'\n]{1,400})')/g;

function findCalls(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const re of [CALL, INDEXED]) {
    for (const m of matchesOf(re, text)) {
      const value = m[3] ?? m[4];
      // WordPress and framework salts (`define('NONCE_SALT', 'u$m}]9…')`): generated, punctuation and all.
      const salt = /(?:SALT|KEY|SECRET)$/i.test(m[2]) && looksLikeGeneratedPhrase(value);
      const kind = salt ? 'secret value' : secretKindForName(m[2]);
      if (!kind || (!salt && !valueIsSecret(kind, m[2], value, true))) continue;
      const start = (m.index ?? 0) + m[0].length - value.length - 1;
      found.push({ start, end: start + value.length, kind });
    }
  }
  return found;
}

export const codeCalls: SecretRule = { id: 'code-call', find: findCalls };
