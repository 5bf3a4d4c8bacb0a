// A person runs an approved SOP from the editor: starts the run, gives the month, checks steps off in the run
// view, is held at the approval gate until Priya's approval is recorded, finishes, and looks at the runs page.
// Run: node test/host/run-ui.mjs run-sop
export const fixture = 'test/fixtures/workspaces/runs';
export const timeout = 180_000;

export default async function runSop(ctx) {
  const { page, assert, screenshot } = ctx;
  await ctx.openFileViaQuickOpen(page, 'sops/monthly-sales-report.sop.md');
  await ctx.waitForEditorLines(page, (l) => l[0] === '---');

  // SOP: Start Run asks for the month (the month just ended is offered), then who is running it.
  await ctx.runCommand(page, 'SOP: Start Run');
  const quickInput = page.locator('.quick-input-widget');
  const input = quickInput.locator('input.input');
  await quickInput.filter({ hasText: 'the month this run is for' }).waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await input.inputValue(), /^\d{4}-\d{2}$/);
  await input.fill('2026-11');
  await page.keyboard.press('Enter');
  await quickInput.filter({ hasText: 'who is doing this run' }).waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('Sam Lee');
  await page.keyboard.press('Enter');

  // The run view is a webview: its page sits two frames down.
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const step = (n) => view.locator(`li.step[data-step="${n}"]`);
  await step(1).waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await view.locator('.meta').innerText(), /month 2026-11 · SOP approved on 2026-08-03/);
  assert.match(await step(2).locator('.code code').first().innerText(), /clean_sales\.py --month 2026-11/);
  await screenshot('run-started');

  for (const n of [1, 2, 3, 4]) {
    await step(n).locator('button.check').click();
    await step(n).locator('.status-done').waitFor({ state: 'visible', timeout: 10_000 });
  }
  // Step 5 waits for Priya's approval at step 4: its box cannot be ticked.
  assert.equal(await step(5).locator('button.check').isDisabled(), true);
  assert.match(await step(5).locator('.status-blocked').innerText(), /Waits for the approval gate at step 4/);
  await screenshot('held-at-gate');

  await step(4).getByRole('button', { name: 'Record approval…' }).click();
  let form = step(4).locator('.form-approve');
  assert.equal(await form.locator('input').inputValue(), 'Priya Nair (Finance manager)', 'the approver the SOP names is offered');
  await form.locator('textarea').fill('summary.csv for November');

  // Closing the run view loses nothing: SOP: Resume Run reopens it with the text typed so far.
  await page.waitForTimeout(800);
  await page.locator('.tabs-container .tab').filter({ hasText: 'Run: Monthly sales report' }).locator('.codicon-close').click();
  await step(1).waitFor({ state: 'detached', timeout: 10_000 });
  await ctx.runCommand(page, 'SOP: Resume Run');
  await step(4).waitFor({ state: 'visible', timeout: 30_000 });
  form = step(4).locator('.form-approve');
  assert.equal(await form.locator('textarea').inputValue(), 'summary.csv for November', 'the typed text is back');
  assert.equal(await step(3).locator('.status-done').count(), 1, 'the steps checked off are still checked off');
  await form.locator('textarea').fill('summary.csv for November against the Shopify dashboard');
  await form.getByRole('button', { name: 'Record approval' }).click();
  await step(4).locator('.gate-approved').waitFor({ state: 'visible', timeout: 10_000 });
  await step(5).locator('button.check:not([disabled])').waitFor({ state: 'visible', timeout: 10_000 });

  // Step 5 done differently, with what and why.
  await step(5).getByRole('button', { name: 'Done differently…' }).click();
  const different = step(5).locator('.form-different');
  await different.locator('textarea').nth(0).fill('Sent from the shared finance inbox');
  await different.locator('textarea').nth(1).fill('The template names last year’s contacts');
  await different.getByRole('button', { name: 'Record as done differently' }).click();
  await step(5).locator('.status-different').waitFor({ state: 'visible', timeout: 10_000 });
  await screenshot('steps-recorded');

  await view.getByRole('button', { name: 'Finish run' }).click();
  await view.locator('footer.result-completed').waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await view.locator('footer.result-completed').innerText(), /step 5 different/);
  await screenshot('run-finished');

  // The log holds what was done, by whom, in order.
  const dir = 'sops/runs/monthly-sales-report';
  const logs = ctx
    .listFiles(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => ctx.readFile(`${dir}/${f}`))
    .filter((t) => t.includes('"month":"2026-11"'));
  assert.equal(logs.length, 1);
  const types = logs[0]
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).type);
  assert.deepEqual(types, ['run-started', 'step-done', 'step-done', 'step-done', 'step-done', 'gate-approved', 'step-different', 'run-finished']);

  // The runs page: a bar per step across the four runs since approval.
  await view.getByRole('button', { name: 'Show all runs' }).click();
  const runs = page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
  await runs.locator('.chart').waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await runs.locator('.counts').innerText(), /^4 runs: 4 of this text/);
  assert.match(await runs.locator('.row').nth(4).getAttribute('aria-label'), /Step 5: 1 done, 3 different, 0 skipped, 0 failed of 4/);
  await page.waitForTimeout(500);
  await screenshot('runs-summary');
}
