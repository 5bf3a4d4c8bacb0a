/**
 * What a step after an approval gate does, in the terms a tool call can be checked against: the acting verbs
 * its text uses ("Email the customer" → email) and the commands its code spans run (`stripe refunds create …`
 * → stripe refunds create). The generated hook matches tool calls against these, so both sides share the
 * word forms below (the hook's copy is the data embedded in it).
 */

/** Verbs that act for someone or change the world outside the workspace: what a gate holds back. */
export const ACTION_STEMS: readonly string[] = [
  'send',
  'email',
  'mail',
  'post',
  'pay',
  'payout',
  'publish',
  'submit',
  'deploy',
  'merge',
  'release',
  'transfer',
  'wire',
  'refund',
  'notify',
  'upload',
  'share',
  'charge',
  'invoice',
  'push',
  'announce',
  'tweet',
  'cancel',
  'delete',
];

/** Irregular forms, so "paid" and "sent" mean pay and send. */
export const IRREGULAR_FORMS: Readonly<Record<string, string>> = { paid: 'pay', sent: 'send', payment: 'pay', payments: 'pay' };

/** Endings that keep a verb's meaning: refunds, refunded, emailing, published. */
export const STEM_ENDINGS: readonly string[] = ['s', 'es', 'ed', 'd', 'ing', 'er', 'ers'];

/** Words of a text or a name, lower case: camelCase, snake_case, paths and URLs are split; "e-mail" is one word. */
export function wordsOf(text: string): string[] {
  return text
    .slice(0, 20_000)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\be-mail/g, 'email')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The action stem a word is a form of, if it is one. */
export function stemOf(word: string): string | undefined {
  const irregular = IRREGULAR_FORMS[word];
  if (irregular) return irregular;
  if (ACTION_STEMS.includes(word)) return word;
  for (const ending of STEM_ENDINGS) {
    if (!word.endsWith(ending)) continue;
    const base = word.slice(0, -ending.length);
    if (ACTION_STEMS.includes(base)) return base;
    // "shared", "released": the stem's final e was kept by the ending.
    if (ACTION_STEMS.includes(`${base}e`)) return `${base}e`;
  }
  return undefined;
}

/** The acting verbs a step's text uses, each once, in the order they first appear. */
export function actionStemsIn(text: string): string[] {
  const stems = wordsOf(text).map(stemOf);
  return [...new Set(stems.filter((s): s is string => s !== undefined))];
}

/** Programs that run a script named in the next word: the script, not the program, says what runs. */
const INTERPRETERS = new Set(['python', 'python3', 'bash', 'sh', 'zsh', 'node', 'deno', 'bun', 'ruby', 'perl', 'pwsh', 'php', 'rscript', 'tsx', 'ts-node']);
/** Runners whose next words name the task (`npm run deploy`, `npx vercel deploy`). */
const RUNNERS = new Set(['npm', 'npx', 'pnpm', 'yarn', 'make', 'just', 'task', 'uv', 'poetry', 'cargo', 'go', 'dotnet']);
const PROGRAM = /^[\w./-]{1,120}$/;
const DATA_FILE = /\.(?:csv|tsv|json|jsonl|md|txt|xlsx?|pdf|ya?ml|log|xml|html?|png|jpe?g|zip)$/i;
const SCRIPT_FILE = /\.(?:sh|bash|py|js|mjs|cjs|ts|rb|pl|ps1|r|php)$/i;
const SUBCOMMAND = /^[a-z][a-z0-9_-]{0,40}$/;
const MAX_COMMAND_WORDS = 3;

const basename = (word: string) => word.replace(/^.*[\\/]/, '');

/**
 * The words that identify the command of a code span, as the hook compares them with a shell command: the
 * program (its file name) and the subcommands that follow, up to three words, stopping at an option, a
 * placeholder or an argument; for an interpreter, the script it runs alone (however the script is started). Undefined when the span is not a command (a
 * file name, a value) or too generic to tell apart from any other use of its program (`curl`, `python3`).
 */
export function commandKey(span: string): string[] | undefined {
  const words = span.trim().split(/\s+/).slice(0, 12);
  const first = words[0] ?? '';
  if (!PROGRAM.test(first) || DATA_FILE.test(first)) return undefined;
  const program = basename(first).toLowerCase();
  if (!program || program.startsWith('-')) return undefined;
  const key = [program];
  const runsScript = INTERPRETERS.has(program);
  for (const word of words.slice(1)) {
    if (key.length >= MAX_COMMAND_WORDS) break;
    if (runsScript) {
      // The script is the command, however it is started: `bash x.sh`, `./x.sh`, `sh -e x.sh`.
      if (word.startsWith('-') || !SCRIPT_FILE.test(word) || !PROGRAM.test(word)) break;
      return [basename(word).toLowerCase()];
    }
    if (!SUBCOMMAND.test(word)) break;
    key.push(word);
  }
  const alone = key.length === 1;
  if (runsScript || (alone && !(SCRIPT_FILE.test(program) || /^\.{0,2}\//.test(first)))) return undefined;
  if (RUNNERS.has(program) && alone) return undefined;
  return key;
}

/** The commands of a step's Markdown: its code spans that are commands, each once. */
export function commandKeysIn(markdown: string): string[][] {
  const keys: string[][] = [];
  for (const m of markdown.slice(0, 20_000).matchAll(/`([^`\n]{1,400})`/g)) {
    const key = commandKey(m[1]);
    if (key && !keys.some((k) => k.join(' ') === key.join(' '))) keys.push(key);
  }
  return keys;
}
