// UI smoke test: the workbench comes up with SOP Builder loaded, and a person can open an SOP
// through Quick Open and see it. Run: node test/host/run-ui.mjs smoke
export const fixture = 'test/fixtures/workspaces/smoke';

export default async function smoke(ctx) {
  const { page, assert, screenshot } = ctx;

  // The Explorer shows the fixture copy.
  await ctx.revealInExplorer(page, 'sops/hello.sop.md');
  assert.ok(await ctx.explorerRow(page, 'sops').isVisible(), 'the Explorer shows the sops folder');
  await screenshot('workbench');

  await ctx.openFileViaQuickOpen(page, 'sops/hello.sop.md');
  const lines = await ctx.waitForEditorLines(page, (l) => l.length > 0 && l[0].startsWith('# '));
  assert.equal(lines[0], '# Hello SOP', 'the editor shows the SOP title on its first line');
  assert.equal(lines[0], ctx.readFile('sops/hello.sop.md').split('\n')[0]);
  assert.ok(lines.includes('## Steps'), `the editor shows the Steps heading; saw:\n${lines.join('\n')}`);

  // Markdown mode: the status bar names the language.
  const mode = page.locator('.statusbar-item#status\\.editor\\.mode');
  await mode.waitFor({ state: 'visible' });
  assert.match((await mode.textContent()) ?? '', /Markdown/);
  await screenshot('sop-open');
}
