import { declaredWorkdir } from '../../sop/frontMatter';
import picomatch from 'picomatch';
import { checkPath, isAbsolutePath, suggestPaths } from '../../workspace/checkPath';
import { relativeTo, resolve } from '../../workspace/paths';
import { MAX_TEMPLATE_PARTS, hasTemplatePart } from '../../workspace/pathTemplate';
import type { Fix, Rule, RuleContext } from '../types';
import type { PathMention } from '../../sop/model';
import { lineBefore, madeByTheProcedure } from './madePaths';

/** Code hosts whose `host/owner/…` links tell which `owner/name` words of a document are repositories. */
const CODE_HOST_OWNER = /\b(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/([\w.-]{1,100})/gi;
const WORD_PAIR = /^[\w.-]+\/[\w.-]+$/;

/** Owners the document links to on a code host, lower-cased: `rust-lang` for github.com/rust-lang/rust. */
function codeHostOwners(text: string): Set<string> {
  const owners = new Set<string>();
  CODE_HOST_OWNER.lastIndex = 0;
  for (let m = CODE_HOST_OWNER.exec(text); m; m = CODE_HOST_OWNER.exec(text)) owners.add(m[1].toLowerCase());
  return owners;
}

/**
 * The mention's line and the one before it, at most 400 characters either side: enough to see "repository" or
 * "label" said of it. Searched within that window only, so a document that is one long line costs no scan per mention.
 */
function nearbyText(text: string, at: number): string {
  const from = Math.max(0, at - 400);
  const window = text.slice(from, Math.min(text.length, at + 400));
  const here = at - from;
  const lineStart = window.lastIndexOf('\n', here - 1);
  const before = lineStart < 0 ? 0 : Math.max(0, window.lastIndexOf('\n', lineStart - 1));
  const lineEnd = window.indexOf('\n', here);
  return window.slice(before, lineEnd < 0 ? window.length : lineEnd);
}

/**
 * Two bare words joined by a slash that are not a folder and a file: an `owner/repo` slug of a repository the
 * document links to or calls a repository (`rust-lang/rust`), or a label (`do-not-merge/hold`).
 */
function slugOrLabel(doc: RuleContext['doc']): (m: PathMention) => boolean {
  let owners: Set<string> | undefined;
  return (m) => {
    if (m.source !== 'code' && m.source !== 'prose') return false;
    if (!WORD_PAIR.test(m.value) || /\.[a-z]\w*$/i.test(m.value) || m.value.startsWith('.')) return false;
    owners ??= codeHostOwners(doc.text);
    if (owners.has(m.value.split('/')[0].toLowerCase())) return true;
    return /\b(?:repo|repos|repository|repositories|labels?)\b/i.test(nearbyText(doc.text, m.start));
  };
}

/** Mentions the path rules check: not slugs or labels, and not the ones the team said to leave alone. */
export function pathFilter(ctx: RuleContext): (m: PathMention) => boolean {
  const isSlugOrLabel = slugOrLabel(ctx.doc);
  const keep = ignoredPathFilter(ctx);
  return (m) => !isSlugOrLabel(m) && keep(m);
}

/** Mentions the team said to leave alone (outputs that exist only after the work runs, say). */
function ignoredPathFilter(ctx: RuleContext): (m: PathMention) => boolean {
  if (ctx.config.ignorePaths.length === 0) return () => true;
  const isIgnored = picomatch(ctx.config.ignorePaths, { dot: true });
  const root = ctx.workspace?.rootOf(ctx.filePath);
  const sopDir = ctx.filePath.replace(/\/[^/]*$/, '');
  return (m) => {
    const written = m.value.replace(/\\/g, '/').replace(/^\.\//, '');
    if (isIgnored(written)) return false;
    // Also as seen from the workspace root: "../reports/x.csv" written in sops/ is reports/x.csv.
    if (root && !isAbsolutePath(written)) {
      const fromSop = relativeTo(root, resolve(sopDir, written));
      if (!fromSop.startsWith('..') && isIgnored(fromSop)) return false;
    }
    return true;
  };
}

/**
 * The work folder an SOP declares in front matter (`workdir: examples/month-end-close`), absolute, when it
 * stays inside the workspace: commands in the steps run there, so their paths are checked there too.
 */
export function workdirsOf(ctx: RuleContext): string[] {
  const value = declaredWorkdir(ctx.doc.frontMatter.data);
  const root = ctx.workspace?.rootOf(ctx.filePath) ?? ctx.workspace?.roots[0];
  if (!value || !root) return [];
  const abs = resolve(root, value);
  return abs === root || abs.startsWith(root + '/') ? [abs] : [];
}

// "For example, `79.json`", "in the form of `feature/<name>`": a name shown as an example, not a file to find.
const EXAMPLE_BEFORE = /\b(?:for example|for instance|e\.g\.|in the form of|in the format(?: of)?|formatted as|named like)[,:]?\s{0,3}[`"'(]?$/i;
// "in an editable format such as .docx": a kind of file, not a file.
const FILE_TYPE = /^\.(?:docx?|xlsx?|pptx?|odt|ods|odp|pdf|csv|tsv|txt|md|json|ya?ml|xml|html?|png|jpe?g|gif|svg|zip|rtf)$/i;

function isExampleOrFileType(text: string, m: PathMention): boolean {
  if (FILE_TYPE.test(m.value)) return true;
  return EXAMPLE_BEFORE.test(lineBefore(text, m.start, 60));
}

export const missingPath: Rule = {
  id: 'missing-path',
  aliases: ['SOP004', 'broken-path'],
  description: 'Every file or folder the SOP mentions exists, relative to the SOP or to a workspace folder.',
  defaultSeverity: 'error',
  docs: {
    summary: 'Every file or folder the SOP mentions exists',
    fixable: true,
    failing: {
      caption:
        'three findings: the link points at `template/` instead of `templates/`, the script is `clean_sales.py` with an underscore, and the summary is a `.csv`; the quick fixes offer exactly those corrections',
      sop: `## Inputs needed

- The Shopify orders export, saved as \`exports/2026-10/shopify-orders.csv\`.
- The email template [board-pack-email.md](../template/board-pack-email.md).

## Steps

1. Run \`python3 scripts/clean-sales.py --month 2026-10\`.
2. Build the summary:

   \`\`\`bash
   bash scripts/build_report.sh 2026-10
   \`\`\`

3. Check the totals in reports/2026-10/summary.xlsx against the Shopify dashboard.
`,
    },
    passing: {
      caption: '`YYYY-MM` matches the `2026-10` folder',
      sop: `## Inputs needed

- The Shopify orders export for the month, saved as \`exports/YYYY-MM/shopify-orders.csv\`.
- The email template [board-pack-email.md](../templates/board-pack-email.md).

## Steps

1. Run \`python3 scripts/clean_sales.py --month 2026-10\`.
2. Build the summary:

   \`\`\`bash
   bash scripts/build_report.sh 2026-10
   \`\`\`

3. Check the totals in reports/2026-10/summary.csv against the Shopify dashboard.
`,
    },
  },
  check(ctx) {
    const { doc, workspace, filePath } = ctx;
    if (!workspace || workspace.roots.length === 0) return [];
    const keep = pathFilter(ctx);
    const root = workspace.rootOf(filePath) ?? workspace.roots[0];
    const sopDir = filePath.replace(/\/[^/]*$/, '');
    const made = madeByTheProcedure(doc, doc.paths);
    return doc.paths.filter(keep).flatMap((m) => {
      if (isExampleOrFileType(doc.text, m)) return [];
      const status = checkPath(m.value, filePath, workspace, workdirsOf(ctx));
      // A file the steps make is not there before the work runs.
      if (status.status === 'missing' && made(m)) return [];
      if (status.status === 'unchecked') {
        return [
          {
            range: m.range,
            message: `"${m.value}" was not checked: it has ${status.parts} wildcard or template parts, and SOP lint matches paths with at most ${MAX_TEMPLATE_PARTS}. Write the path with fewer parts, or add it to "ignorePaths" in .sop-lint.jsonc.`,
          },
        ];
      }
      if (status.status !== 'missing') return [];
      const where = root
        ? ` (looked in ${relativeTo(root, sopDir) === '.' ? 'the workspace root' : `${relativeTo(root, sopDir)}/ and the workspace root`})`
        : '';
      return [
        {
          range: m.range,
          message: `"${m.value}" does not exist${where}. Fix the path, or add the file to the workspace.`,
          // A path with template parts names no one file to look for.
          ...(hasTemplatePart(m.value) ? {} : { lookedFor: status.candidates }),
          fixes: (): Fix[] =>
            suggestPaths(m.value, filePath, workspace, m.source === 'link' || m.source === 'image').map((p, i) => ({
              title: `Change to "${p}"`,
              edits: [{ range: m.range, newText: p }],
              preferred: i === 0,
            })),
        },
      ];
    });
  },
};
