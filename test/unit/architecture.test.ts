import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { REPO } from './helpers';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `from '…'`, `import '…'`, `import('…')`, `require('…')`: every module a source file names. */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*['"]([^'"\n]{1,300})['"]/g;

/** Repo-relative imported files (relative imports resolved), plus bare module names as written. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map(([, spec]) => {
    if (!spec.startsWith('.')) return spec;
    const base = join(dirname(file), spec);
    const found = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
    return relative(REPO, found ?? base).replace(/\\/g, '/');
  });
}

interface PathRule {
  name: string;
  from: { path?: string; pathNot?: string };
  to: { path?: string; pathNot?: string; circular?: boolean; couldNotResolve?: boolean; dependencyTypes?: string[] };
}

/** The path-only rules of .dependency-cruiser.cjs (layers and doors) applied to import edges; `npm run lint` runs them all. */
function violations(rules: PathRule[], edges: Array<[string, string]>): string[] {
  const hits = (re: string | undefined, p: string, empty: boolean) => (re === undefined ? empty : new RegExp(re).test(p));
  const pathRules = rules.filter((r) => !r.to.circular && !r.to.couldNotResolve && !r.to.dependencyTypes);
  return edges.flatMap(([from, to]) =>
    pathRules
      .filter((r) => hits(r.from.path, from, true) && !hits(r.from.pathNot, from, false) && hits(r.to.path, to, true) && !hits(r.to.pathNot, to, false))
      .map((r) => `${r.name}: ${from} → ${to}`),
  );
}

/** One import cycle among the files, as a path that ends where it starts; undefined when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('layering', () => {
  const core = tsFiles(join(REPO, 'src/core'));
  const src = tsFiles(join(REPO, 'src'));
  const graph = new Map(src.map((f) => [relative(REPO, f).replace(/\\/g, '/'), importsOf(f)]));
  const edges = [...graph].flatMap(([from, tos]) => tos.map((to): [string, string] => [from, to]));
  const rules: PathRule[] = createRequire(join(REPO, 'package.json'))('./.dependency-cruiser.cjs').forbidden;

  it('finds the core sources', () => {
    assert.ok(core.length > 10, `only ${core.length} files under src/core`);
  });

  it('src/core never imports vscode', () => {
    const offenders = core.filter((f) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(REPO, f)),
      [],
    );
  });

  it('src/core never imports the editor adapters, the CLI or the node adapters', () => {
    const offenders = core.filter((f) => /from\s+['"](?:\.\.\/)+(?:extension|cli|node)\//.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(REPO, f)),
      [],
    );
  });

  it('src/core does not touch the disk or the network', () => {
    const offenders = core.filter((f) => /from\s+['"](?:node:)?(?:fs|fs\/promises|http|https|net|child_process)['"]/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      offenders.map((f) => relative(REPO, f)),
      [],
    );
  });

  it('imports only go down the layers of src/core and through the allowed doors (.dependency-cruiser.cjs)', () => {
    assert.ok(
      rules.some((r) => r.name.startsWith('core-layer-')),
      'the layer rules are missing from .dependency-cruiser.cjs',
    );
    assert.deepEqual(violations(rules, edges), []);
  });

  it('every file of src/core sits in a folder that has a layer', () => {
    const rule = rules.find((r) => r.name === 'core-file-without-level');
    assert.ok(rule?.from.pathNot, 'the rule core-file-without-level is missing from .dependency-cruiser.cjs');
    const unplaced = [...graph.keys()].filter((f) => f.startsWith('src/core/') && !new RegExp(rule.from.pathNot!).test(f));
    assert.deepEqual(unplaced, []);
  });

  it('the layer check refuses an upward import, a sibling import and a door crossed', () => {
    const found = violations(rules, [
      ['src/core/sop/sopFiles.ts', 'src/core/review/render.ts'],
      ['src/core/approval/status.ts', 'src/core/review/types.ts'],
      ['src/extension/main.ts', 'src/cli/main.ts'],
      ['src/core/lint/lint.ts', 'src/core/sop/model.ts'],
    ]);
    assert.deepEqual(
      found.map((v) => v.split(':')[0]),
      ['core-layer-sop', 'core-layer-approval', 'extension-not-cli'],
    );
  });

  it('src has no import cycles', () => {
    const local = new Map([...graph].map(([f, tos]) => [f, tos.filter((t) => graph.has(t))]));
    assert.equal(findCycle(local)?.join(' → '), undefined);
  });

  it('the cycle check finds a cycle through several files', () => {
    const graphWithCycle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    assert.deepEqual(findCycle(graphWithCycle), ['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });
});
