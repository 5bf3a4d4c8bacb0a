import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from './helpers';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('layering', () => {
  const core = tsFiles(join(REPO, 'src/core'));

  it('finds the core sources', () => {
    assert.ok(core.length > 10, `only ${core.length} files under src/core`);
  });

  it('src/core never imports vscode', () => {
    const offenders = core.filter((f) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(REPO, f)), []);
  });

  it('src/core never imports the editor adapters or the CLI', () => {
    const offenders = core.filter((f) => /from\s+['"](?:\.\.\/)+(?:extension|cli)\//.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(REPO, f)), []);
  });

  it('src/core does not touch the disk or the network', () => {
    const offenders = core.filter((f) => /from\s+['"](?:node:)?(?:fs|fs\/promises|http|https|net|child_process)['"]/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(REPO, f)), []);
  });
});
