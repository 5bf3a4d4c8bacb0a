import { applyEdits, findNodeAtLocation, modify, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Where the agents find the gate hook. Claude Code reads PreToolUse hooks from `.claude/settings.json`
 * ({"hooks": {"PreToolUse": [{"matcher", "hooks": [{"type": "command", "command", "timeout"}]}]}}); Copilot CLI
 * reads `.github/hooks/*.json` ({"version": 1, "hooks": {"preToolUse": [{"type": "command", "bash",
 * "powershell", "cwd", "timeoutSec"}]}}); VS Code reads both and runs a hook found in both twice (same answer).
 */

export const CLAUDE_SETTINGS = '.claude/settings.json';
/** Seconds: the hook reads a few small files; the hosts' default is 30 to 60. */
export const HOOK_TIMEOUT_SECONDS = 10;

/** The Copilot CLI (and VS Code) hook file for the script at `scriptPath` (workspace-relative, slashes). */
export function copilotHookFile(scriptPath: string, sopPath: string): string {
  const command = `node ${scriptPath}`;
  const file = {
    version: 1,
    hooks: {
      preToolUse: [
        {
          type: 'command',
          bash: command,
          powershell: command,
          cwd: '.',
          timeoutSec: HOOK_TIMEOUT_SECONDS,
          comment: `Written by SOP Builder: the approval gates of ${sopPath}. Export again (sop hooks) after the SOP changes.`,
        },
      ],
    },
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The Claude Code PreToolUse entry that runs the script, from the project folder whatever the current folder. */
export function claudeHookEntry(scriptPath: string): { matcher: string; hooks: Array<{ type: 'command'; command: string; timeout: number }> } {
  return { matcher: '*', hooks: [{ type: 'command', command: `node "$CLAUDE_PROJECT_DIR/${scriptPath}"`, timeout: HOOK_TIMEOUT_SECONDS }] };
}

export interface MergedSettings {
  text: string;
  /** False when the settings already ran this hook exactly so. */
  changed: boolean;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * `.claude/settings.json` with the gate hook registered, every other key, comment and hook kept: an entry that
 * already runs this script is replaced, else the entry is added to `hooks.PreToolUse`. Throws with what to do
 * when the file is not valid JSON or its `hooks.PreToolUse` is not a list, rather than lose what is there.
 */
export function claudeSettingsWithHook(existing: string | undefined, scriptPath: string): MergedSettings {
  const entry = claudeHookEntry(scriptPath);
  const base = existing?.trim() ? existing : '{}\n';
  const errors: ParseError[] = [];
  const root = parseTree(base, errors, { allowTrailingComma: true });
  if (errors.length > 0 || root?.type !== 'object') {
    const at = errors[0] ? ` (${printParseErrorCode(errors[0].error)} at character ${errors[0].offset})` : '';
    throw new Error(
      `${CLAUDE_SETTINGS} is not a JSON object${at}, so the gate hook was not added to it: fix the file, or add this to its "hooks" yourself: "PreToolUse": [${JSON.stringify(entry)}]`,
    );
  }
  const list = findNodeAtLocation(root, ['hooks', 'PreToolUse']);
  const hooks = findNodeAtLocation(root, ['hooks']);
  if ((hooks && hooks.type !== 'object') || (list && list.type !== 'array'))
    throw new Error(
      `${CLAUDE_SETTINGS}: "hooks"${list ? '.PreToolUse' : ''} is not ${list ? 'a list' : 'an object'}, so the gate hook was not added: fix it, then export again.`,
    );
  const mine = (list?.children ?? []).findIndex((item) => JSON.stringify(nodeValue(base, item)).includes(scriptPath));
  if (mine >= 0 && JSON.stringify(nodeValue(base, list!.children![mine])) === JSON.stringify(entry)) return { text: base, changed: false };
  const path = mine >= 0 ? ['hooks', 'PreToolUse', mine] : list ? ['hooks', 'PreToolUse', list.children?.length ?? 0] : ['hooks', 'PreToolUse'];
  const value = mine >= 0 || list ? entry : [entry];
  const edits = modify(base, path, value, { ...FORMAT, isArrayInsertion: mine < 0 && !!list });
  const text = applyEdits(base, edits);
  return { text: text.endsWith('\n') ? text : `${text}\n`, changed: true };
}

function nodeValue(text: string, node: { offset: number; length: number }): unknown {
  try {
    return JSON.parse(text.slice(node.offset, node.offset + node.length));
  } catch {
    // A comment or trailing comma inside the entry: compare it as text.
    return text.slice(node.offset, node.offset + node.length);
  }
}
