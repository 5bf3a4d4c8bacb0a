import picomatch from 'picomatch';
import { isEvidenceCopy } from '../workspace/evidenceCopyFolder';
import { isReviewReport } from './reviewReport';

const matchers = new Map<string, (path: string) => boolean>();

function globMatcher(globs: string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let m = matchers.get(key);
  if (!m) {
    m = picomatch(globs, { dot: true });
    matchers.set(key, m);
  }
  return m;
}

/** A path without its `.sop.md` / `.md` ending: "sops/month-end-close.sop.md" → "sops/month-end-close". */
export function sopStem(path: string): string {
  return path.replace(/(?:\.sop)?\.(?:md|markdown|mdown|mkd)$/i, '');
}

export function isMarkdownPath(path: string): boolean {
  return /\.(?:md|markdown|mdown|mkd)$/i.test(path);
}

/** True when the front matter at the top of the text says `type: sop`. */
export function declaresSop(text: string): boolean {
  const m = text.match(/^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/);
  return !!m && /^type:[ \t]*["']?sop["']?[ \t]*(?:#.*)?$/im.test(m[1]);
}

/**
 * Which Markdown files are SOPs: `*.sop.md`, anything under a `sops`/`SOPs` folder, or front matter
 * `type: sop` (the globs and the front-matter switch come from config). `relPath` is workspace-relative.
 */
export function isSopFile(relPath: string, text: string | undefined, options: { sopFiles: string[]; frontMatterType: boolean }): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  // Copies of evidence kept at approval may include an earlier SOP: a copy is never linted as one.
  if (!isMarkdownPath(p) || isEvidenceCopy(p)) return false;
  // A review report sits beside its SOP (often under sops/) but is not one.
  if (text !== undefined && isReviewReport(text)) return false;
  if (globMatcher(options.sopFiles)(p)) return true;
  return options.frontMatterType && text !== undefined && declaresSop(text);
}
