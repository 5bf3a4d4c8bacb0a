import { execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, ftruncateSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, crashReason } from './cli.mjs';
import { promptMessages, tempWorkspace, writeFiles } from './workspace.mjs';
import { docxBomb, xlsxBomb } from './zipBomb.mjs';

/**
 * Measurement 5: the issue's hostile inputs, each in a workspace of its own, through the CLI with the
 * 20 s limit. Reports how long each took, whether it crashed (see crashReason) and its peak memory.
 */

const SLOW_MS = 2000;

const approvedSop = (evidence) =>
  `---\ntitle: Month-end close\ntype: sop\nstatus: approved\nowner: Sam Lee (Operations assistant)\napprover: Priya Nair (Finance manager)\napproval:\n  by: Priya Nair (Finance manager)\n  date: 2026-11-04\n  evidence:\n${evidence.map((e) => `    - path: ${e}\n      sha256: ${'0'.repeat(64)}\n`).join('')}---\n\n# Month-end close\n\n## Steps\n\n1. Run \`python3 scripts/reconcile.py\` — mechanical.\n`;

const lint = (sop) => (ws) => ['lint', '--workspace', ws, join(ws, sop)];
const evidence = (folder) => (ws) => ['evidence', '--workspace', ws, join(ws, folder)];
const prompt = (folder) => (ws) => ['prompt', '--workspace', ws, join(ws, folder)];

