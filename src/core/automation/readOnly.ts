import { commandWords } from './commandWords';
import { jqFilterProblem } from './jqFilter';

/**
 * "Read-only" decided by an allow-list: a quality check runs in the workflow only when every command in it
 * is a program below and every option is one listed for that program. Looking for writes is not enough:
 * `git log --output=…`, `rg --pre bash`, `find -exec`, `diff -l` (runs `pr`) and `sort -o` all look like
 * reading. Options left out on purpose: anything that writes a file, runs a program, follows links out of
 * the checkout, reads a list of file names from a file, or waits forever (`tail -f`).
 */

/** One word the workflow passes: SOP Builder's own text (a program, a listed option) or a value from the SOP. */
export type CommandWord = { fixed: string } | { value: string; prefix?: string };
export type ReadOnlyVerdict = { ok: true; stages: CommandWord[][] } | { ok: false; why: string };

/** `count`: 0–999999999; `signed`: with + or -; a trailing `=` means the value must be attached (`--format=%H`). */
type ValueKind = 'count' | 'signed' | 'text' | 'path' | 'text=';
type OperandKind = 'pattern' | 'path' | 'jq' | 'rev-or-path';

interface ProgramRule {
  /** Options without a value. */
  flags: string;
  values?: Record<string, ValueKind>;
  /** What the words that are not options are, in order; the last kind repeats. */
  operands: OperandKind[];
  min?: number;
  max?: number;
  /** Options that give the pattern, after which every operand is a path (grep -e). */
  patternOptions?: string[];
  /** `-5` means this option with 5 (head -5 is head -n 5). */
  countShorthand?: string;
  /** Options the workflow always adds (git: never an external diff or a text conversion program). */
  always?: string[];
  /** `--` separates revisions from paths and stays (git). */
  keepsDoubleDash?: boolean;
}

const GREP: ProgramRule = {
  flags: `-c -q -s -E -F -G -P -i -n -v -w -x -l -L -h -H -o -r --count --quiet --silent --extended-regexp --fixed-strings
    --basic-regexp --perl-regexp --ignore-case --no-ignore-case --line-number --invert-match --word-regexp --line-regexp
    --files-with-matches --files-without-match --no-filename --with-filename --only-matching --recursive --no-messages`,
  values: {
    '-e': 'text',
    '--regexp': 'text',
    '-f': 'path',
    '--file': 'path',
    '-m': 'count',
    '--max-count': 'count',
    '-A': 'count',
    '-B': 'count',
    '-C': 'count',
    '--after-context': 'count',
    '--before-context': 'count',
    '--context': 'count',
  },
  operands: ['pattern', 'path'],
  patternOptions: ['-e', '--regexp', '-f', '--file'],
};
const CHECKSUM: ProgramRule = { flags: '-c --check --quiet --status --strict -w --warn --ignore-missing -b -t --binary --text --tag', operands: ['path'] };
const GIT_DIFF_FLAGS = '--stat --numstat --shortstat --name-only --name-status --summary --no-color';
const GIT_NO_PROGRAMS = ['--no-ext-diff', '--no-textconv'];

