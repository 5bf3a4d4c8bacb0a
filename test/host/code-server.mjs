// Test host library: a real VS Code (code-server from npm, = VS Code 1.100.3) plus Debian's Chromium.
//
// See /work/shared/vscode-test-host.md for the measured recipe this follows.
//
//   ensureCodeServer()              install code-server@4.100.3 once into a cache folder outside
//                                   the project's node_modules; fast no-op when already installed.
//   startCodeServer({workspace, env, settings})
//                                   fresh user-data-dir, free port, detached process group;
//                                   resolves once /healthz answers.
//   launchBrowser()                 playwright-core + /usr/bin/chromium with a fresh profile.
//   launchSharedBrowser()           one Chromium whose newSession() gives a fresh context per run.
//
// CLI: `node test/host/code-server.mjs --install` installs (and checks) the host, so CI can do the
// slow part before the tests; `--check` starts a server once and stops it.
//
// Environment:
//   SOP_TEST_HOST_DIR   cache folder (default ~/.cache/sop-builder/code-server-4.100.3)
//   CHROMIUM_PATH       browser executable (default /usr/bin/chromium)
//   SOP_TEST_VERBOSE=1  echo code-server's own output to stderr
//   SOP_TEST_HEADED=1   show the browser (needs a display)

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
// What @vscode/ripgrep (pulled in by code-server 4.100.3) downloads in its postinstall.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_BIN_VERSION = 'v13.0.0-10';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const hostDir = process.env.SOP_TEST_HOST_DIR || path.join(os.homedir(), '.cache', 'sop-builder', `code-server-${CODE_SERVER_VERSION}`);
const markerFile = path.join(hostDir, '.sop-installed.json');
const codeServerPkgDir = path.join(hostDir, 'node_modules', 'code-server');
const codeServerEntry = path.join(codeServerPkgDir, 'out', 'node', 'entry.js');

