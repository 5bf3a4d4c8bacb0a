/**
 * Containers that text from the user's files cannot close or break out of: a code fence longer than
 * any fence-like run inside the text, and one-line values inside backticks. A model reading the prompt
 * then sees evidence as data in a block, never as a heading, a rule or the end of the evidence.
 */

/** Line breaks, controls, invisible format characters (zero-width, bidi) and lone surrogates. */
const UNSAFE_IN_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The value on one line, every unsafe character shown as an escape (`\n`, `\u{2028}`), at most `max` characters. */
export function oneLine(value: string, max = 300): string {
  const escaped = value.replace(UNSAFE_IN_LINE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

/** Length of the longest run of `char` in `text`. */
function longestRun(text: string, char: '`' | '~'): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text[i] === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A value as an inline code span on one line: the delimiter is longer than any backtick run inside,
 * so nothing in the value ends the span, and a line break cannot start a heading or a fence.
 */
export function codeSpan(value: string, max = 300): string {
  const line = oneLine(value, max);
  if (line.trim() === '') return '(empty)';
  const tick = '`'.repeat(longestRun(line, '`') + 1);
  // CommonMark strips one space on each side, so a value starting or ending in a backtick keeps its own.
  const pad = /^[` ]|[` ]$/.test(line) ? ' ' : '';
  return `${tick}${pad}${line}${pad}${tick}`;
}

/** The text as a fenced code block no line inside can close: the fence outruns every backtick and tilde run. */
export function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1, longestRun(text, '~') + 1));
  return `${fence}\n${text}\n${fence}`;
}
