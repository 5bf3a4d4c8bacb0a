/** What a setting's name says about its value: a password (any literal counts) or a key or token (random ones count). */

export type SecretNameKind = 'password' | 'secret value';

// Names whose value is a password: any literal value counts, however plain ("hunter2").
const PASSWORD_NAME =
  /(?:^|[^a-z])(?:pass|passwd|pwd|pw|psk|passphrase|passcode|db_?pass|kennwort|passwort|contrasena|contraseña|senha|wachtwoord|motdepasse|losenord|lösenord|passord|salasana|haslo|hasło|heslo)$|password$|passphrase$|passwort$|(?:store|key|src|dest)pass$/i;
const CAMEL_PASSWORD_NAME = /[a-z](?:Pass|Passwd|Pwd|Pw)$/;
// Names whose value is a key or token: only random-looking values count (SORT_KEY=date stays).
const SECRET_NAME =
  /(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|signing[_-]?key|(?:^|[_.-])key|[a-z]Key|credentials?|(?:^|[_.-])auth|[a-z]Auth|bearer|(?:^|[_.-])sig|signature|(?:key|token|secret)[_-]?data|key[_-]?base|sas|(?:^|[_.-])pat|[a-z]Pat)$/;
// Identifiers of a key pair that service-account files keep beside the private key; they name it to an attacker.
const SECRET_KEY_ID = /(?:private|secret)[_-]?key[_-]?id$/i;
// Names that end like a secret but are not one: public halves and keys that order or look up data.
const NOT_SECRET_NAME =
  /(?:public|publishable|pub|primary|foreign|sort|partition|cache|idempotency|lookup|unique|shard|row|range|object|map|dict|group|label|i18n|translation|hot|next|page)[_.-]?(?:key|token)$/i;
// Names about a secret rather than holding one: its policy, its file, its length, where to find it.
const ABOUT_A_SECRET =
  /(?:^|[_.-])(?:hint|policy|reset|length|min|max|prompt|label|field|required|expiry|expires|changed|strength|rule|hash|file|path|url|uri|endpoint|stdin|env|var|source|ref|manager|store|id|name|type|header|ttl|count|size)$|(?:Hint|Policy|Length|File|Path|Url|Uri|Id|Name|Type|Header)$/;

export function secretKindForName(rawName: string): SecretNameKind | undefined {
  const name = rawName
    .replace(/^[$@]|["'`]/g, '')
    .replace(/^env:/i, '')
    .replace(/^-{1,2}/, '');
  if (name.length === 0 || name.length > 80) return undefined;
  if (SECRET_KEY_ID.test(name)) return 'secret value';
  if (ABOUT_A_SECRET.test(name)) return undefined;
  if (PASSWORD_NAME.test(name) || CAMEL_PASSWORD_NAME.test(name)) return 'password';
  if (NOT_SECRET_NAME.test(name)) return undefined;
  // SHOP_API_KEY as well as shopApiKey: the camel-case alternatives need the name as written.
  if (SECRET_NAME.test(name) || SECRET_NAME.test(name.toLowerCase()) || /^(?:key|token|secret|auth)$/i.test(name)) return 'secret value';
  return undefined;
}
