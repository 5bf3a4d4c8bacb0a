#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanupTimeReports } from './cli.mjs';
import { createRandom } from './prng.mjs';
import { removeWorkspaces } from './workspace.mjs';
import { measureSecrets } from './secrets.mjs';
import { measureNames } from './names.mjs';
import { measureWorkflowInjection } from './workflowInjection.mjs';
import { measurePromptInjection } from './promptInjection.mjs';
import { measureHostileInputs } from './hostile.mjs';
import { printReport } from './report.mjs';

/**
 * `npm run security`: attacks the built `sop` CLI the way the issue "Safe to point at a real business
 * folder" describes and prints what still gets through. It measures; it does not fail the build.
 *   --json        one JSON object instead of the table
 *   --cli PATH    the CLI bundle to attack (default dist/cli.js)
 *   --seed N      the seed of the fake secrets (default: a new one each run, printed)
 *   --only LIST   comma-separated: secrets,names,workflow,prompt,hostile
 *   --keep        keep the temporary workspaces (their paths are printed)
 */

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    cli: { type: 'string', default: join(here, '../../dist/cli.js') },
    seed: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const cli = resolve(values.cli);
if (!existsSync(cli)) {
  console.error(`security: ${cli} does not exist; build it with "node esbuild.config.mjs" or pass --cli PATH.`);
  process.exit(2);
}
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const only = new Set((values.only ?? 'secrets,names,workflow,prompt,hostile').split(','));
const started = performance.now();

const measurements = {
  secrets: () => measureSecrets(cli, createRandom(seed)),
  names: () => measureNames(cli),
  workflow: () => measureWorkflowInjection(cli),
  prompt: () => measurePromptInjection(cli),
  hostile: () => measureHostileInputs(cli),
};
const results = {};
try {
  // The CLI runner allows two processes at a time, so the measurements can all start at once.
  await Promise.all(
    Object.entries(measurements)
      .filter(([name]) => only.has(name))
      .map(async ([name, measure]) => {
        try {
          results[name] = await measure();
        } catch (e) {
          results[name] = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
        }
      }),
  );
} finally {
  if (!values.keep) removeWorkspaces();
  cleanupTimeReports();
}
const report = { cli, seed, seconds: Math.round((performance.now() - started) / 100) / 10, ...results };
if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
else printReport(report);
// Findings are the output, not a failure; a measurement that could not run is.
if (Object.values(results).some((m) => m.error)) process.exitCode = 1;
