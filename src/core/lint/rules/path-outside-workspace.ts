import { checkPath, isAbsolutePath, isSiteRootLink } from '../../workspace/checkPath';
import type { Rule } from '../types';
import type { PathMention } from '../../sop/model';
import { pathFilter, workdirsOf } from './missing-path';

export const pathOutsideWorkspace: Rule = {
  id: 'path-outside-workspace',
  aliases: ['SOP005', 'absolute-path'],
  description: 'Paths are relative and stay inside the workspace, so the SOP works on everyone’s machine; SOP Builder never reads outside it.',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Paths are relative and stay inside the workspace',
    fixable: false,
    failing: {
      caption: 'three findings: a home-folder path in inline code, a link that climbs two folders out of the workspace, and a Windows path in prose',
      sop: `## Inputs needed

- Last month's bank statement, from \`/Users/sam/Documents/bank/2026-09.pdf\`.
- The refund policy: [refund-policy.pdf](../../finance-shared/refund-policy.pdf).
- The VAT workbook, C:\\Finance\\vat-2026.xlsx.
`,
    },
    passing: {
      sop: `## Inputs needed

- Last month's bank statement, saved in the workspace as \`exports/2026-09/bank-statement.pdf\`.
- The refund policy, which lives on the Finance shared drive under "Policies" (ask Priya Nair for access).
- The VAT workbook, which the Finance controller keeps; ask for the current version by email.
`,
    },
  },
  check(ctx) {
    const { doc, workspace, filePath } = ctx;
    const keep = pathFilter(ctx);
    let made: string[] | undefined;
    // One finding per path and line: "mkdir -p /tmp/x && cd /tmp/x" says one thing twice.
    const seen = new Set<string>();
    const once = (m: PathMention) => {
      const key = `${m.range.start.line}\u0000${m.value}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    return doc.paths.filter(keep).flatMap((m) => {
      // A link to the root of the site the SOP is published on: missing-path checks it against siteRoot.
      if (isSiteRootLink(m.value, m.source)) return [];
      const absolute = isAbsolutePath(m.value);
      const status = absolute
        ? 'absolute'
        : workspace && workspace.roots.length > 0
          ? checkPath(m.value, filePath, workspace, workdirsOf(ctx)).status
          : 'unknown';
      if (status === 'absolute') {
        // "~/.gitconfig", "$HOME/.aws/config": a tool's settings in each user's home, there on everyone's machine.
        if (HOME_SETTINGS.test(m.value)) return [];
        // "svn checkout … ~/svn/acme", "mkdir -p /tmp/acme": a folder the SOP's own commands make is there on every
        // machine that follows it. Worked out once per lint, and only when there is an absolute path.
        made ??= foldersTheCommandsMake(doc.text);
        const value = homeAsTilde(m.value);
        if (made.some((f) => value === f || value.startsWith(`${f}/`)) || !once(m)) return [];
        // "/etc/shadow", "/var/lib/app": the system's own places, the same on every server, not someone's copy.
        const message = SYSTEM_PATH.test(m.value)
          ? `"${m.value}" is a system path outside the workspace, so SOP Builder cannot check it. Say which machine it is on (the server, the laptop), so someone following the SOP looks in the right place.`
          : `"${m.value}" is an absolute path: it only works on one machine, and SOP Builder does not read it. Use a path relative to the workspace, or, if it is on a server or in a container, say which one.`;
        return [{ range: m.range, message }];
      }
      if (status === 'outside' && once(m)) {
        return [
          {
            range: m.range,
            message: `"${m.value}" points outside the workspace, so SOP Builder does not read it. Move the file into the workspace, or say in words where it lives.`,
          },
        ];
      }
      return [];
    });
  },
};

// `mkdir -p DIR`, `git clone URL DIR`, `svn checkout URL DIR`: commands that make the folder they name. Bounded
// words, read line by line, so a long line costs one pass.
const MAKES_FOLDER =
  /\bmkdir[ \t]+(?:-[pv]+[ \t]+)*([^\s;&|`'"]{1,300})|\b(?:git[ \t]+clone|svn[ \t]+(?:checkout|co))[ \t]+(?:-{1,2}[\w-]{1,40}(?:[ \t]+\d{1,6})?[ \t]+)*[^\s;&|`'"]{1,500}[ \t]+([^\s;&|`'"-][^\s;&|`'"]{0,300})/g;

/** `$HOME/x` and `${HOME}/x` written as `~/x`, so the two spellings of one folder compare equal. */
function homeAsTilde(path: string): string {
  return path.replace(/^\$\{?HOME\}?(?=\/|$)/, '~');
}

/** The absolute folders the SOP's commands make, without a trailing slash. */
function foldersTheCommandsMake(text: string): string[] {
  if (!/\bmkdir\b|\bclone\b|\bcheckout\b|\bco\b/.test(text)) return [];
  const folders: string[] = [];
  for (const m of text.matchAll(MAKES_FOLDER)) {
    const folder = homeAsTilde((m[1] ?? m[2] ?? '').replace(/\/+$/, ''));
    if (folder && isAbsolutePath(folder) && folders.length < 200) folders.push(folder);
  }
  return folders;
}

/** A dotfile or dot-folder right in the home folder (and what is under it): each user's own tool settings. */
const HOME_SETTINGS = /^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)[\\/]\.[\w.-]+(?:[\\/]|$)/;

/** Top-level folders of the operating system, the same on every machine of a kind. */
const SYSTEM_PATH = /^\/(?:etc|var|usr|bin|sbin|opt|srv|proc|sys|dev|lib|lib64|boot|run|tmp|private\/(?:etc|var|tmp))(?:\/|$)/;
