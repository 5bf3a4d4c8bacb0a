// Helpers for UI tests that drive the real VS Code workbench (code-server 1.100.3) in Chromium as a
// person would. They take a playwright-core Page; run-ui.mjs passes them to each test in its ctx.
//
// Selectors follow VS Code 1.100's DOM (see /work/shared/vscode-test-host.md).

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the workbench is on screen. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout });
}

/**
 * Waits until the extension host is up and every extension's contributions are registered
 * (commands, menus, languages): only then do contributed menu items and commands exist.
 */
export async function waitForExtensionHost(page, timeout = 60_000) {
  await waitForWorkbench(page, timeout);
  await page.waitForFunction(() => performance.getEntriesByName('code/didHandleExtensionPoints').length > 0, null, {
    timeout,
    polling: 100,
  });
}

/** The Explorer's row for a file or folder name (as shown, e.g. 'hello.sop.md' or 'sops'). */
export function explorerRow(page, label) {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) })
    .first();
}

/** Makes the Explorer visible (Ctrl+Shift+E), e.g. after a test opened another view. */
export async function showExplorer(page) {
  if (
    !(await page
      .locator('.explorer-folders-view')
      .isVisible()
      .catch(() => false))
  ) {
    await page.keyboard.press('Control+Shift+E');
  }
  await page.locator('.explorer-folders-view').waitFor({ state: 'visible', timeout: 10_000 });
}

/** Expands the folders of a relative path in the Explorer ('sops/x.sop.md' expands 'sops'). */
export async function revealInExplorer(page, relPath) {
  await showExplorer(page);
  const parts = relPath.split('/').filter(Boolean);
  for (const dir of parts.slice(0, -1)) {
    const row = explorerRow(page, dir);
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const row = explorerRow(page, parts[parts.length - 1]);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  return row;
}

/** The quick input box (quick open / command palette) once it is showing. */
function quickInput(page) {
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would; waits for its editor tab. */
export async function openFileViaQuickOpen(page, relPath, { timeout = 20_000 } = {}) {
  const base = relPath.split('/').pop();
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+P');
      const input = quickInput(page);
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(relPath);
      // The first pick is the best match once the file search has answered.
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).first();
      await pick.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      await activeTab(page, base).waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`could not open ${relPath} via Quick Open: ${e.message}`);
      await page.keyboard.press('Escape').catch(() => {});
      await sleep(300 * attempt);
    }
  }
}

/** The active editor group's active tab whose label is `label`. */
export function activeTab(page, label) {
  return page
    .locator('.editor-group-container.active .tabs-container .tab.active')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
}

/**
 * The visible lines of the active editor, top to bottom (only what is rendered: Monaco virtualises
 * long files; read the file from disk for whole-file checks).
 */
export async function readEditorLines(page) {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout: 10_000 });
  return lines.evaluate((root) =>
    [...root.querySelectorAll('.view-line')]
      .map((n) => ({ top: parseFloat(n.style.top) || 0, text: (n.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Waits until the active editor's visible lines satisfy `predicate(lines)`; returns the lines. */
export async function waitForEditorLines(page, predicate, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let lines = [];
  while (Date.now() < deadline) {
    lines = await readEditorLines(page).catch(() => []);
    if (predicate(lines)) return lines;
    await sleep(100);
  }
  throw new Error(`editor lines did not match within ${timeout} ms; last seen:\n${lines.join('\n')}`);
}

/**
 * Runs a command by its title through the Command Palette (F1), e.g. 'SOP: Lint Current File'.
 * Exact title match (after the category prefix shown in the palette).
 */
export async function runCommand(page, title, { timeout = 15_000 } = {}) {
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}

/**
 * Right-clicks `target` (a Locator) and clicks the context menu item `title`. Retries the whole
 * gesture: the first menu right after start-up can miss items still being registered.
 */
export async function clickContextMenuItem(page, target, title, { timeout = 20_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    try {
      await target.click({ button: 'right' });
      const item = page.getByRole('menuitem', { name: title });
      await item.first().waitFor({ state: 'visible', timeout: 3000 });
      await item.first().click();
      // A click that lands while the menu is still settling only highlights the item: Enter picks it.
      await sleep(300);
      if (
        await item
          .first()
          .isVisible()
          .catch(() => false)
      )
        await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`context menu item "${title}" not found: ${e.message}`);
      await page.keyboard.press('Escape').catch(() => {});
      await sleep(300 * attempt);
    }
  }
}

/** Opens the Problems panel and returns its rows' texts. */
export async function readProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  return page.locator('.markers-panel .monaco-list-row').allTextContents();
}

/** Texts of the notification toasts currently shown. */
export async function readNotifications(page) {
  return page.locator('.notification-toast .notification-list-item-message').allTextContents();
}