const log = (...args) => console.error('[test-host]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup of everything started here, also on Ctrl-C and on a crash. registerCleanup(fn) returns
// a function that unregisters fn; fn must be synchronous (it may run in process.on('exit')).
// ---------------------------------------------------------------------------------------------
const cleanups = new Set(); // functions that must work synchronously (they run in 'exit')
let handlersInstalled = false;
export function registerCleanup(fn) {
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.on('exit', runCleanupsSync);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(sig, () => {
        runCleanupsSync();
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    }
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
function runCleanupsSync() {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {
      /* best effort */
    }
    cleanups.delete(fn);
  }
}

function rmrf(p) {
  try {
    fs.rmSync(p, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* best effort */
  }
}

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// ---------------------------------------------------------------------------------------------
// Install
// ---------------------------------------------------------------------------------------------

function ripgrepTarget() {
  const arch = { x64: 'x86_64', arm64: 'aarch64', arm: 'arm', ia32: 'i686' }[process.arch] ?? process.arch;
  const suffix = arch === 'arm' ? 'unknown-linux-gnueabihf' : 'unknown-linux-musl';
  return `${arch}-${suffix}`;
}

function findSystemRg() {
  for (const p of [process.env.RG_PATH, '/usr/bin/rg', '/usr/local/bin/rg'].filter(Boolean)) {
    if (fs.existsSync(p)) return p;
  }
  const r = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache file exists: seed it. */
export function seedRipgrepCache() {
  const rg = findSystemRg();
  if (!rg) throw new Error('ripgrep not found: install the Debian package `ripgrep` (or set RG_PATH)');
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_BIN_VERSION}-${ripgrepTarget()}.tar.gz`);
  if (fs.existsSync(tarball) && fs.statSync(tarball).size > 0) return tarball;
  fs.mkdirSync(cacheDir, { recursive: true });
  const stage = makeTempDir('sop-rg-');
  try {
    fs.copyFileSync(rg, path.join(stage, 'rg'));
    fs.chmodSync(path.join(stage, 'rg'), 0o755);
    const tmp = `${tarball}.${process.pid}.tmp`;
    const r = spawnSync('tar', ['-czf', tmp, '-C', stage, 'rg'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tar failed while seeding the ripgrep cache');
    fs.renameSync(tmp, tarball);
  } finally {
    rmrf(stage);
  }
  return tarball;
}

function readMarker() {
  try {
    const m = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    if (m.version === CODE_SERVER_VERSION && m.node === process.versions.modules && fs.existsSync(codeServerEntry)) {
      return m;
    }
  } catch {
    /* not installed */
  }
  return null;
}

/** Checks that the native parts code-server needs were really built/fetched by the install scripts. */
export function verifyInstall() {
  const problems = [];
  if (!fs.existsSync(codeServerEntry)) problems.push(`missing ${codeServerEntry}`);
  const vscodeDir = path.join(codeServerPkgDir, 'lib', 'vscode');
  const find = (rel) =>
    [path.join(vscodeDir, 'node_modules', rel), path.join(codeServerPkgDir, 'node_modules', rel), path.join(hostDir, 'node_modules', rel)].find((p) =>
      fs.existsSync(p),
    );
  const rgBin = find(path.join('@vscode', 'ripgrep', 'bin', 'rg'));
  if (!rgBin) problems.push('@vscode/ripgrep has no bin/rg (its postinstall did not run or failed)');
  const pty = find(path.join('node-pty', 'build', 'Release', 'pty.node'));
  if (!pty) problems.push('node-pty has no build/Release/pty.node (its install script did not run)');
  // argon2 is required when the server starts (even with --auth none), node-pty by the terminal:
  // load both the way code-server does, from where the install put them.
  const script = [
    "const { createRequire } = require('node:module');",
    `createRequire(${JSON.stringify(path.join(codeServerPkgDir, 'package.json'))})('argon2');`,
    `createRequire(${JSON.stringify(path.join(vscodeDir, 'package.json'))})('node-pty');`,
    "console.log('ok');",
  ].join('\n');
  const probe = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (probe.status !== 0 || !probe.stdout.includes('ok')) {
    problems.push(
      `argon2/node-pty do not load: ${probe.stderr
        .trim()
        .split('\n')
        .filter((l) => /Error|Cannot/.test(l))
        .slice(0, 3)
        .join(' | ')}`,
    );
  }
  return problems;
}

/**
 * Installs code-server@4.100.3 into `hostDir` unless the marker says it is there.
 * Needs (Debian) build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep.
 */
export async function ensureCodeServer({ force = false, quiet = false } = {}) {
  if (!force && readMarker()) return { hostDir, installed: false };
  // Two runners starting at once on a fresh machine must not install into the same folder together.
  const release = await acquireLock(`${hostDir}.lock`, quiet);
  try {
    if (!force && readMarker()) return { hostDir, installed: false };
    return await install(quiet, force);
  } finally {
    release();
  }
}

async function acquireLock(lockDir, quiet) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const staleMs = 15 * 60_000;
  for (let waited = 0; ; waited += 1000) {
    try {
      fs.mkdirSync(lockDir);
      const unregister = registerCleanup(() => rmrf(lockDir));
      return () => {
        unregister();
        rmrf(lockDir);
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lockDir).mtimeMs;
      } catch {
        continue;
      }
      if (age > staleMs) {
        rmrf(lockDir);
        continue;
      }
      if (waited === 0 && !quiet) log(`waiting for another install of code-server (${lockDir})`);
      await sleep(1000);
    }
  }
}

async function install(quiet, fresh) {
  const t0 = Date.now();
  if (fresh) rmrf(path.join(hostDir, 'node_modules'));
  if (!quiet) log(`installing code-server@${CODE_SERVER_VERSION} into ${hostDir} (first use; about 1-2 minutes)`);
  const tarball = seedRipgrepCache();
  if (!quiet) log(`seeded ripgrep cache ${tarball}`);
  rmrf(markerFile);
  fs.mkdirSync(hostDir, { recursive: true });
  // A tiny private package so the install is project-scoped and never touches the repo's lockfile.
  fs.writeFileSync(
    path.join(hostDir, 'package.json'),
    JSON.stringify(
      {
        name: 'sop-builder-test-host',
        private: true,
        description: 'code-server for the SOP Builder tests (made by test/host/code-server.mjs)',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ) + '\n',
  );
  const env = {
    ...process.env,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's install runs `npx node-gyp`; the machine's npmrc says yes=false.
    npm_config_yes: 'true',
    // npm 11's install-script policy (allowScripts): npm 11.19 still runs scripts nobody reviewed
    // (it only warns), but a strict policy (strict-allow-scripts, a later default) would skip them,
    // and code-server needs them all: its own postinstall, which runs a nested `npm install` in
    // lib/vscode (node-pty, kerberos, @parcel/watcher, spdlog, ... are built there by node-gyp),
    // argon2's, and @vscode/ripgrep's. An allowScripts list in this package.json would not reach that
    // nested install, so allow every script of this pinned, isolated host (env: nested npms see it).
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    // node-gyp compiles each native module with one make job per core (spdlog alone is about 50 s on one).
    JOBS: process.env.JOBS || 'max',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: process.env.npm_config_loglevel || 'warn',
  };
  // When run from an npm script, npm_config_* of the outer npm (e.g. a workspace prefix) would leak in.
  delete env.npm_config_prefix;
  delete env.npm_config_global;
  delete env.npm_config_local_prefix;
  // The project's .npmrc sets json=true (so `npm run bench -- --json` prints only JSON): not for this install.
  delete env.npm_config_json;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--no-package-lock', '--foreground-scripts', '--dangerously-allow-all-scripts'];
  const r = spawnSync(npm, args, { cwd: hostDir, env, stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status})`);
  }
  const problems = verifyInstall();
  if (problems.length) throw new Error(`code-server installed but unusable:\n  ${problems.join('\n  ')}`);
  fs.writeFileSync(
    markerFile,
    JSON.stringify({ version: CODE_SERVER_VERSION, vscode: VSCODE_VERSION, node: process.versions.modules, at: new Date().toISOString() }) + '\n',
  );
  if (!quiet) log(`code-server installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { hostDir, installed: true };
}

// ---------------------------------------------------------------------------------------------
// Start / stop
// ---------------------------------------------------------------------------------------------

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'files.hotExit': 'off',
  'workbench.reduceMotion': 'on',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'update.mode': 'none',
};

async function waitForHealthz(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on `workspace` with a fresh state.
 * @param {{workspace?: string, env?: Record<string,string>, settings?: object, startTimeoutMs?: number}} opts
 * @returns {Promise<{port:number, origin:string, pid:number, dir:string, userDataDir:string, logFile:string,
 *   remoteUri(p:string):string, url(folder?:string, payload?:Array<[string,string]>):string, logTail(n?:number):string, stop():Promise<void>}>}
 */
export async function startCodeServer({ workspace, env = {}, settings = {}, startTimeoutMs = 60_000 } = {}) {
  await ensureCodeServer();
  const port = await freePort();
  const dir = makeTempDir('sop-code-server-');
  const dataDir = path.join(dir, 'data');
  const userDir = path.join(dataDir, 'User');
  const extDir = path.join(dir, 'extensions');
  fs.mkdirSync(userDir, { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const logFile = path.join(dir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');

  const args = [
    codeServerEntry,
    '--config',
    config,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    dataDir,
    '--extensions-dir',
    extDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (workspace) args.push(workspace);

  const childEnv = { ...process.env, ...env };
  // Keep the outer npm's / runner's settings out of the host; give it its own state dirs.
  for (const k of Object.keys(childEnv)) if (k.startsWith('npm_')) delete childEnv[k];
  delete childEnv.VSCODE_IPC_HOOK_CLI;
  delete childEnv.ELECTRON_RUN_AS_NODE;
  // No extension gallery (open-vsx.org by default): the tests never reach out, and no failing
  // look-ups clutter the log. An empty object has no serviceUrl, which VS Code reads as "disabled".
  if (!('EXTENSIONS_GALLERY' in env)) childEnv.EXTENSIONS_GALLERY = '{}';
  childEnv.XDG_DATA_HOME = path.join(dir, 'xdg-data');
  childEnv.XDG_CONFIG_HOME = path.join(dir, 'xdg-config');
  childEnv.XDG_CACHE_HOME = path.join(dir, 'xdg-cache');
  // VS Code puts its vscode-ipc-*.sock files there (else in /tmp, where they would stay behind).
  childEnv.XDG_RUNTIME_DIR = path.join(dir, 'run');
  fs.mkdirSync(childEnv.XDG_RUNTIME_DIR, { mode: 0o700 });

  // detached: the child calls setsid(), so it leads its own process group (pgid == pid) and
  // `kill -- -pid` reaches the extension host and everything else it forks.
  const child = spawn(process.execPath, args, {
    cwd: workspace || dir,
    env: childEnv,
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let tailer;
  if (process.env.SOP_TEST_VERBOSE) {
    tailer = spawn('tail', ['-n', '+1', '-f', logFile], { stdio: ['ignore', process.stderr, 'inherit'] });
  }

  let stopped = false;
  const syncStop = () => {
    if (stopped) return;
    stopped = true;
    if (tailer) tailer.kill();
    killGroup(child.pid, 'SIGKILL');
    rmrf(dir);
  };
  const unregister = registerCleanup(syncStop);

  const logTail = (n = 40) => {
    try {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  };

  const stop = async () => {
    if (stopped) return;
    if (tailer) tailer.kill();
    if (killGroup(child.pid, 'SIGTERM')) {
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) await sleep(100);
      // The extension host may outlive the server for a moment: always finish the whole group.
      await sleep(200);
      killGroup(child.pid, 'SIGKILL');
    }
    stopped = true;
    unregister();
    rmrf(dir);
  };

  try {
    await waitForHealthz(port, child, startTimeoutMs);
  } catch (e) {
    const tail = logTail();
    await stop();
    throw new Error(`${e.message}\n--- code-server log ---\n${tail}`);
  }

  const origin = `http://127.0.0.1:${port}`;
  const remoteUri = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
  const url = (folder = workspace, payload) => {
    const q = new URLSearchParams();
    if (folder) q.set('folder', path.resolve(folder));
    if (payload && payload.length) q.set('payload', JSON.stringify(payload));
    const qs = q.toString();
    return `${origin}/${qs ? `?${qs}` : ''}`;
  };
  return { port, origin, pid: child.pid, dir, userDataDir: dataDir, logFile, remoteUri, url, logTail, stop };
}

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Debian's launcher script means to add this when /dev/shm is small but its size test is broken.
  '--disable-dev-shm-usage',
];

function chromiumPath() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: install the Debian package \`chromium\` or set CHROMIUM_PATH`);
  return executablePath;
}

