/**
 * The words of a command an SOP writes as a quality check, read the way a shell would — but only for the
 * small part of shell syntax whose meaning is plain: words, single quotes, double quotes without
 * expansions, and `|` between commands. Anything else (expansions, redirections, chaining, globs, escapes)
 * is refused with the reason, so what the workflow runs is exactly the words shown to the person.
 */

export type CommandWords = { ok: true; stages: string[][] } | { ok: false; why: string };

export const MAX_COMMAND_LENGTH = 1000;
const MAX_STAGES = 4;
const MAX_WORDS = 40;

/** Characters that never belong in a check: control characters, line and paragraph separators, and invisible formatting (bidi overrides). */
const INVISIBLE = /(?![\t])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const REFUSED: Record<string, string> = {
  ';': 'it chains commands with `;`',
  '&': 'it chains commands or runs one in the background with `&`',
  '<': 'it redirects input with `<` (write the file as an argument instead)',
  '>': 'it redirects output with `>`, which writes a file',
  '(': 'it uses `(`, which starts a subshell or a pattern',
  ')': 'it uses `)`, which ends a subshell or a pattern',
  '`': 'it runs a command in backquotes',
  $: 'it expands a variable or runs a command with `$`, so what runs is not what the SOP shows',
  '\\': 'it escapes a character with `\\` (quote the word with single quotes instead)',
  '*': 'it has a glob (`*`) the workflow would not expand (name the file)',
  '?': 'it has a glob (`?`) the workflow would not expand (name the file)',
  '[': 'it has a glob (`[…]`) the workflow would not expand (quote it or name the file)',
  ']': 'it has a glob (`[…]`) the workflow would not expand (quote it or name the file)',
  '{': 'it has braces (`{…}`), which the shell may expand (quote the word)',
  '}': 'it has braces (`{…}`), which the shell may expand (quote the word)',
};

/** Splits a check's command into the words of each command of a pipeline, or says why it cannot. */
export function commandWords(command: string): CommandWords {
  if (command.length > MAX_COMMAND_LENGTH) return { ok: false, why: `it is longer than ${MAX_COMMAND_LENGTH} characters` };
  if (command.includes('${{')) return { ok: false, why: 'it contains `${{`, which GitHub would evaluate as an expression' };
  if (INVISIBLE.test(command)) return { ok: false, why: 'it contains a line break, a control character or an invisible formatting character' };

  const stages: string[][] = [[]];
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) stages[stages.length - 1].push(word);
    word = undefined;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === ' ' || c === '\t') {
      end();
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) return { ok: false, why: 'a single quote is not closed' };
      word = (word ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      const close = command.indexOf('"', i + 1);
      if (close < 0) return { ok: false, why: 'a double quote is not closed' };
      const inside = command.slice(i + 1, close);
      if (/[$`\\]/.test(inside)) return { ok: false, why: 'a double-quoted word expands `$`, `` ` `` or `\\` (use single quotes)' };
      word = (word ?? '') + inside;
      i = close;
    } else if (c === '|') {
      if (command[i + 1] === '|') return { ok: false, why: 'it chains commands with `||`' };
      if (command[i + 1] === '&') return { ok: false, why: 'it pipes errors with `|&`' };
      end();
      if (stages[stages.length - 1].length === 0) return { ok: false, why: 'a `|` has no command before it' };
      stages.push([]);
    } else if (c === '#' && word === undefined) {
      return { ok: false, why: 'it has a `#`, which starts a comment in the shell (quote the word)' };
    } else if (c === '~' && (word === undefined || /[=:]$/.test(word))) {
      return { ok: false, why: 'it has a `~`, which the shell expands to a home folder' };
    } else if ((c === '[' || c === ']') && word === undefined && [undefined, ' ', '\t'].includes(command[i + 1])) {
      word = c;
    } else if (c in REFUSED) {
      return { ok: false, why: REFUSED[c] };
    } else {
      word = (word ?? '') + c;
    }
  }
  end();
  if (stages[stages.length - 1].length === 0) return { ok: false, why: stages.length > 1 ? 'a `|` has no command after it' : 'it has no command' };
  if (stages.length > MAX_STAGES) return { ok: false, why: `it pipes more than ${MAX_STAGES} commands` };
  if (stages.flat().length > MAX_WORDS) return { ok: false, why: `it has more than ${MAX_WORDS} words` };
  return { ok: true, stages };
}

/** One shell word, for showing a command to a person: bare when it is plainly safe, single-quoted otherwise. */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
