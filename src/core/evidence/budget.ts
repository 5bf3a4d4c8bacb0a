import { describeScriptFacts } from './extract/script';
import type { EvidenceBundle, EvidenceFile } from './types';

/**
 * Keeps the evidence a model receives under a character budget: the largest files are cut first,
 * each to what matters most for its kind, and every cut is noted for the person reading the draft.
 */

// Counts grouped as toLocaleString('en-US') groups them, without its cost (a draft cuts thousands of files).
const n = (x: number) => (Number.isSafeInteger(x) && x >= 0 ? String(x).replace(/\B(?=(?:\d{3})+$)/g, ',') : x.toLocaleString('en-US'));

function headTail(text: string, head: number, tail: number): string {
  if (text.length <= head + tail + 80) return text;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n[… ${n(cut)} characters cut …]\n${tail > 0 ? text.slice(-tail) : ''}`;
}

interface Cut {
  text: string;
  note: string;
}

/** Level 1 keeps the most, level 3 the least. */
function shorten(f: EvidenceFile, level: 1 | 2 | 3): Cut | undefined {
  // A data summary is cut from level 2 on, and an image never: nothing to build for them before that.
  if ((f.facts.type === 'data' && level === 1) || f.facts.type === 'image') return undefined;
  const size = `(${n(f.text.length)} characters)`;
  if (f.facts.type === 'script') {
    const facts = describeScriptFacts(f.facts);
    if (level === 3) return { text: `Facts found in the script:\n${facts}`.slice(0, 1200), note: `${f.path}: only the facts found in it are kept ${size}` };
    const head = level === 1 ? 2000 : 500;
    return {
      text: `Facts found in the script:\n${facts}\n\nFirst ${n(head)} characters:\n${f.text.slice(0, head)}`,
      note: `${f.path}: cut to its first ${n(head)} characters and the facts found in it ${size}`,
    };
  }
  if (f.facts.type === 'data') {
    const lines = f.text.split('\n');
    const kept = level === 2 ? [lines[0], ...lines.filter((l) => l.startsWith('Sums'))] : [lines[0]];
    return { text: kept.join('\n'), note: `${f.path}: summary cut to its ${level === 2 ? 'columns and sums' : 'columns'} ${size}` };
  }
  const [head, tail] = level === 1 ? [1500, 500] : level === 2 ? [600, 200] : [200, 0];
  const note =
    tail > 0 ? `${f.path}: cut to its first ${n(head)} and last ${n(tail)} characters ${size}` : `${f.path}: cut to its first ${n(head)} characters ${size}`;
  return { text: headTail(f.text, head, tail), note };
}

export function totalChars(bundle: EvidenceBundle): number {
  return bundle.included.reduce((sum, f) => sum + f.text.length, 0);
}

/**
 * Cuts the largest of `files` (in place) until their texts total at most `budgetChars`, or nothing more
 * can be cut. Returns a note for each file cut, by path, and the total left; the prompt uses it on copies.
 */
export function shortenToBudget(files: EvidenceFile[], budgetChars: number): { notes: Map<string, string>; total: number } {
  let total = files.reduce((sum, f) => sum + f.text.length, 0);
  const notes = new Map<string, string>();
  if (total <= budgetChars) return { notes, total };
  const original = new Map(files.map((f) => [f, f.text.length]));
  for (const level of [1, 2, 3] as const) {
    const largest = [...files].sort((a, b) => b.text.length - a.text.length || (a.path < b.path ? -1 : 1));
    for (const f of largest) {
      if (total <= budgetChars) break;
      const cut = shorten(f, level);
      if (!cut || cut.text.length >= f.text.length) continue;
      total -= f.text.length - cut.text.length;
      f.text = cut.text;
      f.summarized = true;
      // The note gives the size before any cut, not after an earlier one.
      notes.set(f.path, cut.note.replace(/\([\d,]+ characters\)$/, `(${n(original.get(f) ?? 0)} characters)`));
    }
    if (total <= budgetChars) break;
  }
  return { notes, total };
}

/**
 * The first pass, when evidence is collected: file texts cut to the budget. The prompt then fits
 * everything it sends (names, facts, lists and notes too) to the same budget; see draft/prompt.ts.
 */
export function fitToBudget(bundle: EvidenceBundle, budgetChars: number): EvidenceBundle {
  const { notes, total } = shortenToBudget(bundle.included, budgetChars);
  bundle.notes.push(...notes.values());
  if (total > budgetChars) {
    bundle.notes.push(
      `The evidence is still ${n(total)} characters after cutting every file (the budget is ${n(budgetChars)}): select fewer files for a complete draft.`,
    );
  }
  return bundle;
}
