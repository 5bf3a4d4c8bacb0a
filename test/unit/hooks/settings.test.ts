import { strict as assert } from 'node:assert';
import { claudeSettingsWithHook } from '../../../src/core/hooks/settings';

const SCRIPT = '.agents/hooks/sop-customer-refunds-gates.mjs';

describe('registering the gate hook in .claude/settings.json', () => {
  it('creates the settings when there are none', () => {
    const { text, changed } = claudeSettingsWithHook(undefined, SCRIPT);
    assert.ok(changed);
    assert.equal(JSON.parse(text).hooks.PreToolUse[0].hooks[0].command, `node "$CLAUDE_PROJECT_DIR/${SCRIPT}"`);
  });

  it("keeps the team's own hooks, keys and comments, and adds its entry once", () => {
    const existing = [
      '{',
      '  // Team settings: keep the formatter hook.',
      '  "permissions": { "deny": ["Read(./.env)"] },',
      '  "hooks": {',
      '    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/audit.sh" }] }],',
      '    "PostToolUse": [{ "matcher": "Edit", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }]',
      '  }',
      '}',
      '',
    ].join('\n');
    const first = claudeSettingsWithHook(existing, SCRIPT);
    assert.ok(first.changed);
    assert.ok(first.text.includes('// Team settings: keep the formatter hook.'));
    const parsed = JSON.parse(first.text.replace(/^\s*\/\/.*$/m, ''));
    assert.deepEqual(parsed.permissions, { deny: ['Read(./.env)'] });
    assert.equal(parsed.hooks.PostToolUse.length, 1);
    assert.deepEqual(
      parsed.hooks.PreToolUse.map((e: { hooks: Array<{ command: string }> }) => e.hooks[0].command),
      ['./scripts/audit.sh', `node "$CLAUDE_PROJECT_DIR/${SCRIPT}"`],
    );
    const again = claudeSettingsWithHook(first.text, SCRIPT);
    assert.equal(again.changed, false);
    assert.equal(again.text, first.text);
  });

  it('replaces an older entry of the same hook instead of adding a second', () => {
    const old = JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `node ${SCRIPT}`, timeout: 60 }] }] } });
    const merged = JSON.parse(claudeSettingsWithHook(old, SCRIPT).text);
    assert.equal(merged.hooks.PreToolUse.length, 1);
    assert.equal(merged.hooks.PreToolUse[0].matcher, '*');
    assert.equal(merged.hooks.PreToolUse[0].hooks[0].timeout, 10);
  });

  it('never overwrites settings it cannot read, and says what to add by hand', () => {
    assert.throws(
      () => claudeSettingsWithHook('{ "model": "opus", ', SCRIPT),
      /is not a JSON object .*fix the file, or add this to its "hooks" yourself: "PreToolUse": \[\{"matcher":"\*"/,
    );
    assert.throws(() => claudeSettingsWithHook('{ "hooks": { "PreToolUse": "node x.mjs" } }', SCRIPT), /"hooks"\.PreToolUse is not a list/);
    assert.throws(() => claudeSettingsWithHook('[]', SCRIPT), /is not a JSON object/);
  });
});
