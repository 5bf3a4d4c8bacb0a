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

/** The test of "this mention is an output of the procedure", worked out once per lint. */
export function madeByTheProcedure(doc: SopDocument, mentions: PathMention[]): (m: PathMention) => boolean {
  const made = new Set<string>();
  for (const m of mentions) {
    const lineStart = doc.text.lastIndexOf('\n', m.start - 1) + 1;
    // Only a file for any run ("clean-<day>.csv"): a fixed name the steps write ("update CHANGELOG.md") is kept in
    // the repository, and the evidence run's own output ("final-2026-10.xlsx") should be there too.
    const s = shape(m.value);
    if (s.includes('#') && OUTPUT_BEFORE.test(doc.text.slice(Math.max(lineStart, m.start - 120), m.start))) made.add(s);
  }
  return (m) => made.size > 0 && made.has(shape(m.value));
}
