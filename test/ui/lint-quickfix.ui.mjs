// A person opens an SOP, sees the squiggle and the Problems entry for an incomplete escalation
// section, and fixes it from the light bulb. Run: node test/host/run-ui.mjs lint-quickfix
export const fixture = 'test/fixtures/workspaces/acme-ops';
export const timeout = 150_000;

const ESCALATION_PROBLEM = 'Escalation does not say what evidence to include, when to stop rather than guess';

export default async function lintQuickFix(ctx) {
  const { page, assert, screenshot } = ctx;

  await ctx.openFileViaQuickOpen(page, 'sops/customer-refunds.sop.md');
  await ctx.waitForEditorLines(page, (l) => l[0] === '---');

  // Go to the escalation heading so it is on screen, with the cursor on it.
  await page.keyboard.press('Control+G');
  await page.keyboard.type('38');
  await page.keyboard.press('Enter');
  const lines = await ctx.waitForEditorLines(page, (l) => l.includes('## Escalation'));
  assert.ok(lines.includes('Escalate to Priya Nair.'), lines.join('\n'));

  // The squiggle under the heading: a warning decoration in the editor.
  const squiggle = page.locator('.editor-group-container.active .squiggly-warning');
  await squiggle.first().waitFor({ state: 'visible', timeout: 20_000 });
  await screenshot('squiggle');

  // The Problems panel lists the finding.
  let problems = [];
  // Path findings join once the workspace's file list is in: wait for them too.
  const complete = (list) => list.some((p) => p.includes('"scripts/refund.py" does not exist'));
  for (let i = 0; i < 80 && !complete(problems); i++) {
    problems = await ctx.readProblems(page);
    if (!complete(problems)) await page.waitForTimeout(250);
  }
  assert.ok(
    problems.some((p) => p.includes('does not say who approves')),
    'Problems shows the unnamed gates',
  );
  // The list only renders rows on screen: filter it down to the escalation finding, as a person would.
  const filter = page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await filter.fill('Escalation does not say');
  for (let i = 0; i < 40 && !problems.some((p) => p.includes(ESCALATION_PROBLEM)); i++) {
    await page.waitForTimeout(250);
    problems = await ctx.readProblems(page);
  }
  assert.ok(
    problems.some((p) => p.includes(ESCALATION_PROBLEM)),
    `Problems shows the escalation finding; saw:\n${problems.join('\n')}`,
  );
  await screenshot('problems');

  // Click into the heading, as a person would; the light bulb appears and offers the fix.
  await page.keyboard.press('Escape');
  const heading = page.locator('.editor-group-container.active .view-line').filter({ hasText: '## Escalation' }).first();
  await heading.click({ position: { x: 30, y: 5 } });
  const bulb = page.locator('.editor-group-container.active .lightBulbWidget, .editor-group-container.active [class*="gutter-lightbulb"]').first();
  await bulb.waitFor({ state: 'visible', timeout: 20_000 });
  await screenshot('light-bulb');
  await bulb.click();
  const item = page.locator('.action-widget .monaco-list-row, .action-widget [role="option"]').filter({ hasText: 'Add the missing escalation rules' }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  // The menu's pointer guard swallows synthetic clicks; a person can also pick with the arrow keys and Enter.
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 6 && (await focused.getAttribute('aria-label')) !== 'Add the missing escalation rules'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await focused.getAttribute('aria-label'), 'Add the missing escalation rules');
  await screenshot('quick-fix-menu');
  await page.keyboard.press('Enter');

  // The template is in the editor, and the finding is gone from Problems.
  const after = await ctx.waitForEditorLines(page, (l) => l.some((x) => x.startsWith('- **Include:**')));
  const at = after.indexOf('Escalate to Priya Nair.');
  assert.ok(at >= 0 && after.slice(at).some((x) => x.startsWith('- **Stop if:**')), after.join('\n'));
  for (let i = 0; i < 40 && problems.some((p) => p.includes(ESCALATION_PROBLEM)); i++) {
    await page.waitForTimeout(250);
    problems = await ctx.readProblems(page);
  }
  assert.ok(!problems.some((p) => p.includes(ESCALATION_PROBLEM)), 'the escalation finding is gone');
  await screenshot('fixed');
}
