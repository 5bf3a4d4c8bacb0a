import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO } from './helpers';
import { docx } from './evidence/files';

/**
 * `sop lint` (run by CI on every SOP) and the editor's activation load only what linting needs: the model client,
 * the document readers and the sentence tagger's English model live in dist/vendor/ and load on first use. Each
 * case runs the built bundle in a fresh node and reports which of those files it loaded.
 */
const CLI = resolve(REPO, 'dist/cli.js');
const EXTENSION = resolve(REPO, 'dist/extension.js');
const VENDORED = /[\\/]dist[\\/]vendor[\\/]([^\\/]+)\.js$/;

const REPORT_VENDORED = `
  const vendored = () => Object.keys(require.cache).map((k) => ${VENDORED}.exec(k)?.[1]).filter(Boolean).sort();`;

function cliLoads(args: string[], cwd: string): { code: number; loaded: string[]; out: string } {
  const script = `${REPORT_VENDORED}
  require(process.argv[1]).main(process.argv.slice(2)).then((r) => process.stdout.write(JSON.stringify({ code: r.exitCode, loaded: vendored(), out: r.stdout + r.stderr })));`;
  const r = spawnSync(process.execPath, ['-e', script, CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** A stand-in for `vscode` with every API name the extension uses: callable, constructible, and keeping what is assigned to it. */
const VSCODE_STUB = `
  const stub = (name) => { const own = new Map(); return new Proxy(function () { return stub(name + '()'); }, {
    get: (_t, p) => own.has(p) ? own.get(p) : p === 'then' ? undefined : p === Symbol.iterator ? function* () {} : (own.set(p, stub(name + '.' + String(p))), own.get(p)),
    set: (_t, p, v) => (own.set(p, v), true),
    construct: () => stub('new ' + name),
  }); };`;

function extensionNames(): string[] {
  const dir = join(REPO, 'src/extension');
  const names = new Set<string>();
  for (const f of readdirSync(dir).filter((name) => name.endsWith('.ts')))
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\bvscode\.([A-Za-z]+)/g)) names.add(m[1]);
  return [...names];
}

describe('lazy loading of the product bundles', function () {
  this.timeout(30_000);
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'sop-lazy-'));
    mkdirSync(join(ws, 'sops'));
    mkdirSync(join(ws, 'work'));
    const sop = (gate: string) =>
      [
        '---\ntitle: Restock the shelves\ntype: sop\nowner: Ana Lopes (Store lead)\n---\n\n# Restock the shelves\n',
        '## Purpose\n\nEmpty shelves lose sales on the busiest mornings.\n',
        `## Steps\n\n1. Count the stock on each shelf.\n2. Order what is below the minimum.${gate}\n`,
      ].join('\n');
    writeFileSync(join(ws, 'sops/plain.sop.md'), sop(''));
    writeFileSync(join(ws, 'sops/gated.sop.md'), sop('\n3. Get sign-off from Ana Lopes (Store lead) before the order is sent.'));
    writeFileSync(
      join(ws, 'work/restock-notes.docx'),
      docx([
        ['Heading1', 'Restock'],
        ['Normal', 'Count the stock, then order what is short.'],
      ]),
    );
    writeFileSync(join(ws, 'work/orders.csv'), 'sku,quantity\nA-100,12\nB-200,4\n');
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('sop lint loads no drafting library, and the tagger only for an SOP with an approval sentence', () => {
    const plain = cliLoads(['lint', 'sops/plain.sop.md'], ws);
    assert.ok(plain.code <= 1, plain.out);
    assert.deepEqual(plain.loaded, []);
    const gated = cliLoads(['lint', 'sops/gated.sop.md'], ws);
    assert.ok(gated.code <= 1, gated.out);
    assert.deepEqual(gated.loaded, ['wink-eng-lite-web-model', 'wink-nlp']);
  });

  it('sop evidence loads the Word reader for a .docx, and neither the model client nor the e-mail and workbook readers', () => {
    const r = cliLoads(['evidence', '--format', 'json', 'work'], ws);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(
      JSON.parse(r.out)
        .included.map((f: { path: string }) => f.path)
        .sort(),
      ['work/orders.csv', 'work/restock-notes.docx'],
    );
    assert.ok(r.loaded.includes('mammoth'), r.loaded.join(', '));
    for (const unused of ['openai', 'postal-mime', 'read-excel-file-universal']) assert.ok(!r.loaded.includes(unused), `${unused} loaded`);
  });

  it('activating the extension loads none of the libraries that only drafting needs', () => {
    const script = `${VSCODE_STUB}${REPORT_VENDORED}
  const vscode = Object.fromEntries(${JSON.stringify(extensionNames())}.map((n) => [n, stub(n)]));
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
  const api = require(process.argv[1]).activate({ subscriptions: [], extensionUri: vscode.Uri.file(process.cwd()), secrets: stub('secrets'), extension: { packageJSON: { version: '0' } } });
  setTimeout(() => process.stdout.write(JSON.stringify({ activated: !!api.linter, loaded: vendored() })), 200);`;
    const r = spawnSync(process.execPath, ['-e', script, EXTENSION], { cwd: ws, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.signal, null, 'activation left something running that keeps the process alive');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { activated: true, loaded: [] });
    // The SDK is in a file of its own, not inside the bundle that activation reads.
    assert.ok(readFileSync(EXTENSION, 'utf8').includes('require("./vendor/openai.js")'));
  });
});
