// The main job on the bundled example: draft an SOP from examples/month-end-close with the offline
// drafter (no key, no network), then lint it. A new draft never overwrites an earlier one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const sop = (...args) => spawnSync(process.execPath, [join(repo, 'dist/cli.js'), ...args], { cwd: repo, encoding: 'utf8' });

const draft = sop('draft', '--provider', 'offline', '--out', 'out/example/month-end-close.sop.md', 'examples/month-end-close');
process.stderr.write(draft.stderr);
if (draft.status !== 0) process.exit(draft.status ?? 1);
const file = draft.stdout.trim();
const text = readFileSync(join(repo, file), 'utf8');
const body = text.slice(text.indexOf('\n# '));
console.log(`\n${file} (${text.length.toLocaleString()} characters) begins:\n`);
console.log(body.split('\n').slice(0, 40).join('\n'));
console.log('...\n\nsop lint:');
const lint = sop('lint', file);
process.stdout.write(lint.stdout + lint.stderr);
process.exit(lint.status ?? 1);
