import { shortenToBudget } from '../evidence/budget';
import type { EvidenceFile } from '../evidence/types';
import { fenced, oneLine } from './containment';

/**
 * Fits the evidence part of the prompt into its room, counting every character a model receives:
 * headings, facts and fences as well as file texts. Too many files: the first ones are shown, the next
 * listed by name, the rest counted. Too much text: the largest files are cut, as collection does.
 */

/** A file's heading and fact lines (already contained), before its text. */
export interface EvidenceBlock {
  file: EvidenceFile;
  head: string;
}

export interface ListOptions {
  maxEntries: number;
  maxChars: number;
  more: (count: number) => string;
  /** How many entries there are in all, when `entries` holds only the first of them. */
  total?: number;
}

/**
 * A titled list in one fence, one entry a line: as many entries as fit in `maxChars`, then a count of
 * the rest. '' when there are no entries.
 */
export function boundedList(title: string, entries: string[], o: ListOptions): string {
  const total = o.total ?? entries.length;
  if (total === 0) return '';
  const kept: string[] = [];
  // The title, two fences and the count line.
  let size = title.length + 80;
  for (const e of entries) {
    if (kept.length >= o.maxEntries || size + e.length + 1 > o.maxChars) break;
    kept.push(e);
    size += e.length + 1;
  }
  const render = () => `${title}\n${fenced([...kept, ...(kept.length < total ? [o.more(total - kept.length)] : [])].join('\n'))}`;
  let out = render();
  // A fence grows with the backtick runs inside: drop entries until the list is back in its room.
  while (out.length > o.maxChars && kept.length > 0) {
    kept.pop();
    out = render();
  }
  return out;
}

const CUT_MARK = '\n[… cut to fit the prompt …]';
/** Room a block needs beyond its heading: newlines, the shortest fences, ", summarised" and a cut text. */
const BLOCK_OVERHEAD = 11 + ', summarised'.length + CUT_MARK.length;
/** Characters of its text every file shown keeps at least, when it has that many. */
const MIN_TEXT_SHOWN = 400;
/** Share of the evidence room for the names of files not shown, when there are too many. */
const NAMES_SHARE = 0.15;
const MAX_NAMES = 1000;

function block(b: EvidenceBlock): string {
  return `${b.head}\n${fenced(b.file.text.trimEnd())}`;
}

/** Cut `text` by at least `excess` characters, never inside a surrogate pair. */
function cutBy(text: string, excess: number): string {
  let keep = Math.max(0, text.length - excess - CUT_MARK.length);
  if (keep > 0 && /[\uD800-\uDBFF]/.test(text[keep - 1])) keep--;
  return `${text.slice(0, keep)}${CUT_MARK}`;
}

export interface FittedEvidence {
  /** The evidence part of the user message. */
  text: string;
  /** The files shown with their text (copies: the bundle's own files are never changed). */
  shown: EvidenceFile[];
  /** What was cut to fit, for the person reading the prompt. */
  notes: string[];
}

export function fitEvidence(
  files: EvidenceFile[],
  room: number,
  describe: (file: EvidenceFile, index: number, count: number) => EvidenceBlock,
  words: { names: (count: number) => string; more: (count: number) => string },
): FittedEvidence {
  const count = files.length;
  if (count === 0) return { text: 'No evidence files.', shown: [], notes: [] };
  const cost = (b: EvidenceBlock) => b.head.length + BLOCK_OVERHEAD;
  // A file shown gets its heading and some of its text: small files whole (as they are, or cut to the
  // mark if they must be), large ones at least cut to the mark. Many small files then fill the room.
  const need = (b: EvidenceBlock) => (b.file.text.trimEnd().length <= MIN_TEXT_SHOWN ? Math.max(block(b).length + 2, cost(b)) : cost(b) + MIN_TEXT_SHOWN);

  const blocks: EvidenceBlock[] = [];
  let needed = 0;
  for (let i = 0; i < count; i++) {
    const b = describe(files[i], i, count);
    if (needed + need(b) > room) break;
    blocks.push(b);
    needed += need(b);
  }
  let names = '';
  if (blocks.length < count) {
    const namesRoom = Math.floor(room * NAMES_SHARE);
    while (blocks.length > 0 && needed > room - namesRoom) needed -= need(blocks.pop()!);
    const rest = files.slice(blocks.length, blocks.length + MAX_NAMES).map((f) => oneLine(f.path));
    names = boundedList(words.names(count - blocks.length), rest, {
      maxEntries: MAX_NAMES,
      maxChars: namesRoom,
      more: words.more,
      total: count - blocks.length,
    });
  }
  const heads = blocks.reduce((sum, b) => sum + cost(b), 0);

  // Copies, so cutting for this prompt leaves the bundle (and the offline drafter's view of it) whole.
  const shown = blocks.map((b) => ({ ...b.file }));
  const limit = room - names.length - (names ? 2 : 0);
  const cuts = shortenToBudget(shown, Math.max(0, limit - heads)).notes;
  const fitted = shown.map((f, i) => describe(f, i, count));
  const sizes = fitted.map((b) => block(b).length);
  let total = sizes.reduce((a, b) => a + b, 0) + 2 * Math.max(0, fitted.length - 1);
  // The first pass cuts by kind; this one guarantees the limit, cutting the largest text first.
  while (total > limit) {
    let largest = 0;
    for (let i = 1; i < shown.length; i++) if (shown[i].text.length > shown[largest].text.length) largest = i;
    const f = shown[largest];
    if (f.text.length <= CUT_MARK.length) break;
    f.text = cutBy(f.text, total - limit);
    f.summarized = true;
    const kept = (f.text.length - CUT_MARK.length).toLocaleString('en-US');
    cuts.set(
      f.path,
      `${f.path}: cut to its first ${kept} characters to fit the prompt (${blocks[largest].file.text.length.toLocaleString('en-US')} characters)`,
    );
    fitted[largest] = describe(f, largest, count);
    const size = block(fitted[largest]).length;
    total += size - sizes[largest];
    sizes[largest] = size;
  }
  const text = [...fitted.map(block), ...(names ? [names] : [])].join('\n\n');
  return { text, shown, notes: [...cuts.values()] };
}
