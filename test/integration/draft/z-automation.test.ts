import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { closeAll, file, settings } from '../util';

interface Outcome {
  name: string;
  files: string[];
  warnings: string[];
  skillExported: boolean;
  cron: string | null;
}

const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(rel)));

describe('SOP: Export as Automation in the editor', function () {
  this.timeout(90_000);
  before(() => settings({ 'draft.provider': 'offline', 'draft.skipPreview': true }));
  after(async () => {
    await closeAll();
    await settings({ 'draft.provider': undefined, 'draft.skipPreview': undefined });
  });

  it('writes the schedule, the run prompt and a workflow that lints and stops at the first human gate', async () => {
    const sop = (await vscode.commands.executeCommand<{ uri: vscode.Uri }>('sopBuilder.draftSop', file('month-end-close'), [file('month-end-close')])).uri;
    assert.equal(await vscode.commands.executeCommand<boolean>('sopBuilder.approve', sop, { approver: 'Priya Nair (Finance manager)', override: true }), true);
    // Start without an exported skill (an earlier test may have exported one).
    await vscode.workspace.fs.delete(file('.agents/skills'), { recursive: true }).then(undefined, () => undefined);
    const out = await vscode.commands.executeCommand<Outcome>('sopBuilder.exportAutomation', sop, { cron: '0 7 1-3 * *', quiet: true, reexportSkill: false });
    assert.ok(out, 'the export ran without asking (approved SOP, cron given)');
    assert.equal(out.skillExported, true, 'the skill did not exist yet, so it was exported too');
    assert.deepEqual(
      out.files.sort(),
      [`.agents/automations/${out.name}/automation.json`, `.agents/automations/${out.name}/prompt.md`, `.github/workflows/sop-${out.name}.yml`].sort(),
    );

    const automation = JSON.parse(await read(`.agents/automations/${out.name}/automation.json`));
    assert.equal(automation.schedule.cron, '0 7 1-3 * *');
    assert.equal(automation.skill, `.agents/skills/${out.name}`);
    assert.ok(automation.unattended.length > 0, 'some mechanical steps run unattended');
    assert.ok(automation.stopsAt, 'and the run stops somewhere');
    assert.match(automation.stopsAt.ask, /\S/);
    assert.ok(
      automation.neverUnattended.some((r: { who: string }) => /Priya Nair/.test(r.who)),
      'the sign-off stays with Priya Nair',
    );
    await vscode.workspace.fs.stat(file(`.agents/skills/${out.name}/SKILL.md`));

    const workflow = parseYaml(await read(`.github/workflows/sop-${out.name}.yml`));
    assert.deepEqual(Object.keys(workflow.on).sort(), ['schedule', 'workflow_dispatch']);
    assert.equal(workflow.on.schedule[0].cron.split(' ').length, 5);
    assert.equal(workflow.permissions.contents, 'read');
    const steps = Object.values(workflow.jobs).flatMap((j) => (j as { steps: Array<{ run?: string }> }).steps);
    assert.ok(
      steps.some((s) => /sop lint/.test(s.run ?? '')),
      'the workflow lints the SOP',
    );
    const prompt = await read(`.agents/automations/${out.name}/prompt.md`);
    assert.match(prompt, new RegExp(`\\.agents/skills/${out.name}/SKILL\\.md`));
    assert.match(prompt, /stop/i);

    // A second export replaces nothing unless asked; with replace it rewrites and keeps the skill.
    const again = await vscode.commands.executeCommand<Outcome>('sopBuilder.exportAutomation', sop, {
      cron: null,
      quiet: true,
      replace: true,
      reexportSkill: false,
    });
    assert.equal(again.skillExported, false);
    const manual = JSON.parse(await read(`.agents/automations/${out.name}/automation.json`));
    assert.equal(manual.schedule, null);
    assert.ok(!('schedule' in parseYaml(await read(`.github/workflows/sop-${out.name}.yml`)).on), 'by hand only: no schedule trigger');
  });
});
