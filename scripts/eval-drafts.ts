/**
 * `npm run eval:drafts`: drafts every finished-work folder in test/fixtures/work with the offline drafter and
 * scores the draft against the facts a careful person would keep (test/fixtures/work-expected/<name>.json):
 * facts present, gates with their approver before the step they hold, the trigger, the order of the steps,
 * secrets in the prompt or the draft, lint findings, length and the front matter's approver. A measurement,
 * not a gate: it exits 0 however low the scores are.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { collectEvidence } from '../src/core/evidence/collect';
import { draftFrontMatter, titleFromFolder } from '../src/core/draft/document';
import { buildMessages } from '../src/core/draft/prompt';
import { createOfflineProvider } from '../src/core/draft/providers/offline';
import { streamDraft } from '../src/core/draft/stream';
import type { ChatMessage } from '../src/core/draft/types';
import { lintSop } from '../src/core/lint/lint';
import { parseSop, type SopDocument } from '../src/core/sop/model';
import { toPosix } from '../src/core/workspace/paths';
import { indexWorkspace } from '../src/core/workspace/walk';
import { createNodeWorkspace } from '../src/node/nodeWorkspace';

/** The repository root, from wherever the bundle lies under out/ (out/scripts, or a test's folder). */
const REPO = resolve(__dirname.replace(/[\\/]out[\\/].*$/, ''));
export const WORK_ROOT = toPosix(join(REPO, 'test/fixtures/work'));
export const EXPECTED_DIR = join(REPO, 'test/fixtures/work-expected');
const AUDIENCE = 'a new team member';
/** Two printed pages of an ordinary procedure. */
export const PAGE_LIMIT = { lines: 110, words: 1000 };

export interface ExpectedFact {
  id: string;
  /** An exact substring of the draft body ... */
  text?: string;
  /** ... or a regular expression source (matched case-insensitively). */
  pattern?: string;
  what: 'command' | 'file' | 'threshold' | 'timing' | 'system' | 'rule';
}

export interface ExpectedGate {
  what: string;
  /** Name or role (a regex source, case-insensitive) that must stand in the gate's own step or sentence. */
  approver: string;
  /** Regex source of what the gate is about ("200", "test login"), which must stand in that same step or sentence. */
  about?: string;
  /** Regex source of the step the gate must come before. */
  mustPrecede: string;
}

export interface Expected {
  folder: string;
  kind: string;
  trigger: { kind: 'event' | 'schedule'; mustMention: string[] };
  facts: ExpectedFact[];
  gates: ExpectedGate[];
  order: string[];
  secrets: string[];
  notApproverOfProcedure: string[];
}

export interface GateScore {
  what: string;
  /** A step or sentence holds an approval word, the approver and what the gate is about. */
  named: boolean;
  /** That step comes before the first other step matching mustPrecede (or says "before"/"until" itself). */
  beforeStep: boolean;
}

export interface FolderScore {
  folder: string;
  kind: string;
  facts: { found: number; total: number; missing: string[] };
  gates: GateScore[];
  trigger: { expected: 'event' | 'schedule'; got: 'event' | 'schedule' | 'none'; missingWords: string[]; ok: boolean };
  /** Steps of `order` found, and the longest run of them in the right order. */
  order: { total: number; found: number; inOrder: number; missing: string[] };
  secrets: { inPrompt: string[]; inDraft: string[] };
  lint: { errors: number; warnings: number; rules: string[] };
  length: { lines: number; words: number };
  approver: string | undefined;
  /** The front matter's approver is someone who approved only one decision. */
  wrongApprover: boolean;
  excluded: string[];
  /** What was scored, for tests and for reading a draft in full. */
  prompt: ChatMessage[];
  body: string;
  text: string;
}

export function readExpected(name: string, dir = EXPECTED_DIR): Expected {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Expected;
}

export function workFolders(root = WORK_ROOT): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const re = (source: string): RegExp => new RegExp(source, 'i');
/** The draft's own words: an evidence citation names files ("approval-over-200.eml") the sentence does not speak of. Bounded, so an unclosed "(evidence:" costs no more than 500 characters a try. */
const ownWords = (text: string): string => text.replace(/\(evidence:[^)\n]{0,500}\)/g, '');

async function draftFolder(root: string, folder: string) {
  const workspace = createNodeWorkspace('/');
  const bundle = await collectEvidence([`${root}/${folder}`], { workspace, root });
  const title = titleFromFolder(folder);
  const prompt = buildMessages(bundle, { audience: AUDIENCE, title, workdir: folder });
  let body = '';
  const result = await streamDraft(
    createOfflineProvider(),
    { bundle, audience: AUDIENCE, title, workdir: folder, messages: prompt },
    (t) => void (body += t),
    new AbortController().signal,
  );
  if (result.error) throw new Error(`The offline drafter failed on ${folder}: ${result.error.message} Fix the drafter or the fixture, then run again.`);
  const head = draftFrontMatter(bundle, { title, audience: AUDIENCE, provider: 'offline', model: 'offline', workdir: folder, at: '2026-11-30T00:00:00Z' });
  return { bundle, prompt, body, text: head + body };
}

