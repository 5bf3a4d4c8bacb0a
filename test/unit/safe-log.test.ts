import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { redactingLog, rememberSecret } from '../../src/extension/safeLog';

// Test values are assembled from parts so that no complete secret-looking literal sits in the repository.
const j = (...parts: string[]) => parts.join('');

/** A stand-in for VS Code's log channel that keeps what was written. */
function channel() {
  const lines: string[] = [];
  const write = (m: string) => void lines.push(m);
  const fake = {
    name: 'SOP Builder',
    info: write,
    warn: write,
    error: write,
    debug: write,
    trace: write,
    appendLine: write,
    append: write,
    show: () => lines.push('shown'),
  };
  return { lines, log: redactingLog(fake as unknown as vscode.LogOutputChannel) };
}

describe('extension: the log never holds a secret', () => {
  it('scrubs secrets quoted in error messages from a model endpoint or a library', () => {
    const { lines, log } = channel();
    const key = j('sk-', 'proj-', 'Qm7Zt2Lw9Xc4Vb8Nn1Rr5Ty3Uu6Ii0Oo2Pp4Aa');
    log.error(`Draft failed: 401 Incorrect API key provided: ${key}`);
    log.warn(new Error('connect failed for postgres://ops:Wint3r-Night@db.internal:5432/ledger') as unknown as string);
    log.info('Evidence: 12 included');
    assert.equal(lines.length, 3);
    assert.ok(!lines.join('\n').includes(key.slice(8)), lines[0]);
    assert.ok(!lines.join('\n').includes('Wint3r-Night'), lines[1]);
    assert.match(lines[0], /Incorrect API key provided: \[redacted/);
    assert.equal(lines[2], 'Evidence: 12 included');
  });

  it('scrubs the stored API key whatever its shape, even one no rule knows', () => {
    const { lines, log } = channel();
    const odd = 'plain-words-key-42';
    rememberSecret(odd);
    log.error(`The endpoint said: key ${odd} is not valid for this model`);
    assert.ok(!lines[0].includes(odd));
    assert.match(lines[0], /\[redacted: API key\]/);
  });

  it('passes everything else through to the channel', () => {
    const { lines, log } = channel();
    log.show();
    assert.deepEqual(lines, ['shown']);
    assert.equal(log.name, 'SOP Builder');
  });
});