/**
 * One Chromium (Debian's) for several runs: each newSession() is a fresh browser context, with storage of
 * its own as a fresh profile has, so runs share only the browser process (about 1-2 s saved per run).
 * @returns {Promise<{newSession(): Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close(): Promise<void>}>, close(): Promise<void>}>}
 */
export async function launchSharedBrowser({ viewport = { width: 1400, height: 900 }, headless = !process.env.SOP_TEST_HEADED } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless, args: CHROMIUM_ARGS });
  return {
    async newSession() {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      return { context, page, close: () => context.close().catch(() => {}) };
    },
    close: () => browser.close().catch(() => {}),
  };
}

/**
 * Launches Chromium (Debian's, never a downloaded one) with a fresh profile.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, profileDir: string, close(): Promise<void>}>}
 */
export async function launchBrowser({ viewport = { width: 1400, height: 900 }, headless = !process.env.SOP_TEST_HEADED } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  const profileDir = makeTempDir('sop-chromium-');
  const unregister = registerCleanup(() => rmrf(profileDir));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    unregister();
    rmrf(profileDir);
  };
  return { context, page, profileDir, close };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = new Set(process.argv.slice(2));
  try {
    if (argv.has('--install') || argv.has('--reinstall') || argv.size === 0) {
      const t0 = Date.now();
      const { installed } = await ensureCodeServer({ force: argv.has('--reinstall') });
      log(installed ? `installed (${((Date.now() - t0) / 1000).toFixed(1)} s)` : `already installed in ${hostDir}`);
    }
    if (argv.has('--install') || argv.has('--check')) {
      const t0 = Date.now();
      const ws = makeTempDir('sop-check-ws-');
      const server = await startCodeServer({ workspace: ws });
      const res = await fetch(server.url());
      const html = await res.text();
      await server.stop();
      rmrf(ws);
      if (!res.ok || !html.includes('workbench')) throw new Error(`workbench page did not load (HTTP ${res.status})`);
      log(`server check ok: started, served the workbench and stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } catch (e) {
    console.error(`[test-host] ${e.stack || e}`);
    process.exit(1);
  }
}
