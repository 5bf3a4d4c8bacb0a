/**
 * What a section's body says it is, for headings that name no part: a procedure's steps often sit under a
 * heading that names the work ("Assess", "Beta backports") rather than the part.
 */
import { createMemo } from '../text/memo';
import { wordsOf } from './clauses';

/** Items of one list read at most: the first few tell whether it is a list of instructions. */
const ITEMS_READ = 8;
/** Characters of an item read: an instruction says what to do in its first words. */
const OPENING_CHARS = 80;

/**
 * True when a section's list items (nested ones too) are mainly instructions: at least two of the first items,
 * and at least half of them, open with a verb in the imperative ("Add the label …", "[ ] Update the
 * changelog"). A list of facts, links or names is not steps.
 */
export function isInstructionList(items: readonly string[]): boolean {
  const read = items.slice(0, ITEMS_READ);
  if (read.length < 2) return false;
  let orders = 0;
  for (const [i, item] of read.entries()) {
    if (isInstruction(item)) orders++;
    // Stop as soon as the answer is known: the tagger is the costly part.
    if (orders >= 2 && orders * 2 >= read.length) return true;
    if ((orders + read.length - i - 1) * 2 < read.length) return false;
  }
  return false;
}

/** Answers kept between parses: the linter re-reads the same items on every keystroke, and tagging is the cost. */
const kept = createMemo<boolean>(2000);

/** True when a sentence opens with a verb in the imperative: "Stay calm", "Check the build", "Log in to …". */
export function isInstruction(text: string): boolean {
  const key = text.slice(0, OPENING_CHARS + 40);
  return kept.get(key, () => opensWithOrder(key));
}

function opensWithOrder(text: string): boolean {
  const opening = text
    .replace(/^\s{0,20}\[[ xX]\]\s{0,20}/, '')
    // Emphasis is dropped; a code span is kept, as an item opening with one names a thing ("`deploy.sh` for …").
    .replace(/[*_~]/g, '')
    // "(Recommended) Run the tests": an aside before the order.
    .replace(/^\s{0,20}\([^()]{0,40}\)/, '')
    .trimStart()
    .slice(0, OPENING_CHARS);
  const first = /^\p{L}+/u.exec(opening)?.[0];
  // "Monitoring dashboards", "Released builds": a participle opens a name or a fact, not an order.
  if (!first || /(?:ing|ed)$/i.test(first)) return false;
  // The tagger reads a capitalised first word as a name ("Check the build"): after "You must" it reads as the order it is.
  const [, , verb, next, after] = wordsOf(`You must ${first.toLowerCase()}${opening.slice(first.length)}`);
  if (verb?.lower !== first.toLowerCase()) return false;
  // "Open the ticket": the tagger calls "open" and "close" adjectives, but an adjective does not take an object.
  const order = verb.pos === 'VERB' || (verb.pos === 'ADJ' && OBJECT_OPENERS.has(next?.pos ?? ''));
  // "Release notes are published": a noun and a verb after it make the first word a noun.
  return order && next?.pos !== 'AUX' && !(next?.pos === 'NOUN' && after?.pos === 'AUX');
}

const OBJECT_OPENERS = new Set(['DET', 'PRON', 'NUM']);

/** Sections read at most for their body: a document's steps come early, and the linter runs as the writer types. */
const SECTIONS_READ = 60;

interface BodySection {
  kinds: string[];
  heading: { end: number; depth: number; text: string };
}

/** Headings read at most for a run of instructions. */
const HEADINGS_READ = 80;

/**
 * The section that starts the steps of a document whose headings are themselves the steps ("Bump the version
 * number (Friday)", "Promote branches (Monday)"): the first of at least two sibling headings in a row, naming no
 * part, that are instructions.
 */
export function stepsByHeadings<S extends BodySection>(sections: readonly S[]): S | undefined {
  if (sections.some((s) => s.kinds.includes('steps'))) return undefined;
  const read = sections.slice(0, HEADINGS_READ);
  for (const [i, section] of read.entries()) {
    if (section.kinds.length > 0 || !isInstructionHeading(section.heading.text)) continue;
    if (underAPart(read, i)) continue;
    // The next heading at this depth or above, with nothing shallower between: the next sibling.
    const next = read.slice(i + 1).find((s) => s.heading.depth <= section.heading.depth);
    if (next && next.heading.depth === section.heading.depth && next.kinds.length === 0 && isInstructionHeading(next.heading.text)) return section;
  }
  return undefined;
}

/**
 * True when a heading is an instruction. Headings are short and often title-cased, so a verb-or-noun opening
 * ("Team events", "Release notes", "Change requests") is an instruction only when an object or particle follows it
 * ("Tag the release", "Set up …", "Deploy to …") or the word reads as a verb on its own ("Promote branches").
 */
export function isInstructionHeading(text: string): boolean {
  if (!isInstruction(text)) return false;
  const plain = text
    .replace(/[*_`~]/g, '')
    .trim()
    .toLowerCase()
    .slice(0, OPENING_CHARS);
  return kept.get(`\u0000heading:${plain}`, () => {
    const [first, next] = wordsOf(plain);
    return first !== undefined && (first.pos === 'VERB' || HEADING_OBJECTS.has(next?.pos ?? ''));
  });
}

/** What follows a verb but never a noun used as a modifier: "Tag **the** release", "Set **up**", "Deploy **to**". */
const HEADING_OBJECTS = new Set(['DET', 'PRON', 'NUM', 'ADP', 'PART', 'SYM']);

/**
 * The section that holds the steps of a document whose headings name none: the first section headed by
 * nothing known whose own list is mainly instructions. `ownEnd(i)` is where section i's own body ends (its
 * first sub-heading); `items` are the document's list items in order.
 */
export function stepsByBody<S extends BodySection>(
  sections: readonly S[],
  ownEnd: (index: number) => number,
  items: ReadonlyArray<{ start: number; text: string }>,
): S | undefined {
  if (sections.some((s) => s.kinds.includes('steps'))) return undefined;
  let k = 0;
  for (const [i, section] of sections.slice(0, SECTIONS_READ).entries()) {
    const end = ownEnd(i);
    while (k < items.length && items[k].start < section.heading.end) k++;
    if (section.kinds.length > 0 || underAPart(sections, i)) continue;
    const own: string[] = [];
    for (let j = k; j < items.length && items[j].start < end && own.length < ITEMS_READ; j++) own.push(items[j].text);
    if (isInstructionList(own)) return section;
  }
  return undefined;
}

/** Instructions under a heading that names a part ("Initial configuration" → "Set up the remote") belong to it. */
function underAPart(sections: readonly BodySection[], index: number): boolean {
  const depth = sections[index].heading.depth;
  for (let j = index - 1; j >= 0; j--) if (sections[j].heading.depth < depth) return sections[j].kinds.length > 0;
  return false;
}
