// A person right-clicks the folder of finished work in the Explorer, picks Draft SOP, accepts the
// evidence preview and the audience, and watches the draft stream into the editor.
// Run: node test/host/run-ui.mjs draft-sop
export const fixture = 'examples';
export const timeout = 150_000;
export const settings = { 'sopBuilder.draft.provider': 'offline' };

export default async function draftSop(ctx) {
  const { page, assert, screenshot } = ctx;
  await ctx.showExplorer(page);
  const row = ctx.explorerRow(page, 'month-end-close');
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await screenshot('explorer');

  await ctx.clickContextMenuItem(page, row, 'Draft SOP');

  // The evidence preview: files found, checked, with kind and size; the .env is listed as left out.
  const list = page.locator('.quick-input-widget .quick-input-list');
  await page.locator('.quick-input-widget').filter({ hasText: 'evidence file(s) found' }).waitFor({ state: 'visible', timeout: 30_000 });
  const rows = await list.locator('.monaco-list-row').allTextContents();
  assert.ok(
    rows.some((r) => r.includes('scripts/reconcile.py') && r.includes('script')),
    rows.join('\n'),
  );
  assert.ok(
    rows.some((r) => r.includes('.env') && /sensitive/i.test(r)),
    `the .env is shown as left out; saw:\n${rows.join('\n')}`,
  );
  await screenshot('evidence-preview');
  await page.keyboard.press('Enter');

  // The audience, prefilled.
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget').filter({ hasText: 'who will follow this SOP' }).waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await input.inputValue(), 'a new operations assistant');
  await screenshot('audience');
  await page.keyboard.press('Enter');

  // The draft opens and fills in.
  await ctx.activeTab(page, 'month-end-close.sop.md').waitFor({ state: 'visible', timeout: 30_000 });
  const lines = await ctx.waitForEditorLines(
    page,
    (l) => l.some((x) => x.startsWith('# Month end close')) || l.some((x) => x.startsWith('title: Month end close')),
    { timeout: 30_000 },
  );
  assert.ok(lines.length > 5);
  let text = '';
  for (let i = 0; i < 120 && !(/## Expected output/.test(text) && !text.includes('Draft in progress')); i++) {
    await page.waitForTimeout(250);
    try {
      text = ctx.readFile('sops/month-end-close.sop.md');
    } catch {
      text = '';
    }
  }
  assert.match(text, /^---\ntitle: Month end close\ntype: sop\nstatus: draft/);
  assert.match(text, /## Steps/);
  assert.ok(!text.includes('Draft in progress'), 'finished and saved');
  await page.keyboard.press('Control+Home');
  await screenshot('streamed-draft');
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(text.split('\n').findIndex((l) => l.startsWith('## Steps')) + 1));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await screenshot('draft-steps');
}
