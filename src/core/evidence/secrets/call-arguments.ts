/** The arguments of a call in source code, read without a parser: enough to tell which one holds a literal. */

export interface CallArgument {
  /** The text of the argument, trimmed. */
  text: string;
  /** The string literal the argument starts with (`"x"`, `'x'`, `r"x"`, `@"x"`), and where its body lies. */
  literal?: { value: string; start: number };
}

const MAX_CALL = 600;
const OPEN = '([{';
const CLOSE = ')]}';

/**
 * Splits the arguments of the call (or tuple, or list) whose opening bracket is at `open - 1`, reading at most
 * 600 characters: commas count only outside brackets and strings. Undefined when it does not close in time.
 */
export function callArguments(text: string, open: number): CallArgument[] | undefined {
  const args: CallArgument[] = [];
  let depth = 0;
  let quote = '';
  let argStart = open;
  const limit = Math.min(text.length, open + MAX_CALL);
  for (let i = open; i < limit; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      else if (ch === '\n' && quote !== '`') return undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch) && depth > 0) depth--;
    else if ((ch === ',' || CLOSE.includes(ch)) && depth === 0) {
      args.push(argumentAt(text, argStart, i));
      if (ch !== ',') return args;
      argStart = i + 1;
    }
  }
  return undefined;
}

function argumentAt(text: string, start: number, end: number): CallArgument {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const arg: CallArgument = { text: raw.trim() };
  // f-strings and template literals build the value from code: not a literal.
  const m = /^(?:[rbuRBU]|@)?(["'`])/.exec(arg.text);
  if (!m || (m[1] === '`' && arg.text.includes('${'))) return arg;
  const bodyStart = start + lead + m[0].length;
  let i = bodyStart;
  while (i < end && text[i] !== m[1]) i += text[i] === '\\' ? 2 : 1;
  if (i < end) arg.literal = { value: text.slice(bodyStart, i), start: bodyStart };
  return arg;
}
