// Shared in-host test runner for the integration suites (test/integration/<suite>/index.ts).
//
// A suite's index.ts follows the @vscode/test-electron contract:
//
//   import { runMocha } from '../runner';
//   export function run(): Promise<void> {
//     return runMocha(__dirname);
//   }
//
// runMocha() runs inside the VS Code extension host (code-server's in test/host/run-integration.mjs,
// desktop VS Code's in test/integration/desktop.mjs): it loads mocha from the project's node_modules
// (external in the esbuild bundle), adds every `*.test.js` below testsRoot (the suite's folder in
// out/test/integration/), uses the BDD interface (describe/it) and the spec reporter, whose output goes
// to console.log (forwarded by the host: codeAutomationLog in code-server, stdout on desktop).
//
// Environment read here (the host inherits it from the runner):
//   SOP_TEST_GREP         only tests whose full title matches this (mocha --grep)
//   SOP_TEST_TIMEOUT_MS   per-test timeout (default 20000)
//   SOP_TEST_RESULT_FILE  if set, the counts are also written there as JSON
// It always logs one line `SOP-TEST-RESULT {"passed":N,"failed":N,"pending":N}` that the runners
// count, and rejects when a test failed, which makes the host exit with code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export const RESULT_PREFIX = 'SOP-TEST-RESULT ';
/** Logged before mocha starts; run-integration.mjs shows the host's log from this line on. */
export const START_MARKER = 'SOP-TEST-START';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
}

function findTestFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(p);
    }
  };
  walk(root);
  return found.sort();
}

function report(result: SuiteResult): void {
  const line = RESULT_PREFIX + JSON.stringify(result);
  console.log(line);
  const file = process.env.SOP_TEST_RESULT_FILE;
  if (file) {
    try {
      fs.writeFileSync(file, JSON.stringify(result) + '\n');
    } catch (e) {
      console.error(`could not write ${file}: ${String(e)}`);
    }
  }
}

export function runMocha(testsRoot: string, options: Mocha.MochaOptions = {}): Promise<void> {
  const timeout = Number(process.env.SOP_TEST_TIMEOUT_MS) || 20_000;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout,
    ...options,
  });
  // The reporters call console.log('%s%s', a, b). code-server forwards console arguments to
  // codeAutomationLog without applying the format, so format here (harmless on desktop).
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(args.length ? format(...args) : '');

  const grep = process.env.SOP_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = findTestFiles(testsRoot);
  for (const f of files) mocha.addFile(f);
  console.log(`${START_MARKER} ${files.length} test file(s) from ${testsRoot}${grep ? ` (grep: ${grep})` : ''}`);

  return new Promise<void>((resolve, reject) => {
    if (files.length === 0) {
      report({ passed: 0, failed: 1, pending: 0 });
      reject(new Error(`no *.test.js files under ${testsRoot}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        const result: SuiteResult = {
          passed: stats.passes,
          failed: Math.max(stats.failures, failures),
          pending: stats.pending,
        };
        report(result);
        if (result.failed > 0) reject(new Error(`${result.failed} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // e.g. a test file that throws while loading
      console.error(err);
      report({ passed: 0, failed: 1, pending: 0 });
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
