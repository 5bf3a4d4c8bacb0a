// Finding the integration suites and preparing their workspaces (shared by run-integration.mjs and
// test/integration/desktop.mjs).
//
// A suite is a folder test/integration/<suite>/ with
//   index.ts        exports run(): Promise<void> (use runMocha(__dirname) from ../runner)
//   *.test.ts       mocha BDD tests (describe/it) using the real `vscode` API
//   workspace.json  optional: {"fixture": "test/fixtures/workspaces/<name>"} — a folder, relative to the
//                   repository root, that is COPIED to a temp dir and opened as the workspace, so tests
//                   may change files freely. Without it the suite gets an empty temp folder.
// `node esbuild.config.mjs --tests` bundles it to out/test/integration/<suite>/{index.js,*.test.js};
// a suite is a folder there with an index.js.
//
// The extension host gets these environment variables:
//   SOP_TEST_WORKSPACE  the workspace copy that was opened
//   SOP_TEST_FIXTURE    the fixture it was copied from (absolute), if any
//   SOP_TEST_SUITE      the suite's name
//   SOP_TEST_GREP       passed through: only run tests whose title matches
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerCleanup, repoRoot } from './code-server.mjs';

// SOP_TEST_SUITES=bench runs the in-host benchmarks (test/bench/host/<suite>) the same way.
const suitesDir = process.env.SOP_TEST_SUITES === 'bench' ? ['bench', 'host'] : ['integration'];
export const outRoot = path.join(repoRoot, 'out', 'test', ...suitesDir);
export const srcRoot = path.join(repoRoot, 'test', ...suitesDir);

/** Suites (by folder name) that were built; `only` is an optional list of names to keep. */
export function findSuites(only = []) {
  if (!fs.existsSync(outRoot)) return [];
  const suites = fs
    .readdirSync(outRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(outRoot, d.name, 'index.js')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, index: path.join(outRoot, name, 'index.js'), fixture: suiteFixture(name) }));
  return only.length ? suites.filter((s) => only.includes(s.name)) : suites;
}

function suiteFixture(name) {
  const cfgFile = path.join(srcRoot, name, 'workspace.json');
  if (!fs.existsSync(cfgFile)) return null;
  const cfg = JSON.parse(fs.readFileSync(cfgFile, 'utf8'));
  if (!cfg.fixture) return null;
  const abs = path.resolve(repoRoot, cfg.fixture);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new Error(`${path.relative(repoRoot, cfgFile)}: fixture ${cfg.fixture} is not a folder`);
  }
  return abs;
}

/** Copies a fixture (or nothing) into a new temp folder; returns {dir, remove()}. */
export function prepareWorkspace(fixture, label = 'ws') {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `sop-${label}-`));
  // Keep the fixture's folder name so titles and paths look like the real thing.
  const dir = path.join(parent, fixture ? path.basename(fixture) : 'workspace');
  const rm = () => fs.rmSync(parent, { recursive: true, force: true });
  const unregister = registerCleanup(rm);
  if (fixture) fs.cpSync(fixture, dir, { recursive: true });
  else fs.mkdirSync(dir);
  return {
    dir,
    remove: () => {
      unregister();
      rm();
    },
  };
}

export const RESULT_PREFIX = 'SOP-TEST-RESULT ';
export const START_MARKER = 'SOP-TEST-START';

/** Parses a SOP-TEST-RESULT line (as logged by test/integration/runner.ts). */
export function parseResultLine(line) {
  const i = line.indexOf(RESULT_PREFIX);
  if (i < 0) return null;
  try {
    const r = JSON.parse(line.slice(i + RESULT_PREFIX.length).trim());
    return { passed: r.passed | 0, failed: r.failed | 0, pending: r.pending | 0 };
  } catch {
    return null;
  }
}