const PROGRAMS = new Map<string, ProgramRule>([
  ['grep', GREP],
  ['egrep', GREP],
  ['fgrep', GREP],
  [
    'rg',
    {
      flags: `-c -q -i -s -S -F -w -x -v -n -N -l -o --count --count-matches --quiet --ignore-case --case-sensitive --smart-case
      --fixed-strings --word-regexp --line-regexp --invert-match --line-number --no-line-number --files-with-matches
      --files-without-match --only-matching --files --hidden --no-ignore --no-messages`,
      values: {
        '-e': 'text',
        '--regexp': 'text',
        '-m': 'count',
        '--max-count': 'count',
        '-A': 'count',
        '-B': 'count',
        '-C': 'count',
        '-g': 'text',
        '--glob': 'text',
        '-t': 'text',
        '--type': 'text',
        '-T': 'text',
        '--type-not': 'text',
      },
      operands: ['pattern', 'path'],
      patternOptions: ['-e', '--regexp'],
    },
  ],
  ['wc', { flags: '-l -c -w -m -L --lines --bytes --words --chars --max-line-length', operands: ['path'] }],
  [
    'head',
    {
      flags: '-q -v --quiet --silent --verbose',
      values: { '-n': 'signed', '--lines': 'signed', '-c': 'signed', '--bytes': 'signed' },
      operands: ['path'],
      countShorthand: '-n',
    },
  ],
  [
    'tail',
    {
      flags: '-q -v --quiet --silent --verbose',
      values: { '-n': 'signed', '--lines': 'signed', '-c': 'signed', '--bytes': 'signed' },
      operands: ['path'],
      countShorthand: '-n',
    },
  ],
  ['cat', { flags: '-n -b -A -E -T -v -s', operands: ['path'] }],
  ['ls', { flags: '-l -a -A -1 -R -d -h -s -S -t -r -F -p --all --almost-all', operands: ['path'] }],
  ['stat', { flags: '-L -t --dereference --terse', values: { '-c': 'text', '--format': 'text', '--printf': 'text' }, operands: ['path'], min: 1 }],
  ['file', { flags: '-b -i -L --brief --mime --mime-type --dereference', operands: ['path'], min: 1 }],
  [
    'diff',
    {
      flags: `-q -u -s -b -w -B -i -a -N -r --brief --report-identical-files --ignore-all-space --ignore-space-change
      --ignore-blank-lines --ignore-case --strip-trailing-cr --text --recursive --new-file`,
      operands: ['path'],
      min: 2,
      max: 2,
    },
  ],
  ['cmp', { flags: '-s -l -b --silent --quiet --verbose --print-bytes', values: { '-n': 'count', '--bytes': 'count' }, operands: ['path'], min: 2, max: 2 }],
  ['sha256sum', CHECKSUM],
  ['sha1sum', CHECKSUM],
  ['sha512sum', CHECKSUM],
  ['md5sum', CHECKSUM],
  ['b2sum', CHECKSUM],
  ['shasum', { flags: '-c --check --status --quiet --strict -w --warn -b -t', values: { '-a': 'count', '--algorithm': 'count' }, operands: ['path'] }],
  [
    'jq',
    {
      flags: '-e -r -j -c -s -S -M -a --exit-status --raw-output --join-output --compact-output --slurp --sort-keys --monochrome-output --ascii-output',
      operands: ['jq', 'path'],
      min: 1,
    },
  ],
  [
    'sort',
    {
      flags: `-n -r -u -c -C -f -b -h -V -s -g -M -d -i --numeric-sort --reverse --unique --check --ignore-case --ignore-leading-blanks
      --human-numeric-sort --version-sort --stable --general-numeric-sort --month-sort --dictionary-order`,
      values: { '-t': 'text', '--field-separator': 'text', '-k': 'text', '--key': 'text' },
      operands: ['path'],
    },
  ],
  [
    'uniq',
    { flags: '-c -d -u -i -D --count --repeated --unique --ignore-case', values: { '-f': 'count', '-s': 'count', '-w': 'count' }, operands: ['path'], max: 1 },
  ],
  [
    'cut',
    {
      flags: '-s --complement --only-delimited',
      values: { '-d': 'text', '--delimiter': 'text', '-f': 'text', '--fields': 'text', '-c': 'text', '--characters': 'text', '-b': 'text', '--bytes': 'text' },
      operands: ['path'],
    },
  ],
]);

const GIT = new Map<string, ProgramRule>([
  [
    'diff',
    {
      flags: `${GIT_DIFF_FLAGS} --quiet --exit-code --cached --staged --check -w -b -R --ignore-all-space --ignore-space-change --ignore-blank-lines`,
      operands: ['rev-or-path'],
      always: GIT_NO_PROGRAMS,
      keepsDoubleDash: true,
    },
  ],
  [
    'log',
    {
      flags: `${GIT_DIFF_FLAGS} --oneline --no-merges --merges --first-parent --reverse --all -p --patch`,
      values: {
        '-n': 'count',
        '--max-count': 'count',
        '--skip': 'count',
        '--format': 'text=',
        '--pretty': 'text=',
        '--since': 'text',
        '--until': 'text',
        '--after': 'text',
        '--before': 'text',
        '--author': 'text',
        '--grep': 'text',
      },
      operands: ['rev-or-path'],
      countShorthand: '-n',
      always: GIT_NO_PROGRAMS,
      keepsDoubleDash: true,
    },
  ],
  [
    'show',
    {
      flags: `${GIT_DIFF_FLAGS} --no-patch -s --oneline`,
      values: { '--format': 'text=', '--pretty': 'text=' },
      operands: ['rev-or-path'],
      always: GIT_NO_PROGRAMS,
      keepsDoubleDash: true,
    },
  ],
  ['status', { flags: '--porcelain -s --short -b --branch', operands: ['path'], keepsDoubleDash: true }],
  [
    'ls-files',
    { flags: '--error-unmatch -c -m -o -d -s --cached --modified --others --deleted --stage --exclude-standard', operands: ['path'], keepsDoubleDash: true },
  ],
]);

