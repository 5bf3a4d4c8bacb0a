import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSop } from '../../../src/core/usecases/sop';
import { defaultConfig } from '../../../src/core/lint/config';
import { createNodeWorkspace } from '../../../src/node/nodeWorkspace';
import { hashForApproval, keepEvidenceCopies } from '../../../src/core/approval/evidenceFiles';
import { evidenceCopyPath } from '../../../src/core/sop/evidenceCopyPaths';
import { resolveInside } from '../../../src/core/workspace/inside';
import { toPosix } from '../../../src/core/workspace/paths';
import { approve, copyOfAcme } from './support';
import { filesUnder, link, put } from '../../support/tempTree';

const disk = createNodeWorkspace('/');
const realPath = disk.realPath;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

// A home folder next to the workspace, with a shell history an SOP tries to get copied into git.
const HISTORY = 'mysql -u root -pTr0ub4dor&3 sales\ncurl -H "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0" https://api.example.com\n';
const ENV_DUMP =
  'PATH=/usr/bin:/bin\nHOME=/home/sam\nDATABASE_URL=postgres://report:Winter2026Sales@db.internal:5432/sales\nGITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a\n';

describe('approval: only files inside the workspace, read within limits, copied by the evidence rules', () => {
  let tmp: string;
  let ws: string;
  let outside: string;
  beforeEach(() => {
    tmp = toPosix(realpathSync(mkdtempSync(join(tmpdir(), 'sop-paths-'))));
    ws = `${tmp}/ws`;
    outside = `${tmp}/outside`;
    put(outside, 'fake-home/.bash_history', HISTORY);
    put(outside, 'victim/keep-me.txt', 'not yours to delete\n');
    put(ws, 'scripts/clean_sales.py', 'import csv\n\nprint("cleaning the October export")\n');
    put(ws, 'notes/close.md', '# Close notes\n\nRun the cleaner, then send the pack to Dana.\n');
    put(ws, 'sops/month-end.sop.md', '# Month-end close\n');
    put(ws, '.env', 'STRIPE_KEY=sk_live_51Hx9aQ2eZvKYlo2C8Wd3fGh7Jk\n');
    put(ws, '.aws/credentials', '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    put(ws, '.config/gh/hosts.yml', 'github.com:\n  oauth_token: gho_16C7e42F292c6912E7710c838347Ae178B4a\n');
    put(ws, 'HR/salaries.csv', 'name,salary\nAmira Khan,52000\n');
    put(ws, 'exports/env-dump.txt', ENV_DUMP);
    put(ws, 'notes/deploy-key.txt', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n');
    put(ws, 'exports/staff.csv', 'Employee Name,NI Number,Annual Salary\nAmira Khan,QQ123456C,52000\n');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  describe('resolveInside', () => {
    it('refuses ".." escapes, absolute paths elsewhere and home folders, and says what to do', async () => {
      for (const p of [
        '../outside/fake-home/.bash_history',
        'notes/../../outside/victim/keep-me.txt',
        `${outside}/victim/keep-me.txt`,
        '/dev/zero',
        '~/.ssh/id_rsa',
        '..\\outside\\victim\\keep-me.txt',
      ]) {
        const r = await resolveInside(ws, p, realPath);
        assert.equal(r.inside, false, p);
        if (!r.inside) assert.match(r.reason, /^outside the workspace: .*; list files inside the workspace folder$/, p);
      }
    });

    it('accepts paths that stay inside, normalised, and absolute paths inside', async () => {
      const r = await resolveInside(ws, './scripts/../notes/close.md', realPath);
      assert.ok(r.inside && r.exists && r.rel === 'notes/close.md' && r.realRel === 'notes/close.md', JSON.stringify(r));
      const a = await resolveInside(ws, `${ws}/scripts/clean_sales.py`, realPath);
      assert.ok(a.inside && a.rel === 'scripts/clean_sales.py');
      const missing = await resolveInside(ws, 'sops/.sop-evidence/month-end/notes/close.md', realPath);
      assert.ok(missing.inside && !missing.exists && missing.real === `${ws}/sops/.sop-evidence/month-end/notes/close.md`);
    });

    it('follows links: a target outside is refused, a target inside is named by its own path', async () => {
      link(ws, 'docs/history.txt', '../../outside/fake-home/.bash_history');
      link(ws, 'docs/settings.txt', '../.env');
      link(ws, 'shared', outside);
      const out = await resolveInside(ws, 'docs/history.txt', realPath);
      assert.ok(!out.inside && /is a link to .*\/outside\/fake-home\/\.bash_history/.test(out.reason));
      const through = await resolveInside(ws, 'shared/victim/new-copy.txt', realPath);
      assert.equal(through.inside, false, 'a file not there yet, under a linked folder, is outside too');
      const env = await resolveInside(ws, 'docs/settings.txt', realPath);
      assert.ok(env.inside && env.rel === 'docs/settings.txt' && env.realRel === '.env');
    });
  });

  describe('SOP: Approve (hashing and kept copies)', () => {
    it('never writes outside the workspace, and keeps no copy of credentials, secrets or personal data', async () => {
      link(ws, 'docs/settings.txt', '../.env');
      link(ws, 'docs/notes.txt', '../.aws/credentials');
      link(ws, 'docs/team.csv', '../HR/salaries.csv');
      link(ws, 'docs/history.txt', '../../outside/fake-home/.bash_history');
      const listed = [
        'scripts/clean_sales.py',
        './notes/close.md',
        '../outside/fake-home/.bash_history',
        `${outside}/victim/keep-me.txt`,
        'docs/history.txt',
        '.config/gh/hosts.yml',
        'exports/env-dump.txt',
        'docs/settings.txt',
        'docs/notes.txt',
        'docs/team.csv',
        'notes/deploy-key.txt',
        'exports/staff.csv',
      ];
      const outsideBefore = filesUnder(outside);
      const hashed = await hashForApproval(ws, listed, disk);
      const kept = await keepEvidenceCopies(ws, 'sops/month-end.sop.md', 'besideSop', hashed, disk);

      assert.deepEqual(filesUnder(outside), outsideBefore, 'nothing written outside the workspace');
      assert.deepEqual(
        filesUnder(tmp).filter((f) => !f.startsWith('ws/') && !f.startsWith('outside/')),
        [],
      );
      assert.deepEqual(kept.copied, ['scripts/clean_sales.py', './notes/close.md']);
      assert.equal(kept.folder, 'sops/.sop-evidence/month-end');
      assert.deepEqual(filesUnder(`${ws}/sops/.sop-evidence`).sort(), ['month-end/notes/close.md', 'month-end/scripts/clean_sales.py']);

      for (const p of ['../outside/fake-home/.bash_history', `${outside}/victim/keep-me.txt`, 'docs/history.txt']) {
        const h = hashed.get(p)!;
        assert.ok(h.status === 'refused' && /^outside the workspace/.test(h.reason), `${p}: ${JSON.stringify(h)}`);
      }
      const why = new Map(kept.notCopied.map((n) => [n.path, n.reason]));
      assert.match(why.get('.config/gh/hosts.yml') ?? '', /holds|sensitive/);
      assert.match(why.get('exports/env-dump.txt') ?? '', /^holds .*approve again to keep a copy$/);
      assert.match(why.get('docs/settings.txt') ?? '', /sensitive: .*\(the link leads to \.env\)/);
      assert.match(why.get('docs/notes.txt') ?? '', /sensitive: .*\(the link leads to \.aws\/credentials\)/);
      assert.match(why.get('docs/team.csv') ?? '', /sensitive: .*(HR|salary).*\(the link leads to HR\/salaries\.csv\)/);
      assert.match(why.get('notes/deploy-key.txt') ?? '', /private key/);
      assert.match(why.get('exports/staff.csv') ?? '', /^personal data/);
      // Refused copies still have their hash recorded: approval compares them later.
      assert.equal(hashed.get('exports/env-dump.txt')!.status, 'hashed');
    });

    it('neither empties nor writes a copy folder that is a link out of the workspace or onto other files', async () => {
      link(ws, 'sops/.sop-evidence', `${outside}/victim`);
      const hashed = await hashForApproval(ws, ['scripts/clean_sales.py'], disk);
      const away = await keepEvidenceCopies(ws, 'sops/month-end.sop.md', 'besideSop', hashed, disk);
      assert.deepEqual(away.copied, []);
      assert.match(away.notCopied[0].reason, /^the copy folder sops\/\.sop-evidence\/month-end is refused \(outside the workspace/);
      assert.deepEqual(filesUnder(`${outside}/victim`), ['keep-me.txt']);

      rmSync(`${ws}/sops/.sop-evidence`);
      put(ws, 'data/month-end/orders.csv', 'id,total\n1,20\n');
      link(ws, 'sops/.sop-evidence', '../data');
      const onto = await keepEvidenceCopies(ws, 'sops/month-end.sop.md', 'besideSop', hashed, disk);
      assert.deepEqual(onto.copied, []);
      assert.match(onto.notCopied[0].reason, /it leads to data\/month-end, which is not a \.sop-evidence folder/);
      assert.ok(existsSync(`${ws}/data/month-end/orders.csv`), 'the linked folder is not emptied');
    });

    it('keeps the copy path inside the copy folder whatever the evidence path says', () => {
      assert.equal(evidenceCopyPath('sops/month-end.sop.md', 'besideSop', '../outside/fake-home/.bash_history'), undefined);
      assert.equal(evidenceCopyPath('sops/month-end.sop.md', 'besideSop', 'notes/../../../x'), undefined);
      assert.equal(evidenceCopyPath('sops/month-end.sop.md', 'workspaceRoot', 'a/../notes/close.md'), '.sop-evidence/sops/month-end/notes/close.md');
    });

    it('returns at once for a device, a pipe, a link to /dev/zero and a 2 GB file, without reading them', async function () {
      link(ws, 'exports/stream.csv', '/dev/zero');
      const big = join(ws, 'exports/huge.csv');
      writeFileSync(big, '');
      truncateSync(big, 2 * 1024 * 1024 * 1024);
      const fifo = join(ws, 'exports/pipe.csv');
      const made = spawnSync('mkfifo', [fifo]).status === 0;
      const listed = ['/dev/zero', 'exports/stream.csv', 'exports/huge.csv', ...(made ? ['exports/pipe.csv'] : []), 'sops'];
      const { value: hashed, ms } = await timed(() => hashForApproval(ws, listed, disk));
      assert.ok(ms < 2000, `took ${ms} ms`);
      const reason = (p: string) => {
        const h = hashed.get(p)!;
        return h.status === 'refused' ? h.reason : h.status;
      };
      assert.match(reason('/dev/zero'), /^outside the workspace: \/dev\/zero is an absolute path elsewhere/);
      assert.match(reason('exports/stream.csv'), /^outside the workspace: exports\/stream\.csv is a link to \/dev\/zero/);
      assert.equal(reason('exports/huge.csv'), 'too large to hash: 2048 MB, over the 256 MB limit');
      if (made) assert.match(reason('exports/pipe.csv'), /^not a regular file \(a pipe, socket or device\)/);
      assert.match(reason('sops'), /^a folder, not a file/);
    });
  });

  describe('sop lint (evidence drift on disk)', () => {
    it('reports a listed file that cannot be hashed, quickly, instead of reading it', async () => {
      const root = copyOfAcme();
      const sop = readFileSync(`${root}/sops/monthly-sales-report.sop.md`, 'utf8');
      const approved = approve(sop, root, ['scripts/clean_sales.py']);
      truncateSync(`${root}/scripts/clean_sales.py`, 2 * 1024 * 1024 * 1024);
      const listed = approved.replaceAll('path: scripts/clean_sales.py', 'path: /dev/zero');
      const started = Date.now();
      // As `sop lint` and the editor's commands check it: the recorded evidence hashed through the workspace port.
      const drift = async (text: string) =>
        (
          await checkSop(createNodeWorkspace(root), { root, path: `${root}/sops/monthly-sales-report.sop.md`, text, config: defaultConfig() })
        ).lint.issues.filter((i) => i.rule === 'evidence-drift');
      const big = await drift(approved);
      const zero = await drift(listed);
      const ms = Date.now() - started;
      assert.ok(ms < 2000, `took ${ms} ms`);
      assert.equal(big.length, 1);
      assert.match(
        big[0].message,
        /^Evidence file "scripts\/clean_sales\.py" cannot be compared with what was approved: too large to hash: 2048 MB, over the 256 MB limit\. Fix the entry/,
      );
      assert.match(zero.find((i) => i.message.includes('/dev/zero'))?.message ?? '', /cannot be compared with what was approved: outside the workspace/);
    });
  });
});
