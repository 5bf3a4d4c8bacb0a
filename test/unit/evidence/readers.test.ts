import { strict as assert } from 'node:assert';
import { classify, findReader, UNSUPPORTED } from '../../../src/core/evidence/classify';
import { extractScript } from '../../../src/core/evidence/extract/script';
import { EVIDENCE_READERS, isScriptReader, scriptExtensions } from '../../../src/core/evidence/readers';
import { SCRIPT_EXTENSIONS } from '../../../src/core/skill/export';

/** Extensions found in real work folders, read or not: the readers must decide every one of them. */
const SEEN_IN_WORK_FOLDERS = [
  ...Object.keys(UNSUPPORTED),
  'yaml',
  'yml',
  'toml',
  'ini',
  'cfg',
  'conf',
  'log',
  'lock',
  'xml',
  'zip',
  'gz',
  'exe',
  'dll',
  'env',
  'pem',
  'key',
  'java',
  'kt',
  'cs',
  'swift',
  'c',
  'h',
  'cpp',
  'rs',
  'scala',
  'tf',
  'hcl',
  'vbs',
  'bas',
  'ipynb',
  'mdx',
];

const claimedExtensions = new Set(EVIDENCE_READERS.flatMap((r) => r.extensions ?? []));

describe('evidence readers: the one list of formats', () => {
  it('names each reader once', () => {
    const ids = EVIDENCE_READERS.map((r) => r.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  it('classifies every file a reader claims as that reader says, by extension and by name', () => {
    for (const reader of EVIDENCE_READERS) {
      // A reader that accepts only some files (an SOP among Markdown notes) is checked on a file it accepts.
      const text =
        reader.id === 'previous-sop' ? '---\ntype: sop\n---\n# Refunds\n' : reader.id === 'npm' ? '{"scripts":{"close":"node close.js"}}' : undefined;
      for (const ext of reader.extensions ?? []) {
        assert.equal(findReader(`work/close.${ext}`, text)?.id, reader.id, `.${ext}`);
        assert.equal(classify(`work/close.${ext.toUpperCase()}`, text).kind, reader.kind, `.${ext.toUpperCase()}`);
      }
      for (const name of reader.names ?? []) assert.equal(findReader(`work/${name}`, text)?.id, reader.id, name);
    }
  });

  it('knows no extension that no reader claims: every other file is kept as plain text', () => {
    const unclaimed = SEEN_IN_WORK_FOLDERS.filter((ext) => !claimedExtensions.has(ext));
    assert.ok(unclaimed.length > 40, `${unclaimed.length} unclaimed extensions checked`);
    for (const ext of unclaimed) assert.deepEqual(classify(`work/close.${ext}`, 'id,amount\n1,2\n'), { kind: 'other', reader: 'text' }, `.${ext}`);
  });

  it('claims an extension twice only where the first reader takes just some of those files', () => {
    const seen = new Map<string, string>();
    for (const reader of EVIDENCE_READERS) {
      for (const ext of reader.extensions ?? []) {
        const first = EVIDENCE_READERS.find((r) => r.id === seen.get(ext));
        assert.ok(!first || first.accepts, `.${ext} is claimed by ${first?.id} and ${reader.id}, and ${first?.id} takes every such file`);
        if (!seen.has(ext)) seen.set(ext, reader.id);
      }
    }
  });

  it('reads an extension-less script by the program its #! line names, through the script readers', () => {
    const byInterpreter = EVIDENCE_READERS.filter(isScriptReader).flatMap((r) => (r.interpreters ?? []).map((p) => [p, r.language] as const));
    assert.ok(byInterpreter.length >= 10);
    for (const [program, language] of byInterpreter) assert.equal(classify('bin/close-month', `#!/usr/bin/env ${program}\n`).language, language, program);
    assert.equal(classify('bin/close-month', '#!/usr/bin/env tclsh\n').kind, 'other');
  });

  it("gives the skill export exactly the script readers' extensions, still including every one it copied before", () => {
    const scripts = [...claimedExtensions].filter((ext) => classify(`tools/run.${ext}`).kind === 'script');
    assert.deepEqual([...SCRIPT_EXTENSIONS].sort(), scripts.sort());
    assert.deepEqual([...scriptExtensions()].sort(), scripts.sort());
    const copiedBefore = ['py', 'sh', 'bash', 'zsh', 'ps1', 'psm1', 'bat', 'cmd', 'rb', 'pl', 'php', 'js', 'mjs', 'cjs', 'ts', 'r', 'sql', 'go', 'lua', 'jl'];
    assert.deepEqual(
      copiedBefore.filter((ext) => !SCRIPT_EXTENSIONS.has(ext)),
      [],
    );
  });

  it('reads a Go program the skill export copies as a script: how it is run, its limit and when it stops', () => {
    const text = [
      '// Usage: go run tools/close.go 2026-10',
      'package main',
      '',
      'func main() {',
      '\tdata, err := os.ReadFile("exports/bank-2026-10.csv")',
      '\tif unmatched > 5 {',
      '\t\tos.Exit(3)',
      '\t}',
      '}',
    ].join('\n');
    assert.equal(classify('tools/close.go', text).language, 'go');
    const facts = extractScript(text, 'tools/close.go', 'go');
    assert.equal(facts.usage, 'go run tools/close.go 2026-10');
    assert.deepEqual(
      facts.thresholds.map((t) => t.text),
      ['unmatched > 5'],
    );
    assert.deepEqual(
      facts.exits.map((e) => e.code),
      [3],
    );
  });
});