/** The steps, then every sentence: the units a gate and its approver must share. */
function units(doc: SopDocument): Array<{ text: string; start: number; step: boolean }> {
  return [
    ...doc.steps.map((s) => ({ text: ownWords(s.text), start: s.start, step: true })),
    ...doc.sentences.map((s) => ({ text: ownWords(s.text), start: s.start, step: false })),
  ];
}

const GATE_WORDS = /\b(?:approv\w*|sign(?:s|ed)?[ -]off|signs?|confirm\w*|authori[sz]\w*|OKs?|agree\w*)\b/i;
const BEFORE_WORDS = /\b(?:before|until|only (?:after|once|when)|not \w+ (?:until|before))\b/i;

function scoreGate(doc: SopDocument, gate: ExpectedGate): GateScore {
  const approver = re(gate.approver);
  const about = re(gate.about ?? '');
  const held = units(doc).filter((u) => GATE_WORDS.test(u.text) && approver.test(u.text) && about.test(u.text));
  if (held.length === 0) return { what: gate.what, named: false, beforeStep: false };
  const precede = re(gate.mustPrecede);
  const steps = doc.steps;
  const beforeStep = held.some((u) => {
    if (!u.step) return false;
    if (precede.test(u.text)) return BEFORE_WORDS.test(u.text);
    const next = steps.find((s) => s.start !== u.start && precede.test(ownWords(s.text)));
    return next !== undefined && u.start < next.start;
  });
  return { what: gate.what, named: true, beforeStep };
}

const SCHEDULE =
  /\b(?:every\b(?! time\b)|each (?:day|week|month|quarter|morning|monday|tuesday|wednesday|thursday|friday)|daily|weekly|monthly|quarterly|nightly|cron|month(?:-end| has ended))\b/i;

const EVENT = /\b(?:when|whenever|once|as soon as|after|each time|every time|on receipt)\b/i;

function scoreTrigger(doc: SopDocument, expected: Expected['trigger']): FolderScore['trigger'] {
  const section = doc.sectionsOf('trigger')[0];
  // A question to the owner is not a trigger, and neither are the evidence citations.
  const text = section ? ownWords(doc.text.slice(section.heading.end, section.end)).replace(/(?:\*\*)?Question for the owner:[^\n]*/gi, '') : '';
  const got = SCHEDULE.test(text) ? 'schedule' : EVENT.test(text) ? 'event' : 'none';
  const missingWords = expected.mustMention.filter((w) => !re(w).test(text));
  return { expected: expected.kind, got, missingWords, ok: got === expected.kind && missingWords.length === 0 };
}

/** The longest run of `at` (positions, -1 = missing) that never goes back: how many steps stand in the right order (two in one step are in order). */
function longestInOrder(at: number[]): number {
  const found = at.filter((i) => i >= 0);
  const best = found.map(() => 1);
  for (let i = 0; i < found.length; i++) for (let j = 0; j < i; j++) if (found[j] <= found[i]) best[i] = Math.max(best[i], best[j] + 1);
  return Math.max(0, ...best);
}

function scoreOrder(doc: SopDocument, order: string[]): FolderScore['order'] {
  const stepsText = doc.steps.map((s) => ownWords(s.text));
  const at = order.map((source) => stepsText.findIndex((t) => re(source).test(t)));
  return { total: order.length, found: at.filter((i) => i >= 0).length, inOrder: longestInOrder(at), missing: order.filter((_, i) => at[i] < 0) };
}

function frontMatterApprover(text: string): string | undefined {
  const end = text.indexOf('\n---\n');
  if (!text.startsWith('---\n') || end < 0) return undefined;
  const data = parseYaml(text.slice(4, end)) as { approver?: unknown } | null;
  return typeof data?.approver === 'string' ? data.approver : undefined;
}

const messageText = (messages: ChatMessage[]): string =>
  messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n'))).join('\n');

export type DraftScore = Omit<FolderScore, 'lint' | 'excluded'>;