/** [id, what, setup(ws) (may be async), args(ws), check?(run) → extra problem] */
const INPUTS = [
  [
    'glob-82-bytes',
    '82-byte SOP with data/*x*x*x*x*x*x*x*x*xy.csv',
    (ws) => {
      writeFiles(ws, [
        ['sops/a.sop.md', '# A\n\n## Steps\n\n1. Open `data/*x*x*x*x*x*x*x*x*xy.csv`.\n'],
        [`data/${'x'.repeat(60)}.csv`, 'a\n'],
        [`data/${'x'.repeat(45)}z.csv`, 'a\n'],
      ]);
    },
    lint('sops/a.sop.md'),
  ],
  [
    'template-249-bytes',
    '249-byte SOP with template parts in paths',
    (ws) => {
      const sop =
        '# Close\n\n## Steps\n\n1. Open `out/<a><b><c><d><e><f><g><h><i><j><k>z.csv`.\n2. Open `out/{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}z.csv`.\n3. Open `out/YYYY-MM-DD-YYYY-MM-DD-YYYY-MM-DD-YYYY-MM-DD-<x>-<y>-<z>.csv` and `out/${a}${b}${c}${d}x.csv`.\n';
      writeFiles(ws, [
        ['sops/b.sop.md', sop],
        [`out/${'a'.repeat(50)}.csv`, 'a\n'],
        [`out/${'1'.repeat(4)}-${'1'.repeat(60)}.csv`, 'a\n'],
      ]);
    },
    lint('sops/b.sop.md'),
  ],
  [
    'emphasis-400kb',
    '400 KB mix of emphasis marks',
    (ws) => {
      const marks = ['*', '_', '**', '__', '*a', '_b', ' *', '_ ', '`', '~~'];
      let s = '# Close\n\n## Steps\n\n1. ';
      let i = 0;
      while (s.length < 400 * 1024) s += marks[(i = (i * 7 + 3) % marks.length)];
      writeFiles(ws, [['sops/c.sop.md', s + '\n']]);
    },
    lint('sops/c.sop.md'),
  ],
  [
    'single-word-500kb',
    '500 KB single word',
    (ws) => writeFiles(ws, [['sops/d.sop.md', `# Close\n\n## Steps\n\n1. ${'reconcile'.repeat(Math.ceil((500 * 1024) / 9))}\n`]]),
    lint('sops/d.sop.md'),
  ],
  [
    'nested-list-10k',
    '10,000 nested list items',
    (ws) => writeFiles(ws, [['sops/e.sop.md', `# Close\n\n## Steps\n\n${'- '.repeat(10_000)}step\n`]]),
    lint('sops/e.sop.md'),
  ],
  [
    'nested-image-20k',
    '`![` nested 20,000 deep',
    (ws) => writeFiles(ws, [['sops/f.sop.md', `# Close\n\n## Steps\n\n1. ${'!['.repeat(20_000)}x${'](y)'.repeat(100)}\n`]]),
    lint('sops/f.sop.md'),
  ],
  [
    'gitignore-crafted',
    'crafted .gitignore for evidence collection',
    (ws) => {
      const patterns = Array.from({ length: 200 }, (_, i) => `${'*a'.repeat(12)}*${String.fromCharCode(98 + (i % 20))}`).join('\n');
      writeFiles(ws, [
        ['work/.gitignore', patterns + '\n**/**/**/**/**/**/**/**/**/**/z\n'],
        ...Array.from({ length: 50 }, (_, i) => [`work/${'a'.repeat(40 + i)}.txt`, 'note\n']),
      ]);
    },
    evidence('work'),
  ],
  [
    'docx-bomb',
    'DOCX zip bomb (200 KB expanding to 200 MB)',
    (ws) => {
      writeFiles(ws, [['work/notes.txt', 'The close notes.\n']]);
      writeFileSync(join(ws, 'work/Close-procedure.docx'), docxBomb(200));
    },
    prompt('work'),
  ],
  [
    'xlsx-bomb',
    'XLSX zip bomb (600 KB expanding to 200 MB)',
    (ws) => {
      writeFiles(ws, [['work/notes.txt', 'The close notes.\n']]);
      writeFileSync(join(ws, 'work/payouts.xlsx'), xlsxBomb(200));
    },
    prompt('work'),
  ],
  [
    'json-nested-100k',
    'JSON nested 100,000 deep in the evidence',
    (ws) =>
      writeFiles(ws, [
        ['work/run.json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
        ['work/list.json', '['.repeat(100_000) + ']'.repeat(100_000)],
      ]),
    prompt('work'),
  ],
  [
    'html-nested-100k',
    'HTML nested 100,000 deep in the evidence',
    (ws) => writeFiles(ws, [['work/wiki.html', `<html><body>${'<div>'.repeat(100_000)}close${'</div>'.repeat(100_000)}</body></html>`]]),
    prompt('work'),
  ],
  [
    'markdown-nested-evidence',
    'Markdown note with 20,000 nested quotes and lists',
    (ws) => writeFiles(ws, [['work/notes.md', `${'> '.repeat(20_000)}x\n\n${'- '.repeat(20_000)}y\n`]]),
    prompt('work'),
  ],
  [
    'lint-config-nested-100k',
    '.sop-lint.jsonc nested 100,000 deep',
    (ws) =>
      writeFiles(ws, [
        ['.sop-lint.jsonc', `{ "rules": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`],
        ['sops/g.sop.md', '# Close\n\n## Steps\n\n1. Run it.\n'],
      ]),
    lint('sops/g.sop.md'),
  ],
  [
    'evidence-dev-zero',
    'approved SOP listing /dev/zero as evidence',
    (ws) => writeFiles(ws, [['sops/h.sop.md', approvedSop(['/dev/zero', '../../../../../../dev/zero'])]]),
    lint('sops/h.sop.md'),
  ],
  [
    'evidence-link-dev-zero',
    'approved SOP listing a link to /dev/zero inside the workspace',
    (ws) => {
      writeFiles(ws, [['sops/i.sop.md', approvedSop(['exports/bank.csv'])]]);
      mkdirSync(join(ws, 'exports'), { recursive: true });
      symlinkSync('/dev/zero', join(ws, 'exports/bank.csv'));
    },
    lint('sops/i.sop.md'),
  ],
  [
    'evidence-2gb-sparse',
    'approved SOP listing a 2 GB (sparse) file',
    (ws) => {
      writeFiles(ws, [['sops/j.sop.md', approvedSop(['exports/full-ledger.csv'])]]);
      mkdirSync(join(ws, 'exports'), { recursive: true });
      const fd = openSync(join(ws, 'exports/full-ledger.csv'), 'w');
      ftruncateSync(fd, 2 * 1024 ** 3);
      closeSync(fd);
    },
    lint('sops/j.sop.md'),
  ],
  [
    'fifo-in-evidence',
    'a FIFO in the evidence folder',
    (ws) => {
      writeFiles(ws, [['work/notes.txt', 'The close notes.\n']]);
      execFileSync('mkfifo', [join(ws, 'work/export.csv')]);
    },
    prompt('work'),
  ],
  [
    'fifo-as-evidence-entry',
    'approved SOP listing a FIFO as evidence',
    (ws) => {
      writeFiles(ws, [['sops/k.sop.md', approvedSop(['exports/feed.csv'])]]);
      mkdirSync(join(ws, 'exports'), { recursive: true });
      execFileSync('mkfifo', [join(ws, 'exports/feed.csv')]);
    },
    lint('sops/k.sop.md'),
  ],
  [
    'many-small-files',
    '50,000 small files (the prompt budget must hold)',
    (ws) => {
      for (let d = 0; d < 50; d++) {
        const dir = join(ws, 'work', `batch-${d}`);
        mkdirSync(dir, { recursive: true });
        for (let f = 0; f < 1000; f++) writeFileSync(join(dir, `note-${f}.txt`), `Receipt ${d}-${f} checked and filed.\n`);
      }
    },
    prompt('work'),
    (run) => {
      const { system, user } = promptMessages(run.stdout);
      const chars = system.length + user.length;
      return chars > 120_000 ? `prompt of ${chars.toLocaleString('en-US')} characters, over the 120,000 budget` : undefined;
    },
  ],
  [
    'review-glob',
    'sop review of the 82-byte SOP',
    (ws) => {
      writeFiles(ws, [
        ['sops/a.sop.md', '# A\n\n## Steps\n\n1. Open `data/*x*x*x*x*x*x*x*x*xy.csv`.\n'],
        [`data/${'x'.repeat(60)}.csv`, 'a\n'],
      ]);
    },
    (ws) => ['review', '--workspace', ws, join(ws, 'sops/a.sop.md')],
  ],
];

async function tryInput(cli, [id, what, setup, args, check]) {
  const ws = tempWorkspace(`hostile-${id}`);
  try {
    await setup(ws);
  } catch (e) {
    return { id, what, tried: false, reason: e.message };
  }
  const run = await runCli(cli, args(ws), { cwd: ws });
  const crash = crashReason(run);
  const extra = !run.timedOut && check ? check(run) : undefined;
  return {
    id,
    what,
    tried: true,
    ms: Math.round(run.ms),
    slow: run.ms > SLOW_MS,
    crashed: !!crash,
    crash,
    problem: extra,
    exit: run.code,
    rssMB: run.rssMB === undefined ? undefined : Math.round(run.rssMB),
    message: run.stderr.trim().split('\n')[0]?.slice(0, 160) || undefined,
  };
}

export async function measureHostileInputs(cli) {
  const results = await Promise.all(INPUTS.map((input) => tryInput(cli, input)));
  const tried = results.filter((r) => r.tried);
  return {
    tried: tried.length,
    slow: tried.filter((r) => r.slow).length,
    crashed: tried.filter((r) => r.crashed).length,
    otherProblems: tried.filter((r) => r.problem).length,
    notTried: results.filter((r) => !r.tried).map((r) => `${r.id}: ${r.reason}`),
    results,
  };
}
