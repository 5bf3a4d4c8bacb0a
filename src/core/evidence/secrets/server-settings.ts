import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder } from './values';
import { matchesOf } from './matches';

/**
 * Passwords that server configs and admin commands give without a `password=` name: Redis `--requirepass x` and
 * `masterauth x`, SNMP communities (`rocommunity x`, `snmp-server community x RO`, `snmp_community_ro: x`),
 * SQL Server logins (`CREATE LOGIN … WITH PASSWORD = N'x'`, `sp_addlogin 'u', 'x'`), and Windows commands
 * that take the password as a bare argument (`net use F: \\fs01\share x /user:…`, `schtasks … /RP x`).
 */
const VALUE = String.raw`(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'\`;|&<>]{1,200}))`;
// Each pattern with a word it cannot match without, so that ordinary text skips it at the cost of one search.
const PATTERNS: Array<[string, RegExp]> = [
  // Redis: the flag on a command line, the directive at the start of a redis.conf line.
  ['requirepass|masterauth', new RegExp(String.raw`(?<![\w-])--(?:requirepass|masterauth)[ \t]+` + VALUE, 'dg')],
  ['requirepass|masterauth', new RegExp(String.raw`^[ \t]{0,20}(?:requirepass|masterauth)[ \t]+` + VALUE, 'dgm')],
  // SNMP: snmpd.conf directives, Cisco `snmp-server community`, and settings named after the community.
  ['community', new RegExp(String.raw`^[ \t]{0,20}(?:ro|rw)community6?[ \t]+` + VALUE, 'dgm')],
  ['snmp', new RegExp(String.raw`\bsnmp-server[ \t]+community[ \t]+` + VALUE, 'dgi')],
  ['snmp', new RegExp(String.raw`(?<![\w-])["']?[\w.-]{0,40}snmp[\w.-]{0,20}community[\w.-]{0,20}["']?[ \t]*[:=][ \t]*` + VALUE, 'dgi')],
  // SQL Server: `WITH PASSWORD = N'x'`, `OLD_PASSWORD = 'x'`, `sp_addlogin 'u', 'x'`.
  ['password', /\b(?:OLD_)?PASSWORD[ \t]*=[ \t]*N?'([^'\n]{1,200})'/dgi],
  ['sp_addlogin', /\bsp_addlogin[ \t]+(?:@loginame[ \t]*=[ \t]*)?N?'[^'\n]{1,128}'[ \t]*,[ \t]*(?:@passwd[ \t]*=[ \t]*)?N?'([^'\n]{1,200})'/dgi],
  // Windows: `net use F: \\host\share x /user:…` and `schtasks /Create … /RU u /RP x`.
  ['net use', new RegExp(String.raw`\bnet[ \t]+use[ \t]+(?:[A-Za-z]:[ \t]+|\*[ \t]+)?\\\\[^\s]{1,300}[ \t]+` + VALUE, 'dgi')],
  ['schtasks', new RegExp(String.raw`\bschtasks(?:\.exe)?\b[^\n|&]{0,400}?[ \t]/RP[ \t]+` + VALUE, 'dgi')],
];

function findServerSettings(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  const lower = text.toLowerCase();
  for (const [hint, re] of PATTERNS) {
    if (!hint.split('|').some((h) => lower.includes(h))) continue;
    for (const m of matchesOf(re, text)) {
      for (let g = 1; g < m.length; g++) {
        const at = m.indices?.[g];
        if (m[g] === undefined || !at) continue;
        const value = m[g];
        // `/user:…` and `/persistent:no` are the next switch, `*` asks for the password.
        if (isPlaceholder(value) || value.length < 3 || /^[/*-]/.test(value)) break;
        found.push({ start: at[0], end: at[1], kind: 'password' });
        break;
      }
    }
  }
  return found;
}

export const serverSettings: SecretRule = { id: 'server-setting', find: findServerSettings };
