/**
 * Reading calls out of Python, JavaScript and PowerShell text without a full parser: where a call's
 * arguments end, and what a string literal says.
 */

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * How far a call's arguments or a condition are looked for after its bracket. Real ones are far
 * shorter; the bound keeps a text of thousands of unclosed `open(` linear rather than quadratic.
 */
export const MAX_BRACKET_SPAN = 1000;
/** Template literals inside `${}` inside template literals…: deeper ones are read as plain text. */
const MAX_TEMPLATE_NESTING = 8;

/**
 * Skips a string literal starting at `i` (any of ' " ` and Python's triple quotes); returns the index
 * after it, or `limit` when it does not end before.
 */
export function skipString(s: string, i: number, limit = s.length, nesting = 0): number {
  const q = s[i];
  const end = Math.min(limit, s.length);
  if ((q === '"' || q === "'") && s.startsWith(q.repeat(3), i)) {
    const close = s.indexOf(q.repeat(3), i + 3);
    return close < 0 || close + 3 > end ? end : close + 3;
  }
  for (let j = i + 1; j < end; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q) return j + 1;
    else if (q === '`' && s[j] === '$' && s[j + 1] === '{' && nesting < MAX_TEMPLATE_NESTING) j = closeOf(s, j + 1, end - j - 1, nesting + 1);
    else if (s[j] === '\n' && q !== '`') return j;
  }
  return end;
}

/**
 * Index of the bracket that closes the one at `open`, skipping strings; looked for within `maxSpan`
 * characters, and the end of that span when not found.
 */
export function closeOf(s: string, open: number, maxSpan = MAX_BRACKET_SPAN, nesting = 0): number {
  const stack: string[] = [];
  const end = Math.min(s.length, open + Math.max(1, maxSpan));
  for (let i = open; i < end; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(s, i, end, nesting) - 1;
    } else if (OPEN[c]) stack.push(OPEN[c]);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return end;
}

/** The arguments of the call whose `(` is at `open`, split at top-level commas. */
export function callArgs(s: string, open: number): string[] {
  const end = closeOf(s, open);
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < end; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') i = skipString(s, i, end) - 1;
    else if (OPEN[c]) depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start, end).trim();
  if (last) args.push(last);
  return args;
}

/** Splits `name=value` keyword arguments (Python) from positional ones. */
export function keywordArgs(args: string[]): { positional: string[]; keywords: Map<string, string> } {
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  for (const a of args) {
    const m = a.match(/^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/);
    if (m) keywords.set(m[1], m[2].trim());
    else positional.push(a);
  }
  return { positional, keywords };
}

/** A string literal's prefix, quote and body, if `expr` is one. */
export function stringLiteral(expr: string): { prefix: string; body: string; quote: string } | undefined {
  const e = expr.trim();
  const m = e.match(/^([rRbBfFuU]{0,2})("""|'''|"|'|`)([\s\S]*)\2$/);
  // `'a' + x + 'b'` starts and ends with a quote but is not one literal.
  if (!m || skipString(e, m[1].length) !== e.length) return undefined;
  return { prefix: m[1].toLowerCase(), quote: m[2], body: m[3] };
}

/** Calls of one kind read per text: facts keep at most a few hundred anyway, and each call costs a scan. */
const MAX_CALLS = 200;

/** Every match of `re` (global) with the index of the `(` that ends it; the first `MAX_CALLS`. */
export function* callsOf(text: string, re: RegExp): Generator<{ name: string; open: number; index: number }> {
  let n = 0;
  for (const m of text.matchAll(re)) {
    const open = m.index! + m[0].length - 1;
    if (text[open] === '(') yield { name: m[1] ?? m[0], open, index: m.index! };
    if (++n >= MAX_CALLS) return;
  }
}

/**
 * The text with comments replaced by spaces (offsets and line breaks stay), strings kept.
 * `c`: // and block comments (JavaScript); `powershell`: # and <# #>.
 */
export function blankComments(text: string, style: 'c' | 'powershell'): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || (c === '`' && style === 'c')) {
      i = skipString(text, i) - 1;
    } else if (style === 'c' && c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (style === 'c' && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (style === 'powershell' && c === '<' && text[i + 1] === '#') {
      const end = text.indexOf('#>', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (style === 'powershell' && c === '#') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    }
  }
  return out.join('');
}

export interface Block {
  open: number;
  close: number;
  /** What stands before the `{`: `if (x > 3)`, `else`, `catch (e)`, `function main()`. */
  head: string;
}

/** Every `{ }` block of a comment-free text, for finding the `if` an exit sits in. */
export function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = skipString(text, i) - 1;
    else if (c === '{') stack.push(i);
    else if (c === '}' && stack.length > 0) {
      const open = stack.pop()!;
      blocks.push({ open, close: i, head: headBefore(text, open) });
    }
  }
  for (const open of stack) blocks.push({ open, close: text.length, head: headBefore(text, open) });
  return blocks;
}

function headBefore(text: string, open: number): string {
  let j = open - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  if (text[j] === ')') {
    let depth = 0;
    let k = j;
    for (; k >= 0; k--) {
      if (text[k] === ')') depth++;
      else if (text[k] === '(' && --depth === 0) break;
    }
    const before = text.slice(Math.max(0, k - 20), k).match(/(\b(?:else\s+)?if|\bwhile|\bcatch|\bfor|\bforeach|\bfunction\s+[\w$]*|[\w$]+)\s*$/);
    return `${before ? before[1] : ''} ${text.slice(k, j + 1)}`.trim().replace(/\s+/g, ' ');
  }
  const word = text.slice(Math.max(0, j - 20), j + 1).match(/([\w$]+)\s*$/);
  return word ? word[1] : '';
}

/** The guard of an exit at `pos`: the innermost enclosing `if`/`else`/`catch` block's condition. */
export function guardOf(blocks: Block[], pos: number, lineText: string): { text: string; start: number } | undefined {
  const same = lineText.match(/^\s*(?:\}\s*)?(?:else\s+)?if\s*\(/);
  if (same) {
    const open = lineText.indexOf('(', same.index);
    return { text: `if ${lineText.slice(open, closeOf(lineText, open) + 1)}`, start: pos };
  }
  const inner = blocks.filter((b) => b.open < pos && pos < b.close).sort((a, b) => b.open - a.open);
  for (const b of inner) {
    if (/^(?:function\b|[\w$]+ \()/.test(b.head) && !/^(?:else if|if|while|catch|for|foreach)\b/.test(b.head)) return undefined;
    if (/^(?:else\s+)?if\b/.test(b.head)) return { text: b.head.replace(/^else\s+/, ''), start: b.open };
    if (/^else$/.test(b.head)) return { text: 'otherwise', start: b.open };
    if (/^catch\b/.test(b.head)) return { text: 'on error', start: b.open };
  }
  return undefined;
}
