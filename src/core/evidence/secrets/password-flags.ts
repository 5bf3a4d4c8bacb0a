import type { SecretFinding, SecretRule } from './types';
import { isPlaceholder } from './values';
import { matchesOf } from './matches';

/**
 * Short password flags that mean "password" only for the tool that reads them: `ldapsearch -w x`,
 * `sqlcmd -P x`, `redis-cli -a x`, `mongosh -p x`, `rdesktop -p x`, `smbclient -U user%x`, `sqlplus user/x@db`,
 * `htpasswd -b file user x`, `nmcli … password x`, `echo 'user:x' | chpasswd`, and the `send` answering an
 * `expect "password:"`. The same letters elsewhere are widths, ports and switches (`wc -w`, `ssh -p 22`), so
 * each flag is looked for only after the name of a tool that reads it as a password, on the same command.
 */
const VALUE = String.raw`(?:"([^"\n]{1,400})"|'([^'\n]{1,400})'|((?:[^\s"'\`;|&<>)]|&(?![&\s])){1,400}))`;
// The rest of one command after the tool's name: never past a pipe, a `;`, `&&` or the end of the line.
const SAME_COMMAND = String.raw`[^\n|;&]{0,300}?[ \t]`;
// The tool as the command word (optionally by its path), not a container name or an image (`--name mongo`, `mongo:7`).
const tool = (names: string) => String.raw`(?<![\w.:=@-])(?<!--name[ =]|--hostname[ =])(?:${names})(?:\.exe)?(?![\w.:@/-])`;

interface ToolFlag {
  tools: string;
  /** The flag, glued to its value or followed by blanks. */
  flag: string;
}

const TOOL_FLAGS: ToolFlag[] = [
  { tools: 'ldap(?:search|modify|add|delete|modrdn|passwd|whoami|compare|exop|vi)|vsql', flag: '-w' },
  { tools: 'ldappasswd', flag: '-[as]' },
  { tools: 'sqlcmd|bcp|osql|isql|tsql|ipmitool|mosquitto_(?:pub|sub|rr)|ssh-keygen', flag: '-P' },
  { tools: 'ssh-keygen', flag: '-N' },
  {
    tools:
      'mongo|mongosh|mongo(?:dump|restore|export|import|stat|top|files)|cqlsh|rdesktop|ncftp(?:put|get)?|psexec|PsExec(?:64)?|paexec|twine|smbmap|crackmapexec|nxc|evil-winrm',
    flag: '-p',
  },
  { tools: 'redis-cli|redis-benchmark|keydb-cli|valkey-cli', flag: '-a' },
  { tools: 'rar|winrar', flag: '-hp' },
  { tools: 'snmp(?:walk|get|set|bulkwalk|bulkget|table|trap)', flag: '-[AX]' },
];

const toolFlagPattern = (t: ToolFlag) => new RegExp(tool(t.tools) + SAME_COMMAND + t.flag + String.raw`(?:[ \t]+|(?=[^\s-]))` + VALUE, 'dg');

const OTHER_FORMS: RegExp[] = [
  // Samba and Impacket: `-U user%password`, `--user=DOMAIN\\user%password`.
  /(?<![\w-])(?:-U|--user(?:name)?)(?:[ \t]+|=)["']?[^\s%"'/]{1,100}%(?:"([^"\n]{1,400})"|'([^'\n]{1,400})'|([^\s"']{1,400}))/g,
  // Oracle: `sqlplus app/x@ORCL`, `expdp system/x DIRECTORY=…`, `sqlldr userid=app/x`.
  new RegExp(
    tool('sqlplus|rman|expdp|impdp|sqlldr|dgmgrl|sqlcl') +
      String.raw`[^\n|;&]{0,100}?[ \t=][A-Za-z][\w$#]{0,60}/(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s@"'/]{1,200}))`,
    'g',
  ),
  // `htpasswd -b file user x`, `htpasswd -nb user x`: the password is the last argument.
  new RegExp(String.raw`\bhtpasswd[ \t]+-[A-Za-z]{0,5}b[A-Za-z]{0,5}[ \t]+(?:[^\s-][^\s]{0,200}[ \t]+){1,2}` + VALUE, 'g'),
  // `rabbitmqctl add_user name x`, `net user name x /add`, `wpa_passphrase SSID x`.
  new RegExp(
    String.raw`\b(?:rabbitmqctl[ \t]+(?:add_user|change_password|authenticate_user)|net[ \t]+user|wpa_passphrase)[ \t]+(?:"[^"\n]{1,100}"|[^\s/"'][^\s]{0,100})[ \t]+` +
      VALUE,
    'gi',
  ),
  // `lftp -u user,x host`.
  new RegExp(tool('lftp') + SAME_COMMAND + String.raw`-u[ \t]+["']?[^\s,"']{1,100},` + VALUE, 'g'),
  // `nmcli dev wifi connect Office password x`, `nmcli con modify x wifi-sec.psk y`.
  new RegExp(tool('nmcli') + SAME_COMMAND + String.raw`(?:password|wifi-sec\.psk|802-1x\.password)[ \t]+` + VALUE, 'g'),
  // `echo 'user:x' | chpasswd`, `echo x | passwd --stdin user`.
  /\becho[ \t]+["']?[^\s:"']{1,60}:(?:([^\s"']{1,200}))["']?[ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd\b/g,
  new RegExp(String.raw`\becho[ \t]+(?:-n[ \t]+)?` + VALUE + String.raw`[ \t]*\|[ \t]*(?:sudo[ \t]+)?passwd[ \t]+--stdin\b`, 'g'),
  // expect scripts: `expect "password:" { send "x\r" }`, or `send` on the next line; the `\r` says it is typed.
  /assword[^\n]{0,60}?(?:\n[ \t]{0,40})?\bsend[ \t]+(?:--[ \t]+)?"([^"\n\\$[]{1,200})\\r/g,
];

/** The value is the one group that took part; it is quoted when the same quote stands on both sides. */
function valueOf(m: RegExpMatchArray & { indices?: Array<[number, number] | undefined> }, text: string) {
  for (let g = 1; g < m.length; g++) {
    const at = m.indices?.[g];
    if (m[g] === undefined || !at) continue;
    const [start, end] = at;
    const quoted = /["']/.test(text[start - 1] ?? '') && text[start - 1] === text[end];
    return { value: m[g], quoted, index: start };
  }
  return undefined;
}

// With indices (`d`), so that each value is cut out where its group matched.
const PATTERNS = [...TOOL_FLAGS.map(toolFlagPattern), ...OTHER_FORMS.map((re) => new RegExp(re.source, re.flags + 'd'))];

function findToolPasswords(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const re of PATTERNS) {
    for (const m of matchesOf(re, text)) {
      const v = valueOf(m, text);
      if (!v) continue;
      const value = v.quoted ? v.value : v.value.replace(/[.,]+$/, '');
      // `-w 80`, `-p 27017:27017`, `-p -` (stdin), `-P $SA_PASSWORD`, `net user x /delete`: widths, ports, streams,
      // references and the next switch stay.
      if (value.length < 3 || /^[\d:./]+$/.test(value) || isPlaceholder(value)) continue;
      if (!v.quoted && /^[-/]/.test(value)) continue;
      found.push({ start: v.index, end: v.index + value.length, kind: 'password' });
    }
  }
  return found;
}

export const passwordFlags: SecretRule = { id: 'tool-password-flag', find: findToolPasswords };
