import { valueIsSecret } from './assignments';
import { secretKindForName } from './names';
import type { SecretFinding, SecretRule } from './types';
import { matchesOf } from './matches';

/**
 * Settings stored as a pair of fields, where the secret's name is in one field and its value in the next:
 * `{"Name": "StripeApiKey", "Value": "…"}` (appsettings, ARM), Kubernetes `- name: DB_PASSWORD` / `value: …`,
 * Terraform `{ name = "API_KEY", value = "…" }`, CloudFormation `ParameterKey=DbPassword,ParameterValue=…`,
 * .NET `<add key="ApiKey" value="…"/>` and Java `<property name="db.password" value="…"/>`.
 */
const NAME_FIELD =
  /(?<![\w-])["']?(?:name|Name|NAME|key|Key|ParameterKey|variable|Variable|OptionName|SettingName)["']?[ \t]*(?:=|:)[ \t]*["']?([A-Za-z_][\w.:-]{0,80})["']?/g;
const VALUE_FIELD =
  /^[^\n]{0,120}?(?:\n[^\n]{0,120}?){0,2}?(?<![\w-])["']?(?:value|Value|VALUE|ParameterValue|secretValue|OptionValue)["']?[ \t]*(?:=|:)[ \t]*(?:"([^"\n]{0,400})"|'([^'\n]{0,400})'|([^\s"'<>,;)}\]]{1,400}))/;
// An XML element that holds the value: `<property name="db.password">secret</property>`.
const ELEMENT_VALUE = /^[^<>\n]{0,200}>([^<\n]{1,400})</;

function findPairs(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const m of matchesOf(NAME_FIELD, text)) {
    const kind = secretKindForName(m[1]);
    if (!kind) continue;
    const after = (m.index ?? 0) + m[0].length;
    const window = text.slice(after, after + 420);
    const v = VALUE_FIELD.exec(window);
    if (v) {
      const quoted = v[1] !== undefined || v[2] !== undefined;
      const value = v[1] ?? v[2] ?? v[3];
      if (!valueIsSecret(kind, m[1], value, quoted)) continue;
      const start = after + v[0].length - value.length - (quoted ? 1 : 0);
      found.push({ start, end: start + value.length, kind });
      continue;
    }
    const e = ELEMENT_VALUE.exec(window);
    if (e && valueIsSecret(kind, m[1], e[1], true)) {
      const start = after + e[0].length - 1 - e[1].length;
      found.push({ start, end: start + e[1].length, kind });
    }
  }
  return found;
}

export const nameValuePairs: SecretRule = { id: 'name-value-pair', find: findPairs };
