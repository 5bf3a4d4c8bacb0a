/** Most scans of most files find nothing: they share one empty answer instead of making a new one. */
const NONE: readonly RegExpExecArray[] = Object.freeze([]);

/**
 * The matches of a global pattern in `text`, as `text.matchAll(re)` yields them. `matchAll` copies the pattern on
 * every call, which costs more than scanning a short file does; the rules run on every evidence file, so they scan
 * with `exec` instead and leave the pattern's `lastIndex` as they found it.
 */
export function matchesOf(re: RegExp, text: string): readonly RegExpExecArray[] {
  if (!re.global) throw new TypeError(`matchesOf needs a global pattern, not ${re.source}`);
  const start = re.lastIndex;
  let found: RegExpExecArray[] | undefined;
  try {
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      (found ??= []).push(m);
      // An empty match moves on by one character (one code point in unicode mode), as matchAll does.
      if (m[0] === '') re.lastIndex = nextIndex(text, re.lastIndex, /[uv]/.test(re.flags));
    }
  } finally {
    re.lastIndex = start;
  }
  return found ?? NONE;
}

function nextIndex(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const code = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? at + 2 : at + 1;
}
