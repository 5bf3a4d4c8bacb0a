import type { EvidenceFile } from '../../evidence/types';
import { templateRegex } from '../../workspace/checkPath';
import { hasTemplatePart, type PathTemplate } from '../../workspace/pathTemplate';

const WORD = /\w/;

/** Where the next `c` at or after `from` is; the path's length when there is none. */
function nextOr(p: string, c: string, from: number): number {
  const at = p.indexOf(c, from);
  return at < 0 ? p.length : at;
}

/** Where the word characters from `from` end. */
function wordEnd(p: string, from: number): number {
  let i = from;
  while (i < p.length && WORD.test(p[i])) i++;
  return i;
}

/**
 * Loose form of a path a script names: every template part ("{month}", "<day>", "$DAY", "${DAY}",
 * "YYYY-MM", "YYYY", "*") becomes "*". Scanned by hand, as the pattern
 * /\{[^}]*\}|<[^>]*>|\$\{?\w+\}?|YYYY-MM|YYYY|\*\/g would replace them, because that pattern re-reads the rest
 * of the path from every "{" or "<" that is never closed.
 */
function loose(p: string): string {
  let out = '';
  // The next "}" and ">" at or after the current place (p.length: none).
  let brace = -1;
  let angle = -1;
  for (let i = 0; i < p.length;) {
    const c = p[i];
    let end = -1;
    if (c === '{') {
      if (brace < i) brace = nextOr(p, '}', i);
      if (brace < p.length) end = brace + 1;
    } else if (c === '<') {
      if (angle < i) angle = nextOr(p, '>', i);
      if (angle < p.length) end = angle + 1;
    } else if (c === '$') {
      const from = p[i + 1] === '{' ? i + 2 : i + 1;
      const stop = wordEnd(p, from);
      if (stop > from) end = p[stop] === '}' ? stop + 1 : stop;
    } else if (c === 'Y' && p.startsWith('YYYY', i)) {
      end = p.startsWith('-MM', i + 4) ? i + 7 : i + 4;
    } else if (c === '*') end = i + 1;
    if (end < 0) {
      out += c;
      i++;
    } else {
      out += '*';
      i = end;
    }
  }
  return out.replace(/^\.\//, '');
}

/**
 * Whether two paths name the same file: equal once templates are loosened, or either one's template
 * matches the other. Each path is loosened and compiled once: a draft compares every script's files with
 * every evidence file and every other script's.
 */
export class SamePath {
  private readonly looseForms = new Map<string, string>();
  private readonly templates = new Map<string, PathTemplate | undefined>();

  same(a: string, b: string): boolean {
    if (this.loose(a) === this.loose(b)) return true;
    const ta = this.template(a);
    if (!ta) return false;
    if (ta.test('/' + b)) return true;
    const tb = this.template(b);
    return tb ? tb.test('/' + a) : false;
  }

  loose(p: string): string {
    let l = this.looseForms.get(p);
    if (l === undefined) this.looseForms.set(p, (l = loose(p)));
    return l;
  }

  /** The compiled template of a path, or undefined when it cannot be compiled (it then matches nothing). */
  template(p: string): PathTemplate | undefined {
    if (this.templates.has(p)) return this.templates.get(p);
    let t: PathTemplate | undefined;
    try {
      t = templateRegex('/' + p.replace(/^\.\//, ''));
    } catch {
      t = undefined;
    }
    this.templates.set(p, t);
    return t;
  }
}

/** Characters a template part can start with ("*", "?", "<day>", "{month}", "$DAY", "YYYY", "MM", "DD"). */
const PART_START = /[*?<{$YMD]/;

/** A path with nothing a template or the loose form would read as a part: it only ever equals itself. */
function isPlain(p: string): boolean {
  return !/[*?<>{}$]/.test(p) && !p.startsWith('./') && !p.endsWith('/') && !hasTemplatePart(p);
}

function nameOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * The evidence files, indexed once by path and by file name, answering "which files does this path a script
 * names stand for" without comparing it with every file. Gives exactly what `SamePath.same` against each
 * file would: plain paths are looked up, templated ones tested only on the files whose name can match.
 */
export class EvidencePaths {
  private readonly byPath = new Map<string, number[]>();
  /** Plain files by folder depth (how many "/"), each list sorted by file name. */
  private readonly byDepth = new Map<number, Array<{ name: string; index: number }>>();
  private readonly plain: number[] = [];
  /** Files whose own path has template parts (rare): compared one by one, as before. */
  private readonly unusual: number[] = [];
  /** Files each path a script names stands for: scripts of one job often read the same exports. */
  private readonly matched = new Map<string, number[]>();

  constructor(
    private readonly files: EvidenceFile[],
    private readonly samePath: SamePath,
  ) {
    files.forEach((f, index) => {
      if (!isPlain(f.path)) return void this.unusual.push(index);
      const list = this.byPath.get(f.path);
      if (list) list.push(index);
      else this.byPath.set(f.path, [index]);
      this.plain.push(index);
      const depth = depthOf(f.path);
      const named = this.byDepth.get(depth);
      if (named) named.push({ name: nameOf(f.path), index });
      else this.byDepth.set(depth, [{ name: nameOf(f.path), index }]);
    });
    for (const named of this.byDepth.values()) named.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.index - y.index));
  }

  /** Paths of the files (in evidence order, without `except`) that any of the paths stands for. */
  matching(paths: string[], except: EvidenceFile): string[] {
    const found = new Set<number>();
    for (const p of paths) {
      let indices = this.matched.get(p);
      if (!indices) {
        const one = new Set<number>();
        this.addMatches(p, one);
        this.matched.set(p, (indices = [...one]));
      }
      for (const i of indices) found.add(i);
    }
    return [...found]
      .sort((x, y) => x - y)
      .map((i) => this.files[i])
      .filter((f) => f !== except)
      .map((f) => f.path);
  }

  private addMatches(a: string, found: Set<number>): void {
    const add = (path: string) => this.byPath.get(path)?.forEach((i) => found.add(i));
    // A plain file equals its own loose form, and a plain file's template matches only itself (or itself + "/").
    add(this.samePath.loose(a));
    const t = this.samePath.template(a);
    if (t) {
      add(a);
      if (a.endsWith('/')) add(a.slice(0, -1));
      if (t.parts === 0) {
        const stripped = a.replace(/^\.\//, '');
        add(stripped);
        add(stripped + '/');
      } else {
        for (const i of this.candidates(a)) if (t.test('/' + this.files[i].path)) found.add(i);
      }
    }
    for (const i of this.unusual) if (this.samePath.same(a, this.files[i].path)) found.add(i);
  }

  /**
   * Plain files a template can match. Without "**" no part crosses a "/", so a matching file is as deep as
   * the template and its name starts with the literal text before the first part of the template's last segment.
   */
  private candidates(template: string): number[] {
    if (template.includes('**')) return this.plain;
    const stripped = template.replace(/^\.\//, '');
    const named = this.byDepth.get(depthOf(stripped)) ?? [];
    const last = nameOf(stripped);
    const cut = last.search(PART_START);
    const start = cut < 0 ? last : last.slice(0, cut);
    const out: number[] = [];
    for (let k = lowerBound(named, start); k < named.length && named[k].name.startsWith(start); k++) out.push(named[k].index);
    return out;
  }
}

function depthOf(p: string): number {
  let n = 0;
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) n++;
  return n;
}

/** The first entry whose name is not before `name`. */
function lowerBound(named: Array<{ name: string }>, name: string): number {
  let lo = 0;
  let hi = named.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (named[mid].name < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
