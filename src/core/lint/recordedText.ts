/**
 * Text a run log recorded (a skip's reason, what was done instead) is untrusted: anyone or any automation that
 * can write a log writes it. Shown in a message it is one short line; written into an SOP it is also escaped,
 * so it stays words in the step and cannot open a heading, a list, a table, HTML or a link.
 */

/** Longest recorded text written into an SOP; a reason longer than this was not meant to be the step. */
export const MAX_RECORDED_CHARS = 200;

/** Line breaks, tabs, other control characters and bidirectional overrides, which could hide or reorder what is shown. */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;

/** One line, spaces collapsed, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const line = text
    .slice(0, max * 4)
    .replace(UNSEEN, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length > max ? line.slice(0, max - 1).trimEnd() + '…' : line;
}

/** For a message or a fix title: one line, double quotes made single so the quoting around it holds. */
export function quotedInMessage(text: string, max = 120): string {
  return oneLine(text, max).replace(/"/g, "'");
}

/** For the body of an SOP: one line, every Markdown mark escaped, and nothing at its start that opens a block. */
export function safeMarkdownText(text: string, max = MAX_RECORDED_CHARS): string {
  return oneLine(text, max)
    .replace(/[\\`*_{}[\]<>#|~&!]/g, '\\$&')
    .replace(/^([-+=:])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');
}
