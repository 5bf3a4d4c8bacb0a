// `npm test`: typecheck, lint (ESLint and the layer check), build, unit tests (mocha, plain node), integration
// tests in a real VS Code extension host, UI tests in a real workbench. Prints one closing line that counts every
// test: `total: N passed, N failed`. Stops at the first stage that cannot run (typecheck or build); a lint failure
// counts as one failure and the tests still run.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', '.', '--noEmit'], counts: false, stops: true },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'], counts: false, stops: false },
  { name: 'build', cmd: ['node', 'esbuild.config.mjs', '--tests'], counts: false, stops: true },
  { name: 'unit', cmd: ['npx', 'mocha'], counts: true },
  { name: 'integration', cmd: ['node', 'test/host/run-integration.mjs'], counts: true },
  { name: 'ui', cmd: ['node', 'test/host/run-ui.mjs'], counts: true },
];

function run(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(stage.cmd[0], stage.cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      // eslint-disable-next-line no-control-regex -- the colour codes of the test reporters are what is removed
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      let passed = 0;
      let failed = 0;
      const mochaPass = plain.match(/^\s*(\d+) passing/m);
      const mochaFail = plain.match(/^\s*(\d+) failing/m);
      const ours = [...plain.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
      if (ours) [passed, failed] = [Number(ours[1]), Number(ours[2])];
      else if (mochaPass) [passed, failed] = [Number(mochaPass[1]), Number(mochaFail?.[1] ?? 0)];
      if (stage.counts && code !== 0 && failed === 0) failed = 1;
      resolve({ code: code ?? 1, passed, failed, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const results = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const r = await run(stage);
  results.push({ stage: stage.name, ...r });
  if (r.code !== 0 && stage.stops) break;
}

console.log('\n=== summary');
for (const r of results) {
  console.log(
    `${r.stage.padEnd(12)} ${r.code === 0 ? 'ok  ' : 'FAIL'} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`,
  );
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0) + results.filter((r) => r.code !== 0 && r.failed === 0).length;
console.log(`total: ${passed} passed, ${failed} failed`);
process.exitCode = results.every((r) => r.code === 0) && results.length === stages.length ? 0 : 1;
