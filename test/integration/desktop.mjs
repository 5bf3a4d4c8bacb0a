// Runs the same integration suites in desktop VS Code through @vscode/test-electron, on a machine
// that can download VS Code (it cannot here: use test/host/run-integration.mjs, which runs them in
// code-server). `npm run test:desktop` builds first.
//
//   node test/integration/desktop.mjs [suite ...]
//
// Per suite (layout: test/host/suites.mjs): a temp copy of its fixture workspace and a fresh
// user-data-dir; VS Code is started with
//   --extensionDevelopmentPath=<repo> --extensionTestsPath=out/test/integration/<suite>/index.js
//   <workspace copy> --disable-extensions --user-data-dir=<temp>
// and the extension host gets the same SOP_TEST_* variables as under code-server.
//
// Environment:
//   VSCODE_TEST_VERSION  VS Code version to download (default 1.100.3, the engines.vscode floor and
//                        the version code-server 4.100.3 embeds); 'stable' / 'insiders' also work
//   VSCODE_EXECUTABLE    use this VS Code executable instead of downloading one
//   SOP_TEST_GREP        only run tests whose full title matches
// On Linux without a display run it under `xvfb-run -a`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { DEFAULT_SETTINGS, repoRoot } from '../host/code-server.mjs';
import { findSuites, parseResultLine, prepareWorkspace } from '../host/suites.mjs';

async function runSuite(suite) {
  console.log(`\n=== integration suite (desktop): ${suite.name}`);
  const ws = prepareWorkspace(suite.fixture, `desktop-${suite.name}`);
  const scratch = path.dirname(ws.dir);
  const userDataDir = path.join(scratch, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(DEFAULT_SETTINGS, null, 2));
  const resultFile = path.join(scratch, 'result.json');
  const extensionTestsEnv = {
    SOP_TEST_SUITE: suite.name,
    SOP_TEST_WORKSPACE: ws.dir,
    SOP_TEST_RESULT_FILE: resultFile,
  };
  if (suite.fixture) extensionTestsEnv.SOP_TEST_FIXTURE = suite.fixture;
  if (process.env.SOP_TEST_GREP) extensionTestsEnv.SOP_TEST_GREP = process.env.SOP_TEST_GREP;

  let exitCode;
  try {
    exitCode = await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_TEST_VERSION || '1.100.3' }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite.index,
      extensionTestsEnv,
      launchArgs: [ws.dir, '--disable-extensions', `--user-data-dir=${userDataDir}`],
    });
  } catch (e) {
    // TestRunFailedError when VS Code exits non-zero (a test failed), or a download/launch error.
    exitCode = e?.code ?? 1;
    if (!fs.existsSync(resultFile)) console.error(`suite ${suite.name}: ${e?.message ?? e}`);
  }
  let result = null;
  if (fs.existsSync(resultFile)) result = parseResultLine(`SOP-TEST-RESULT ${fs.readFileSync(resultFile, 'utf8')}`);
  ws.remove();
  if (!result) result = { passed: 0, failed: 1, pending: 0 };
  else if (exitCode !== 0 && result.failed === 0) result = { ...result, failed: 1 };
  console.log(`=== ${suite.name}: ${result.passed} passed, ${result.failed} failed`);
  return result;
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = findSuites(only);
if (suites.length === 0) {
  console.error('no integration suites in out/test/integration; build them with `node esbuild.config.mjs --tests`');
  console.log('0 passed, 0 failed');
  process.exit(1);
}
const total = { passed: 0, failed: 0, pending: 0 };
for (const suite of suites) {
  const r = await runSuite(suite);
  total.passed += r.passed;
  total.failed += r.failed;
  total.pending += r.pending;
}
console.log(`\n${total.passed} passed, ${total.failed} failed${total.pending ? `, ${total.pending} skipped` : ''}`);
process.exit(total.failed ? 1 : 0);