/** Scores a draft (front matter and body) and the prompt it was drafted from against a folder's expected facts. */
export function scoreDraft(expected: Expected, draft: { text: string; body: string; prompt: ChatMessage[] }): DraftScore {
  const { text, body, prompt } = draft;
  const doc = parseSop(text);
  // A citation names every evidence file, so a file counts only where the draft's own words use it.
  const prose = ownWords(body);
  const missing = expected.facts.filter((f) => !(f.text !== undefined ? prose.includes(f.text) : re(f.pattern ?? '$^').test(prose)));
  const promptText = messageText(prompt);
  const approver = frontMatterApprover(text);
  return {
    folder: expected.folder,
    kind: expected.kind,
    facts: { found: expected.facts.length - missing.length, total: expected.facts.length, missing: missing.map((f) => `${f.id} (${f.what})`) },
    gates: expected.gates.map((g) => scoreGate(doc, g)),
    trigger: scoreTrigger(doc, expected.trigger),
    order: scoreOrder(doc, expected.order),
    secrets: { inPrompt: expected.secrets.filter((s) => promptText.includes(s)), inDraft: expected.secrets.filter((s) => text.includes(s)) },
    length: { lines: body.split('\n').filter((l) => l.trim()).length, words: body.split(/\s+/).filter(Boolean).length },
    approver,
    wrongApprover: approver !== undefined && expected.notApproverOfProcedure.some((n) => approver.toLowerCase().includes(n.toLowerCase())),
    prompt,
    body,
    text,
  };
}

/** Drafts one folder offline and scores the draft against its expected facts, with lint's findings on it. */
export async function scoreFolder(name: string, o: { root?: string; expectedDir?: string } = {}): Promise<FolderScore> {
  const root = o.root ?? WORK_ROOT;
  const expected = readExpected(name, o.expectedDir);
  const { bundle, prompt, body, text } = await draftFolder(root, name);
  const index = await indexWorkspace(createNodeWorkspace(root));
  const lint = lintSop({ text, filePath: `${root}/sops/${name}.sop.md`, workspace: index, root });
  return {
    ...scoreDraft(expected, { text, body, prompt }),
    lint: {
      errors: lint.issues.filter((i) => i.severity === 'error').length,
      warnings: lint.issues.filter((i) => i.severity === 'warning').length,
      rules: [...new Set(lint.issues.map((i) => i.rule))],
    },
    excluded: bundle.excluded.map((e) => `${e.path}: ${e.reason}`),
  };
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${Math.round((100 * n) / d)}%`);

export function tableOf(scores: FolderScore[]): string {
  const head = ['folder', 'facts', 'gates', 'gate<step', 'trigger', 'order', 'secrets p/d', 'lint e/w', 'lines/words', 'approver'];
  const rows = scores.map((s) => [
    s.folder,
    `${pct(s.facts.found, s.facts.total)} ${s.facts.found}/${s.facts.total}`,
    `${s.gates.filter((g) => g.named).length}/${s.gates.length}`,
    `${s.gates.filter((g) => g.beforeStep).length}/${s.gates.length}`,
    `${s.trigger.ok ? 'ok' : 'NO'} ${s.trigger.got}`,
    `${s.order.inOrder}/${s.order.total}`,
    `${s.secrets.inPrompt.length}/${s.secrets.inDraft.length}`,
    `${s.lint.errors}/${s.lint.warnings}`,
    `${s.length.lines}/${s.length.words}${s.length.lines > PAGE_LIMIT.lines || s.length.words > PAGE_LIMIT.words ? '!' : ''}`,
    `${s.approver ?? '(none)'}${s.wrongApprover ? ' WRONG' : ''}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The misses a reader should look at first, most serious first. */
export function worstMisses(s: FolderScore, max = 6): string[] {
  const out: string[] = [];
  for (const v of s.secrets.inPrompt) out.push(`secret in prompt: ${v}`);
  for (const v of s.secrets.inDraft) out.push(`secret in draft: ${v}`);
  for (const g of s.gates) if (!g.named) out.push(`gate missing or without its approver: ${g.what}`);
  for (const g of s.gates) if (g.named && !g.beforeStep) out.push(`gate not before the step it holds: ${g.what}`);
  if (s.wrongApprover) out.push(`approver of one decision made approver of the procedure: ${s.approver}`);
  if (!s.trigger.ok)
    out.push(
      `trigger: expected ${s.trigger.expected}, got ${s.trigger.got}${s.trigger.missingWords.length ? `; missing ${s.trigger.missingWords.join(', ')}` : ''}`,
    );
  if (s.order.missing.length) out.push(`steps not found: ${s.order.missing.join(' | ')}`);
  if (s.facts.missing.length) out.push(`facts missing: ${s.facts.missing.join(', ')}`);
  return out.slice(0, max);
}

async function main(): Promise<void> {
  if (!existsSync(WORK_ROOT)) {
    console.log(`No work folders at ${WORK_ROOT}: nothing to measure. Run from a checkout that has test/fixtures/work.`);
    return;
  }
  const scores: FolderScore[] = [];
  for (const name of workFolders()) {
    try {
      scores.push(await scoreFolder(name));
    } catch (e) {
      console.log(`${name}: not scored: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(tableOf(scores));
  for (const s of scores) {
    const misses = worstMisses(s);
    console.log(`\n${s.folder}${misses.length ? '' : ': nothing missed'}`);
    for (const m of misses) console.log(`  - ${m}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`eval:drafts stopped: ${e instanceof Error ? e.message : String(e)}`);
  });
}