const FILE_TESTS = new Set(['-e', '-f', '-d', '-s', '-r', '-L', '-h']);
const STRING_TESTS = new Set(['-n', '-z']);
const COMPARISONS = new Set(['=', '!=', '==', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot']);
const MAX_VALUE_LENGTH = 400;

/** A path inside the checkout: relative, never climbing out with `..`, never a device or a home folder. */
export function isCheckoutPath(path: string): boolean {
  if (!path || path.length > MAX_VALUE_LENGTH || /^[/~-]|^[A-Za-z]:|\\/.test(path)) return false;
  return !path.split('/').includes('..');
}

/** Whether a check's command only reads, and the words the workflow runs for it; or why not. */
export function readOnlyCommand(command: string): ReadOnlyVerdict {
  const parsed = commandWords(command);
  if (!parsed.ok) return parsed;
  const stages: CommandWord[][] = [];
  for (const words of parsed.stages) {
    const stage = readOnlyStage(words);
    if (typeof stage === 'string') return { ok: false, why: stage };
    stages.push(stage);
  }
  return { ok: true, stages };
}

function readOnlyStage(words: string[]): CommandWord[] | string {
  const [program, ...args] = words;
  if (/^[A-Za-z_]\w*=/.test(program)) return 'it sets a variable before the command';
  if (program === 'test' || program === '[') return testStage(program, args);
  if (program === 'git') {
    const sub = args[0] ?? '';
    if (sub.startsWith('-'))
      return `\`git ${short(sub)}\` changes how git runs (options before the subcommand, such as -c, -C or --exec-path, are not allowed)`;
    const rule = GIT.get(sub);
    if (!rule) return `\`git${sub ? ` ${short(sub)}` : ''}\` is not one of the git commands known to only read (diff, log, show, status, ls-files)`;
    return ruledStage(`git ${sub}`, rule, args.slice(1), [{ fixed: 'git' }, { fixed: '--no-pager' }, { fixed: sub }]);
  }
  const rule = PROGRAMS.get(program);
  if (!rule) return `\`${short(program)}\` is not on SOP Builder's list of commands known to only read`;
  return ruledStage(program, rule, args, [{ fixed: program }]);
}

function ruledStage(program: string, rule: ProgramRule, args: string[], head: CommandWord[]): CommandWord[] | string {
  const flags = new Set(rule.flags.split(/\s+/));
  const values = new Map(Object.entries(rule.values ?? {}));
  const options: CommandWord[] = [...head, ...(rule.always ?? []).map((fixed) => ({ fixed }))];
  const operands: Array<{ text: string; afterDashDash: boolean }> = [];
  let dashDash = false;
  let patternGiven = false;
  const notListed = (option: string) => `\`${program} ${short(option)}\` is not an option known to only read`;
  const value = (option: string, kind: ValueKind, text: string | undefined, attached: boolean): CommandWord[] | string => {
    if (text === undefined) return `\`${program} ${option}\` needs a value`;
    if (kind === 'text=' && !attached) return `write \`${program} ${option}=<value>\` with the value after "="`;
    const problem = valueProblem(kind, text);
    if (problem) return `the value of \`${program} ${option}\` ${problem}`;
    if (rule.patternOptions?.includes(option)) patternGiven = true;
    return attached && option.startsWith('--') ? [{ prefix: `${option}=`, value: text }] : [{ fixed: option }, { value: text }];
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (dashDash || !word.startsWith('-') || word === '-') {
      operands.push({ text: word, afterDashDash: dashDash });
      continue;
    }
    if (word === '--') {
      dashDash = true;
      continue;
    }
    if (rule.countShorthand && /^-\d{1,9}$/.test(word)) {
      options.push({ fixed: rule.countShorthand }, { value: word.slice(1) });
      continue;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      const kind = values.get(name);
      if (flags.has(name) && eq < 0) options.push({ fixed: name });
      else if (kind) {
        const taken = eq < 0 ? args[++i] : word.slice(eq + 1);
        const out = value(name, kind, taken, eq >= 0);
        if (typeof out === 'string') return out;
        options.push(...out);
      } else return notListed(flags.has(name) ? word : name);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const option = `-${word[j]}`;
      const kind = values.get(option);
      if (flags.has(option)) {
        options.push({ fixed: option });
      } else if (kind) {
        const rest = word.slice(j + 1);
        const out = value(option, kind, rest || args[++i], false);
        if (typeof out === 'string') return out;
        options.push(...out);
        break;
      } else return notListed(option);
    }
  }
  const kinds = patternGiven ? rule.operands.filter((k) => k !== 'pattern') : rule.operands;
  const min = rule.min ?? (kinds[0] === 'pattern' ? 1 : 0);
  if (operands.length < min) return `\`${program}\` needs ${min} file or pattern argument${min > 1 ? 's' : ''}`;
  if (rule.max !== undefined && operands.length > rule.max)
    return `\`${program}\` takes at most ${rule.max} file argument${rule.max > 1 ? 's' : ''} (another one would be written)`;
  const out: CommandWord[] = [...options];
  let dashDashWritten = false;
  for (const [n, operand] of operands.entries()) {
    const kind = operand.afterDashDash && rule.keepsDoubleDash ? 'path' : kinds[Math.min(n, kinds.length - 1)];
    const problem = operandProblem(kind, operand.text);
    if (problem) return `\`${program}\`: ${problem}`;
    if (operand.afterDashDash && rule.keepsDoubleDash && !dashDashWritten) {
      out.push({ fixed: '--' });
      dashDashWritten = true;
    }
    out.push({ value: operand.text });
  }
  return out;
}

function valueProblem(kind: ValueKind, text: string): string | undefined {
  if (kind === 'count') return /^\d{1,9}$/.test(text) ? undefined : 'is not a whole number';
  if (kind === 'signed') return /^[+-]?\d{1,9}$/.test(text) ? undefined : 'is not a whole number';
  if (kind === 'path') return isCheckoutPath(text) ? undefined : `"${short(text)}" is not a path inside the checkout`;
  return text.length > MAX_VALUE_LENGTH ? `is longer than ${MAX_VALUE_LENGTH} characters` : undefined;
}

function operandProblem(kind: OperandKind, text: string): string | undefined {
  if (text.startsWith('-')) return `"${short(text)}" starts with "-" after "--" (give a pattern with -e)`;
  if (kind === 'jq') return jqFilterProblem(text);
  if (kind === 'pattern') return text.length > MAX_VALUE_LENGTH ? `the pattern is longer than ${MAX_VALUE_LENGTH} characters` : undefined;
  return isCheckoutPath(text) ? undefined : `"${short(text)}" is not a path inside the checkout (relative, without "..")`;
}

function testStage(program: string, args: string[]): CommandWord[] | string {
  const words = [...args];
  if (program === '[' && words.pop() !== ']') return 'a `[` has no closing `]`';
  const out: CommandWord[] = [{ fixed: program }];
  if (words[0] === '!') out.push({ fixed: words.shift()! });
  const [a, b, c] = words;
  if (words.length === 2 && FILE_TESTS.has(a)) {
    if (!isCheckoutPath(b)) return `\`${program} ${a}\`: "${short(b)}" is not a path inside the checkout (relative, without "..")`;
    out.push({ fixed: a }, { value: b });
  } else if (words.length === 2 && STRING_TESTS.has(a)) {
    out.push({ fixed: a }, { value: b });
  } else if (words.length === 3 && COMPARISONS.has(b)) {
    const paths = b === '-nt' || b === '-ot';
    if (paths && !(isCheckoutPath(a) && isCheckoutPath(c))) return `\`${program} ${b}\` compares two paths inside the checkout`;
    out.push({ value: a }, { fixed: b }, { value: c });
  } else {
    return `\`${program}\` is read only as a file test (-e, -f, -d, -s, -r, -L), a string test (-n, -z) or a comparison (=, !=, -eq, -lt, …)`;
  }
  if (program === '[') out.push({ fixed: ']' });
  return out;
}

/** A word from the SOP in a reason: short, and never able to break the line it is shown on. */
function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
