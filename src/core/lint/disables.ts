import type { SopDocument } from '../sop/model';

type Directive = { kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line'; rules: string[]; startLine: number; endLine: number };

const DIRECTIVE = /<!--\s*sop-lint-(disable-next-line|disable-line|disable|enable)\b([\s\S]*?)-->/g;

function directives(doc: SopDocument): Directive[] {
  const out: Directive[] = [];
  for (const c of doc.comments) {
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(c.text); m; m = DIRECTIVE.exec(c.text)) {
      const rules = m[2].split(/[\s,]+/).filter(Boolean);
      out.push({ kind: m[1] as Directive['kind'], rules, startLine: c.range.start.line, endLine: c.range.end.line });
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * Answers "is this rule switched off on this line?" from the document's inline comments:
 * `<!-- sop-lint-disable rule -->` ... `<!-- sop-lint-enable rule -->`, `<!-- sop-lint-disable-next-line rule -->`
 * and `<!-- sop-lint-disable-line rule -->`. A comment without rule ids applies to every rule.
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
        } else for (const r of rules) (disabled.add(r), exceptions.delete(r));
      } else if (rules.length === 0) {
        all = false;
        disabled.clear();
        exceptions.clear();
      } else for (const r of rules) (disabled.delete(r), all && exceptions.add(r));
    }
    return disabled.has(rule) || (all && !exceptions.has(rule));
  };
}
