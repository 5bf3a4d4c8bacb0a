import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temporary workspaces the attacks are built in; all removed at the end of the run. */
const made = [];
/** In memory when the machine has it: tens of thousands of small files are slow to create and delete on disk. */
const base = process.env.SOP_SECURITY_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

export function tempWorkspace(label) {
  const dir = mkdtempSync(join(base, `sop-security-${label}-`));
  made.push(dir);
  return dir;
}

export function removeWorkspaces() {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(root, files) {
  for (const [rel, text] of files) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Every regular file's text under a folder (for the skill export and drafts). */
export function readTree(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size < 20 * 1024 * 1024) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** The text of the messages `sop prompt` printed, system and user apart; raw output if it is not JSON. */
export function promptMessages(stdout) {
  try {
    const messages = JSON.parse(stdout);
    const text = (m) =>
      typeof m.content === 'string'
        ? m.content
        : m.content
            .filter((p) => p.type === 'text')
            .map((p) => p.text)
            .join('\n');
    return {
      system: messages
        .filter((m) => m.role === 'system')
        .map(text)
        .join('\n'),
      user: messages
        .filter((m) => m.role !== 'system')
        .map(text)
        .join('\n'),
      parsed: true,
    };
  } catch {
    return { system: '', user: stdout, parsed: false };
  }
}
