/**
 * The values that change from run to run: the month (or day) the evidence's run was for, named in several of its
 * files ("bank-2026-10.csv", "reconcile.py --month 2026-10"). A reusable SOP says `<YYYY-MM>` where the run said
 * 2026-10, and gives the run's value as the example; an exported skill or automation then asks for the value.
 */
import type { EvidenceBundle } from '../../evidence/types';

export interface RunParameter {
  /** The run's value, as the evidence writes it: "2026-10". */
  token: string;
  /** What the SOP writes instead: "<YYYY-MM>". */
  placeholder: string;
  /** What it stands for, in words. */
  meaning: string;
}

const MONTH = /(?<!\d)(?<!\d-)(20\d{2}-(?:0[1-9]|1[0-2]))(?![\d]|-\d)/g;
const WEEK = /(?<!\d)(20\d{2}-[wW](?:0[1-9]|[1-4]\d|5[0-3]))(?!\w)/g;
const DAY = /(?<!\d)(?<!\d-)(20\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?!\d)/g;

/** At least this many evidence files must name a value for it to be the run's. */
const MIN_FILES = 2;

function mostNamed(bundle: EvidenceBundle, re: RegExp): string | undefined {
  const files = new Map<string, Set<string>>();
  // Files the run made or used (exports, outputs, logs, screenshots): e-mails and notes are dated by when they were
  // written, which is not a value the next run needs.
  for (const f of bundle.included.filter((x) => x.kind !== 'email' && x.kind !== 'document' && x.kind !== 'previous-sop')) {
    for (const m of f.path.matchAll(re)) {
      const set = files.get(m[1]) ?? new Set<string>();
      set.add(f.path);
      files.set(m[1], set);
    }
  }
  let best: [string, number] | undefined;
  for (const [token, set] of files) if (set.size >= MIN_FILES && (!best || set.size > best[1])) best = [token, set.size];
  return best?.[0];
}

export function runParameters(bundle: EvidenceBundle): RunParameter[] {
  const month = mostNamed(bundle, MONTH);
  if (month) return [{ token: month, placeholder: '<YYYY-MM>', meaning: 'the month the run is for' }];
  const week = mostNamed(bundle, WEEK);
  if (week) return [{ token: week, placeholder: '<YYYY-wWW>', meaning: 'the week the run is for (ISO week, as in 2026-w47)' }];
  const day = mostNamed(bundle, DAY);
  if (day) return [{ token: day, placeholder: '<run-date>', meaning: 'the day the run is for (YYYY-MM-DD)' }];
  return [];
}

/**
 * The SOP's text with each run value replaced by its placeholder, line by line, except in what a line cites as
 * evidence: "(evidence: `…/bank-2026-10.csv`)" names the real file, which keeps its name.
 */
export function parameterize(markdown: string, params: readonly RunParameter[], sections: readonly string[]): string {
  if (params.length === 0) return markdown;
  let inside = false;
  return markdown
    .split('\n')
    .map((line) => {
      const heading = /^##\s+(.*)$/.exec(line);
      if (heading) inside = sections.includes(heading[1].trim());
      // The line that defines a parameter keeps the run's value as its example.
      if (!inside || heading || params.some((p) => line.includes(p.placeholder))) return line;
      const cut = line.indexOf('(evidence:');
      const head = cut >= 0 ? line.slice(0, cut) : line;
      const tail = cut >= 0 ? line.slice(cut) : '';
      let out = head;
      for (const p of params) out = withPlaceholder(out, p);
      return out + tail;
    })
    .join('\n');
}

/**
 * Replaces one parameter's value in a line. In code spans it is replaced as it stands; in running text the word
 * holding it becomes a code span (`out/reconciliation-<YYYY-MM>.csv`), as a bare `<YYYY-MM>` would read as HTML.
 */
function withPlaceholder(line: string, p: RunParameter): string {
  const token = p.token.replace(/-/g, '\\-');
  const bare = new RegExp(`(?<!\\d)(?<!\\d-)${token}(?![\\d]|-\\d)`, 'g');
  const word = new RegExp(`[\\w./~-]{0,200}?(?<!\\d)(?<!\\d-)${token}(?![\\d]|-\\d)[\\w./~-]{0,200}`, 'g');
  return line
    .split(/(`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part.replace(bare, p.placeholder)
        : part.replace(word, (w) => `\`${w.replace(/[.]+$/, '').replace(bare, p.placeholder)}\`${w.match(/[.]+$/)?.[0] ?? ''}`),
    )
    .join('');
}
