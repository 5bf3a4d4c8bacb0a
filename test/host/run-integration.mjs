// Runs the integration suites inside a REAL VS Code extension host (code-server 4.100.3 =
// VS Code 1.100.3), driven through Debian's Chromium. Build first: `node esbuild.config.mjs --tests`.
//
//   node test/host/run-integration.mjs [suite ...]
//
// For each out/test/integration/<suite>/index.js (see test/host/suites.mjs for the suite layout and
// test/integration/runner.ts for the in-host side):
//   1. copy the suite's fixture workspace (test/integration/<suite>/workspace.json) to a temp folder,
//   2. start a fresh code-server on it (extension host environment: SOP_TEST_* variables),
//   3. open the workbench in a fresh context of the run's one browser, with payload
//      extensionDevelopmentPath=<repo> and extensionTestsPath=<index.js>,
//   4. forward the extension host's log (mocha's spec report) to stdout and wait for codeAutomationExit.
// Ends with the line `N passed, N failed` (mocha test counts over all suites) and exits 1 if any test
// or suite failed, or if no suite was found.
//
// Environment:
//   SOP_TEST_GREP             only run tests whose full title matches (mocha --grep)
//   SOP_TEST_SUITE_TIMEOUT_MS time limit for one suite, from start to codeAutomationExit (default 300000)
//   SOP_TEST_VERBOSE=1        also print code-server's log and the browser console
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, launchSharedBrowser, repoRoot, startCodeServer } from './code-server.mjs';
import { findSuites, parseResultLine, prepareWorkspace, START_MARKER } from './suites.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.SOP_TEST_SUITE_TIMEOUT_MS) || 5 * 60_000;
const verbose = !!process.env.SOP_TEST_VERBOSE;
// Workbench chatter that interleaves with the tests' output and says nothing about them.
const NOISE = [/^Ignoring fetching additional builtin extensions from gallery/, /^\[Service Worker\]/, /^Creating a socket \(/];

async function runSuite(suite, browser) {
  const t0 = Date.now();
  console.log(`\n=== integration suite: ${suite.name}${suite.fixture ? ` (workspace: ${path.relative(repoRoot, suite.fixture)})` : ''}`);
  const ws = prepareWorkspace(suite.fixture, suite.name);
  const resultFile = path.join(path.dirname(ws.dir), 'result.json');
  let server;
  let session;
  let result = null;
  let exitCode = null;
  let error = null;
  let started = false;
  let finished = false;
  const preamble = [];
  // Where a suite's time goes (printed with its result): server start, browser, workbench up to the
  // runner's start marker, the tests, and stopping.
  const phases = [];
  let phaseStart = t0;
  const phase = (name) => {
    phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = Date.now();
  };
  try {
    const env = {
      SOP_TEST_SUITE: suite.name,
      SOP_TEST_WORKSPACE: ws.dir,
      SOP_TEST_RESULT_FILE: resultFile,
    };
    if (suite.fixture) env.SOP_TEST_FIXTURE = suite.fixture;
    if (process.env.SOP_TEST_GREP) env.SOP_TEST_GREP = process.env.SOP_TEST_GREP;
    for (const [k, v] of Object.entries(process.env)) if (k.startsWith('SOP_BENCH_')) env[k] = v;
    server = await startCodeServer({ workspace: ws.dir, env });
    phase('server');
    session = await browser.newSession();
    phase('browser');
    const { page } = session;

    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The log carries the whole workbench's logging too (connection, gallery look-ups that fail
    // offline, ...): show the host's output from the runner's start marker to its result line, and
    // the part before only when the suite does not report (e.g. activation or load errors).
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
      if (!started && text.includes(START_MARKER)) {
        started = true;
        phase('workbench');
      }
      if (!started || finished) {
        if (verbose) console.error(`[host ${type}] ${text}`);
        else if (!finished) preamble.push(`[${type}] ${text}`);
        return;
      }
      if (!verbose && NOISE.some((re) => re.test(text))) return;
      for (const line of text.split('\n')) {
        const r = parseResultLine(line);
        if (r) {
          result = r;
          finished = true;
        }
      }
      (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (e) => verbose && console.error(`[page error] ${e.message}`));
    if (verbose) page.on('console', (m) => console.error(`[browser ${m.type()}] ${m.text()}`));

    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(suite.index)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.url(ws.dir, payload), { waitUntil: 'domcontentloaded' });
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`suite ${suite.name} did not finish within ${SUITE_TIMEOUT_MS} ms`)), SUITE_TIMEOUT_MS - (Date.now() - t0));
    });
    try {
      exitCode = await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
      if (started) phase('tests');
    }
  } catch (e) {
    error = e;
    console.error(`suite ${suite.name}: ${e.message}`);
    if (server) console.error(`--- code-server log (tail) ---\n${server.logTail(30)}`);
  } finally {
    if (!result && fs.existsSync(resultFile)) {
      try {
        result = parseResultLine(`SOP-TEST-RESULT ${fs.readFileSync(resultFile, 'utf8')}`);
      } catch {
        /* ignore */
      }
    }
    await session?.close();
    await server?.stop();
    ws.remove();
    phase('stop');
  }
  if (!result) {
    // The suite crashed before mocha reported (load error, no host, timeout): count it as one failure.
    result = { passed: 0, failed: 1, pending: 0 };
    if (!verbose && preamble.length) console.error(`--- workbench / extension host log ---\n${preamble.slice(-60).join('\n')}`);
    console.error(`suite ${suite.name}: no test result reported${exitCode !== null ? ` (host exit code ${exitCode})` : ''}`);
  } else if (exitCode !== 0 && result.failed === 0) {
    result = { ...result, failed: 1 };
    console.error(`suite ${suite.name}: host exited with ${exitCode ?? (error ? 'an error' : 'no exit code')} although no test failed`);
  }
  console.log(
    `=== ${suite.name}: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} pending` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s: ${phases.join(', ')})`,
  );
  return result;
}

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const suites = findSuites(only);
  if (suites.length === 0) {
    console.error(
      `no integration suites in ${path.relative(repoRoot, path.join(repoRoot, 'out/test/integration'))}${only.length ? ` named ${only.join(', ')}` : ''}; build them with \`node esbuild.config.mjs --tests\``,
    );
    console.log('0 passed, 0 failed');
    return 1;
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('dist/extension.js is missing: run `node esbuild.config.mjs` first');
    return 1;
  }
  await ensureCodeServer();
  const total = { passed: 0, failed: 0, pending: 0 };
  const t0 = Date.now();
  // One browser for the run; each suite gets a fresh context in it (and a fresh code-server).
  const browser = await launchSharedBrowser();
  try {
    for (const suite of suites) {
      const r = await runSuite(suite, browser);
      total.passed += r.passed;
      total.failed += r.failed;
      total.pending += r.pending;
    }
  } finally {
    await browser.close();
  }
  console.log(`\nintegration: ${suites.length} suite(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e.stack || e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
