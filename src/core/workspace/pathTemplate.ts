/**
 * Templated paths ("exports/<month>/sales-YYYY-MM.csv", "data/*.csv", "logs/**") matched against
 * workspace paths. A regular expression would backtrack exponentially on "*x*x*x…y"; this matcher runs
 * the pattern as a set of states over the path, so one test costs at most (path length × pattern length).
 */

/** True when a path has template parts: <month>, {date}, ${VAR}, $VAR, YYYY-MM, *, ? (a quick test; pathTemplate() compiles them). */
export function hasTemplatePart(path: string): boolean {
  return /<[^<>/]+>|\{[^{}/]+\}|\$\{?[A-Za-z_]\w*\}?|\*|\?|YYYY|YY(?=[-_./]|$)|(?<![A-Za-z])(?:MM|DD)(?![A-Za-z])/.test(path);
}

/** More wildcard or template parts than this in one path and it is not checked (a note says so). */
export const MAX_TEMPLATE_PARTS = 16;

type Atom =
  | { kind: 'char'; c: string }
  | { kind: 'digit' }
  /** One character of a folder or file name. */
  | { kind: 'name-char' }
  /** Any run of name characters, possibly empty. */
  | { kind: 'name-run' }
  /** `**` : nothing, or any folders ending in "/". */
  | { kind: 'folders' }
  /** A trailing "/" that may or may not be there. */
  | { kind: 'optional-slash' };

export interface PathTemplate {
  /** The pattern as written, for caching. */
  readonly source: string;
  /** How many wildcard and template parts it has. */
  readonly parts: number;
  test(path: string): boolean;
}

/** `**`, `*`, `?`, `<month>`, `{date}`, `${VAR}`, `$VAR`, YYYY, YY, MM, DD. No nested quantifiers: linear. */
const PART = /\*\*\/?|\*|\?|<[^<>/]+>|\{[^{}/]+\}|\$\{[A-Za-z_]\w*\}|\$[A-Za-z_]\w*|YYYY|YY(?=[-_./]|$)|(?<![A-Za-z])(?:MM|DD)(?![A-Za-z])/g;

/** Compiles a templated path (absolute, forward slashes) into a matcher over full paths. */
export function pathTemplate(path: string): PathTemplate {
  const atoms: Atom[] = [];
  const literal = (s: string) => {
    for (const c of s) atoms.push({ kind: 'char', c });
  };
  let parts = 0;
  let last = 0;
  PART.lastIndex = 0;
  for (let m = PART.exec(path); m; m = PART.exec(path)) {
    literal(path.slice(last, m.index));
    const t = m[0];
    parts++;
    if (t.startsWith('**')) atoms.push({ kind: 'folders' });
    else if (t === '*') atoms.push({ kind: 'name-run' });
    else if (t === '?') atoms.push({ kind: 'name-char' });
    else if (t === 'YYYY') atoms.push({ kind: 'digit' }, { kind: 'digit' }, { kind: 'digit' }, { kind: 'digit' });
    else if (t === 'YY' || t === 'MM' || t === 'DD') atoms.push({ kind: 'digit' }, { kind: 'digit' });
    else atoms.push({ kind: 'name-char' }, { kind: 'name-run' });
    last = m.index + t.length;
  }
  literal(path.slice(last));
  atoms.push({ kind: 'optional-slash' });
  // Cheap filters first: most paths in a workspace fail on the literal start or end.
  const firstWild = atoms.findIndex((a) => a.kind !== 'char');
  const prefix = atoms
    .slice(0, firstWild)
    .map((a) => (a as { c: string }).c)
    .join('');
  let lastWild = atoms.length - 2;
  while (lastWild >= 0 && atoms[lastWild].kind === 'char') lastWild--;
  const suffix =
    lastWild < firstWild
      ? ''
      : atoms
          .slice(lastWild + 1, -1)
          .map((a) => (a as { c: string }).c)
          .join('');
  return {
    source: path,
    parts,
    test: (p) => p.startsWith(prefix) && (p.endsWith(suffix) || p.endsWith(suffix + '/')) && run(atoms, p),
  };
}

/**
 * Simulates the pattern's states over the path. State i waits for atom i; `folders` has a second state
 * (inside its folders) at n + 1 + i. Only live states are visited: at most two per wildcard part plus one,
 * so a test costs (path length × parts), whatever the length of the literal text.
 */
function run(atoms: Atom[], path: string): boolean {
  const n = atoms.length;
  const seen = new Uint32Array(2 * n + 2);
  let stamp = 1;
  let cur: number[] = [];
  let next: number[] = [];
  const add = (list: number[], s: number) => {
    // Epsilon moves only go forward: follow them as the state is added.
    for (;;) {
      if (seen[s] === stamp) return;
      seen[s] = stamp;
      list.push(s);
      if (s >= n) return;
      const k = atoms[s].kind;
      if (k !== 'name-run' && k !== 'folders' && k !== 'optional-slash') return;
      s++;
    }
  };
  add(cur, 0);
  for (let i = 0; i < path.length && cur.length > 0; i++) {
    const ch = path[i];
    stamp++;
    next.length = 0;
    for (const s of cur) {
      if (s > n) {
        add(next, s);
        if (ch === '/') add(next, s - n);
        continue;
      }
      if (s === n) continue;
      const a = atoms[s];
      if (
        a.kind === 'char'
          ? ch === a.c
          : a.kind === 'digit'
            ? ch >= '0' && ch <= '9'
            : a.kind === 'name-char'
              ? ch !== '/'
              : a.kind === 'optional-slash' && ch === '/'
      )
        add(next, s + 1);
      else if (a.kind === 'name-run' && ch !== '/') add(next, s);
      else if (a.kind === 'folders') {
        add(next, n + 1 + s);
        if (ch === '/') add(next, s + 1);
      }
    }
    [cur, next] = [next, cur];
  }
  return cur.includes(n);
}
