import type { SopDocument } from '../sop/model';

type Kind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
type Directive = { kind: Kind; rules: string[]; startLine: number; endLine: number };

const DIRECTIVE = /<!--\s*sop-lint-(disable-next-line|disable-line|disable|enable)\b([\s\S]*?)-->/g;

function directivesIn(text: string, startLine: number, endLine: number, out: Directive[]): void {
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const rules = m[2].split(/[\s,]+/).filter(Boolean);
    out.push({ kind: m[1] as Kind, rules, startLine, endLine });
  }
}

/**
 * Directives in YAML comments of the front matter, where HTML comments cannot go:
 * `status: approved # <!-- sop-lint-disable-line review-due -->`, or `# <!-- sop-lint-disable-next-line review-due -->`
 * on the line before. Only the two line forms: a block switched off in YAML would have no visible end.
 */
function frontMatterDirectives(doc: SopDocument, out: Directive[]): void {
  const fm = doc.frontMatter;
  if (!fm.present || fm.valueEnd <= fm.valueStart) return;
  const yaml = doc.text.slice(fm.valueStart, fm.valueEnd);
  if (!yaml.includes('sop-lint-')) return;
  const first = doc.lines.positionAt(fm.valueStart).line;
  const last = doc.lines.positionAt(fm.valueEnd).line;
  for (let line = first; line <= last; line++) {
    const start = doc.lines.offsetAt({ line, character: 0 });
    if (start < fm.valueStart || start >= fm.valueEnd) continue;
    const text = doc.text.slice(start, start + doc.lines.lineLength(line));
    const hash = text.indexOf('#');
    if (hash < 0) continue;
    // Each `<!-- ... -->` after the `#` on its own, so a line of unclosed comments costs one pass.
    for (let open = text.indexOf('<!--', hash); open >= 0;) {
      const close = text.indexOf('-->', open + 4);
      if (close < 0) break;
      const found: Directive[] = [];
      directivesIn(text.slice(open, close + 3), line, line, found);
      out.push(...found.filter((d) => d.kind === 'disable-line' || d.kind === 'disable-next-line'));
      open = text.indexOf('<!--', close + 3);
    }
  }
}

function directives(doc: SopDocument): Directive[] {
  const out: Directive[] = [];
  for (const c of doc.comments) directivesIn(c.text, c.range.start.line, c.range.end.line, out);
  frontMatterDirectives(doc, out);
  return out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * Answers "is this rule switched off on this line?" from the document's inline comments:
 * `<!-- sop-lint-disable rule -->` ... `<!-- sop-lint-enable rule -->`, `<!-- sop-lint-disable-next-line rule -->`
 * and `<!-- sop-lint-disable-line rule -->`, and the two line forms in a YAML comment in the front matter.
 * A comment without rule ids applies to every rule.
 */
export function createDisableCheck(doc: SopDocument, canonical: (id: string) => string): (rule: string, line: number) => boolean {
  const list = directives(doc);
  if (list.length === 0) return () => false;
  const lineRules = new Map<number, Set<string>>();
  const addLine = (line: number, rules: string[]) => {
    const set = lineRules.get(line) ?? new Set<string>();
    for (const r of rules.length ? rules.map(canonical) : ['*']) set.add(r);
    lineRules.set(line, set);
  };
  const blocks = list.filter((d) => d.kind === 'disable' || d.kind === 'enable');
  for (const d of list) {
    if (d.kind === 'disable-line') for (let l = d.startLine; l <= d.endLine; l++) addLine(l, d.rules);
    else if (d.kind === 'disable-next-line') addLine(d.endLine + 1, d.rules);
  }
  return (rule: string, line: number) => {
    const set = lineRules.get(line);
    if (set && (set.has('*') || set.has(rule))) return true;
    let all = false;
    const disabled = new Set<string>();
    const exceptions = new Set<string>();
    for (const d of blocks) {
      if (d.startLine > line) break;
      const rules = d.rules.map(canonical);
      if (d.kind === 'disable') {
        if (rules.length === 0) {
          all = true;
          exceptions.clear();
        } else {
          for (const r of rules) {
            disabled.add(r);
            exceptions.delete(r);
          }
        }
      } else if (rules.length === 0) {
        all = false;
        disabled.clear();
        exceptions.clear();
      } else {
        for (const r of rules) {
          disabled.delete(r);
          if (all) exceptions.add(r);
        }
      }
    }
    return disabled.has(rule) || (all && !exceptions.has(rule));
  };
}
