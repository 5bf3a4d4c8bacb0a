import type { PathMention, SopDocument } from '../../sop/model';

/**
 * Files each run of the procedure makes: a path with a placeholder for the run, named where a step writes, saves,
 * downloads or exports to it ("writes data/clean-<day>.csv", "-o out/at-risk-<day>.csv"), exists only once the
 * work has run, so its absence is no broken path. Every other mention of the same file ("Reads data/clean-{day}.csv", "never edit
 * data/clean-*.csv") is the same output, whatever placeholder style it is written in.
 */

/** The words just before a mention that make it where something is written. */
const OUTPUT_BEFORE =
  /(?:\b(?:writes?|wrote|written|saves?|saved|downloads?|downloaded|exports?|exported|creates?|created|produces?|produced|generates?|generated|outputs?|stores?|stored)\b(?:[^.;\n`]{0,60}?\b(?:to|as|into|in)\b)?|\s-o|--out(?:put)?(?:-file)?=?)\s{0,3}[`"'(]?$/i;

/**
 * A file the steps say is new, whatever its name: "create a `config.txt` file", "written to a file called
 * `execution_log.txt`". Every mention of it is that file, which is not there before the work runs.
 */
const NEW_FILE_NAMED =
  /\b(?:(?:create|creates|make|makes)\s+(?:a|an|your)\s+(?:new\s+|local\s+|empty\s+)?|(?:to|into|in)\s+a\s+(?:new\s+)?)file\s+(?:called|named)\s+[`"']?$/i;
/** "create a `config.txt` file": the word "file" after the name says the name is of a new file, not "we create a CHANGELOG.md". */
const NEW_FILE_BEFORE = /\b(?:create|creates|make|makes)\s+(?:a|an|your)\s+(?:new\s+|local\s+|empty\s+)?[`"']?$/i;
const FILE_AFTER = /^[`"']?\s+file\b/i;

/**
 * A path with its placeholders (<day>, {day}, ${OUT}, YYYY-MM, wildcards) made one mark: the file it stands for.
 * A literal date stays: "reports/2026-10/final.xlsx" names the evidence's own run, whose output should be there.
 */
function shape(value: string): string {
  return value
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .replace(/\$\{[^}]{0,60}\}|<[^>]{0,60}>|\{[^}]{0,60}\}|\*{1,2}|\bY{2,4}(?:-MM(?:-DD)?)?/g, '#')
    .toLowerCase();
}

/**
 * At most `max` characters of the line before `at`. Never searches further back: a document that is one long line
 * has thousands of mentions on it.
 */
export function lineBefore(text: string, at: number, max: number): string {
  const window = text.slice(Math.max(0, at - max), at);
  return window.slice(window.lastIndexOf('\n') + 1);
}

/** The test of "this mention is an output of the procedure", worked out once per lint. */
export function madeByTheProcedure(doc: SopDocument, mentions: PathMention[]): (m: PathMention) => boolean {
  const made = new Set<string>();
  // Most SOPs never say a file is new: then only paths with a placeholder need the words before them.
  const mayCreate = /\b(?:create|creates|make|makes)\b|\bfile\s+(?:called|named)\b/i.test(doc.text);
  for (const m of mentions) {
    if (!mayCreate && !/[<{$*]|YY|yy/.test(m.value)) continue;
    // Only a file for any run ("clean-<day>.csv"): a fixed name the steps write ("update CHANGELOG.md") is kept in
    // the repository, and the evidence run's own output ("final-2026-10.xlsx") should be there too.
    const s = shape(m.value);
    const before = lineBefore(doc.text, m.start, 120);
    const isNew = NEW_FILE_NAMED.test(before) || (NEW_FILE_BEFORE.test(before) && FILE_AFTER.test(doc.text.slice(m.end, m.end + 8)));
    if ((s.includes('#') && OUTPUT_BEFORE.test(before)) || isNew) made.add(s);
  }
  return (m) => made.size > 0 && made.has(shape(m.value));
}
