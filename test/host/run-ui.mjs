// Runs the UI tests: each test/ui/<name>.ui.mjs drives a real VS Code workbench (code-server 4.100.3
// = VS Code 1.100.3) in Debian's Chromium, with this extension loaded from the repository
// (extensionDevelopmentPath; build it first with `node esbuild.config.mjs`).
//
//   node test/host/run-ui.mjs [name ...]      e.g. `node test/host/run-ui.mjs smoke`
//
// A UI test module:
//   export const fixture = 'test/fixtures/workspaces/smoke'; // optional: workspace to copy and open
//                                                          // (relative to the repo; default: smoke)
//   export const timeout = 120_000;                        // optional, ms (default SOP_UI_TIMEOUT_MS or 120000)
//   export const env = { ... };                            // optional: extra env for code-server/extension host
//   export const settings = { ... };                       // optional: extra user settings
//   export default async function (ctx) { ... }            // throw (e.g. assert) to fail
// ctx = {
//   page, context,            playwright-core Page / BrowserContext, already on the workbench with the
//                             extension host up (code/didHandleExtensionPoints)
//   server,                   from startCodeServer(): {port, url(), remoteUri(), logTail(), ...}
//   workspaceDir,             the temp copy of the fixture that is open (change files freely)
//   repoRoot, name, assert,   node:assert/strict
//   screenshot(name),         saves test-results/ui/<test>/NN-<name>.png, returns its path
//   readFile(relPath),        a workspace file's text, from disk
//   listFiles(relPath),       the names in a workspace folder
//   log(...args),             prints with the test's name
//   ...every export of test/host/ui-helpers.mjs: waitForExtensionHost(page), openFileViaQuickOpen(page, rel),
//   explorerRow(page, label), readEditorLines(page), waitForEditorLines(page, pred), runCommand(page, title),
//   clickContextMenuItem(page, target, title), revealInExplorer(page, rel), readProblems(page), ...
// }
// Ends with the line `N passed, N failed` and exits 1 if a test failed. A failing test also gets a
// `NN-failure.png` screenshot.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCodeServer, launchBrowser, repoRoot, startCodeServer } from './code-server.mjs';
import { prepareWorkspace } from './suites.mjs';
import * as helpers from './ui-helpers.mjs';

const uiDir = path.join(repoRoot, 'test', 'ui');
const resultsDir = path.join(repoRoot, 'test-results', 'ui');
const DEFAULT_FIXTURE = 'test/fixtures/workspaces/smoke';
const DEFAULT_TIMEOUT = Number(process.env.SOP_UI_TIMEOUT_MS) || 120_000;
const verbose = !!process.env.SOP_TEST_VERBOSE;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function runTest(file) {
  const name = path.basename(file).replace(/\.ui\.mjs$/, '');
  const t0 = Date.now();
  console.log(`\n=== ui test: ${name}`);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
    if (typeof mod.default !== 'function') throw new Error(`${path.relative(repoRoot, file)} has no default export function`);
  } catch (e) {
    console.error(`  ✖ ${name}: ${e.stack || e}`);
    return false;
  }
  const timeout = Number(mod.timeout) || DEFAULT_TIMEOUT;
  const fixture = path.resolve(repoRoot, mod.fixture ?? DEFAULT_FIXTURE);
  const shotDir = path.join(resultsDir, name);
  fs.rmSync(shotDir, { recursive: true, force: true });
  fs.mkdirSync(shotDir, { recursive: true });
  let shotNo = 0;

  const ws = prepareWorkspace(fixture, `ui-${name}`);
  let server;
  let browser;
  let page;
  const screenshot = async (label) => {
    const file = path.join(shotDir, `${String(++shotNo).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path: file });
    return file;
  };
  try {
    server = await startCodeServer({ workspace: ws.dir, env: { SOP_TEST_WORKSPACE: ws.dir, ...(mod.env ?? {}) }, settings: mod.settings ?? {} });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(30_000);
    if (verbose) page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));

    const ctx = {
      ...helpers,
      page,
      context: browser.context,
      server,
      workspaceDir: ws.dir,
      repoRoot,
      name,
      assert,
      screenshot,
      readFile: (rel) => fs.readFileSync(path.join(ws.dir, rel), 'utf8'),
      listFiles: (rel) => fs.readdirSync(path.join(ws.dir, rel)),
      log: (...args) => console.log(`  [${name}]`, ...args),
    };
    await withTimeout(
      (async () => {
        const payload = [
          ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
          ['skipWelcome', 'true'],
        ];
        await page.goto(server.url(ws.dir, payload), { waitUntil: 'domcontentloaded' });
        await helpers.waitForExtensionHost(page);
        await mod.default(ctx);
      })(),
      timeout,
      `ui test ${name}`,
    );
    console.log(`  ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s, screenshots in ${path.relative(repoRoot, shotDir)})`);
    return true;
  } catch (e) {
    console.error(`  ✖ ${name}: ${e.stack || e}`);
    if (page) {
      const shot = await screenshot('failure').catch(() => null);
      if (shot) console.error(`    screenshot: ${path.relative(repoRoot, shot)}`);
    }
    if (server && verbose) console.error(`--- code-server log (tail) ---\n${server.logTail(30)}`);
    return false;
  } finally {
    await browser?.close();
    await server?.stop();
    ws.remove();
  }
}

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const files = fs.existsSync(uiDir)
    ? fs
        .readdirSync(uiDir)
        .filter((f) => f.endsWith('.ui.mjs'))
        .filter((f) => !only.length || only.includes(f.replace(/\.ui\.mjs$/, '')))
        .sort()
        .map((f) => path.join(uiDir, f))
    : [];
  if (files.length === 0) {
    console.error(`no UI tests in test/ui/${only.length ? ` named ${only.join(', ')}` : ''}`);
    console.log('0 passed, 0 failed');
    return 1;
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `node esbuild.config.mjs` first');
    return 1;
  }
  await ensureCodeServer();
  let passed = 0;
  let failed = 0;
  // A workbench driven through a headless browser on a busy machine can drop one gesture; a test that
  // fails is run once more on a fresh server, and says so (SOP_UI_RETRIES=0 turns this off).
  const retries = Number(process.env.SOP_UI_RETRIES ?? 1);
  for (const file of files) {
    let ok = await runTest(file);
    for (let r = 0; !ok && r < retries; r++) {
      console.log(`  ↻ ${path.basename(file)} failed; running it again (retry ${r + 1} of ${retries})`);
      ok = await runTest(file);
    }
    if (ok) passed++;
    else failed++;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e.stack || e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
