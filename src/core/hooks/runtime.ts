/**
 * The body of the generated gate hook: a Node script with no dependencies that Claude Code, Copilot CLI and
 * VS Code run before each tool call. It reads the call (JSON on stdin, bounded), finds the SOP's current run
 * log and answers deny or ask for a call that would pass an approval gate nobody approved yet; otherwise it
 * prints nothing and the call goes on as usual. It never runs anything from its input. The SOP's gates come
 * before this text as `const SOP = <JSON>;` (see script.ts): no SOP text is ever part of the code.
 *
 * Fixed text: no template placeholders may appear in it (a test checks that the SOP data is its only input).
 */
export const GATE_HOOK_RUNTIME = String.raw`
const MAX_INPUT_BYTES = 512 * 1024;
const MAX_LOG_BYTES = 4 * 1024 * 1024;
const MAX_LOG_LINES = 20000;
const STDIN_WAIT_MS = 5000;
const ROOT = fileURLToPath(new URL(SOP.root, import.meta.url));

/** Tools that only read: never held back. */
const READ_TOOLS = /^(?:read|view|grep|glob|ls|list|search|notebookread|read_?file|readfile|read_?many_?files|list_?dir(?:ectory)?|list_?files|file_?search|find_?files?|grep_?search|text_?search|semantic_?search|codebase_?search|web_?search|websearch|web_?fetch|webfetch|fetch|get_?errors|get_?changed_?files|todo_?write|todowrite|todo_?read|think)$/i;
/** Tools that run a shell command. */
const SHELL_TOOLS = /^(?:bash|sh|zsh|shell|powershell|pwsh|cmd|terminal|run_?in_?terminal|run_?terminal_?(?:command|cmd)|execute_?command|exec|run_?command|run_?shell_?command|local_?shell|shell_?command)$/i;
/** Verbs in a tool's name that say it only reads (an MCP tool such as list_refunds or get_ticket). */
const READ_VERBS = new Set(['get', 'list', 'read', 'search', 'find', 'fetch', 'view', 'show', 'describe', 'query', 'count', 'lookup', 'retrieve', 'check', 'preview', 'status', 'inspect']);
/** Verbs in a tool's name that say it acts. */
// Only verbs that are never nouns: get_email and get_merge_status read; send_email and create_refund act.
const ACT_VERBS = new Set(['create', 'update', 'delete', 'remove', 'send', 'put', 'patch', 'write', 'set', 'add', 'make', 'run', 'execute', 'submit', 'publish', 'pay', 'deploy', 'push', 'cancel', 'approve', 'upload', 'reply', 'forward']);
/** Programs whose every use only reads (with the options that write or run something refused below). */
const READ_PROGRAMS = new Set(['ls', 'cat', 'head', 'tail', 'wc', 'grep', 'egrep', 'fgrep', 'rg', 'stat', 'file', 'diff', 'cmp', 'sha256sum', 'sha1sum', 'md5sum', 'jq', 'cut', 'pwd', 'echo', 'printf', 'true', 'date', 'whoami', 'which', 'test', '[', 'realpath', 'basename', 'dirname', 'tree', 'find']);
const READ_GIT = new Set(['status', 'log', 'diff', 'show', 'ls-files', 'rev-parse', 'blame']);
const WRAPPERS = new Set(['sudo', 'env', 'command', 'time', 'nice', 'nohup', 'builtin']);

function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readInput() {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (problem) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      process.stdin.removeAllListeners('data');
      process.stdin.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), problem });
    };
    const timer = setTimeout(() => finish('the tool call did not arrive within ' + STDIN_WAIT_MS / 1000 + ' s'), STDIN_WAIT_MS);
    process.stdin.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) return finish('the tool call is over ' + MAX_INPUT_BYTES / 1024 + ' KB, too large to check');
      chunks.push(chunk);
    });
    process.stdin.on('end', () => finish(undefined));
    process.stdin.on('error', () => finish('the tool call could not be read'));
  });
}

/** The call as the host sent it: Claude Code and VS Code send tool_name/tool_input, Copilot CLI toolName/toolArgs. */
function toolCall(input) {
  if (typeof input.tool_name === 'string') return { format: 'claude', name: input.tool_name, args: isObject(input.tool_input) ? input.tool_input : {} };
  if (typeof input.toolName !== 'string') return undefined;
  let args = input.toolArgs;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      args = { command: input.toolArgs };
    }
  }
  return { format: 'copilot', name: input.toolName, args: isObject(args) ? args : {} };
}

function answer(format, decision, reason) {
  const out =
    format === 'copilot'
      ? { permissionDecision: decision, permissionDecisionReason: reason }
      : { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function wordsOf(text) {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\be-mail/g, 'email')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function stemOf(word) {
  if (SOP.irregular[word]) return SOP.irregular[word];
  if (SOP.stems.includes(word)) return word;
  for (const ending of SOP.endings) {
    if (!word.endsWith(ending)) continue;
    const base = word.slice(0, -ending.length);
    if (SOP.stems.includes(base)) return base;
    if (SOP.stems.includes(base + 'e')) return base + 'e';
  }
  return undefined;
}

const normal = (text) => String(text ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The words of a shell command as programs and arguments: quotes, operators and paths taken apart. */
function commandTokens(command) {
  return command
    .toLowerCase()
    .split(/[\s;&|()<>{}\[\],'"\x60$=]+/)
    .filter(Boolean)
    .map((w) => w.replace(/^.*[\\/]/, ''));
}

/** Whether every command of a shell line only reads: known programs, no redirection, substitution or writing option. */
function readsOnly(command) {
  if (/[>\x60]|\$\(|<\(|-exec\b|-execdir\b|-delete\b|-fprint|-ok\b|--output\b/.test(command)) return false;
  for (const part of command.split(/\|\||&&|[|;&\n]/)) {
    const words = part.trim().split(/\s+/).filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    while (words.length && WRAPPERS.has(words[0])) words.shift();
    if (words.length === 0) continue;
    const program = words[0].replace(/^.*[\\/]/, '').toLowerCase();
    if (program === 'git' ? !READ_GIT.has(words[1]) : !READ_PROGRAMS.has(program)) return false;
  }
  return true;
}

/** Positions of a command's words inside a shell line, in a row. */
function runsCommand(tokens, at, key) {
  for (const i of at.get(key[0]) ?? []) if (key.every((w, j) => tokens[i + j] === w)) return true;
  return false;
}

/** What the call would do that a gate holds back: the steps it would do, and whether it names their command or only a word. */
function matches(call) {
  const found = [];
  const toolWords = wordsOf(call.name);
  const lastName = call.name.replace(/^.*__/, '');
  if (READ_TOOLS.test(lastName)) return found;
  const shell = SHELL_TOOLS.test(lastName) || (typeof call.args.command === 'string' && /term|shell|bash|command|exec/i.test(call.name));
  if (shell) {
    const command = String(call.args.command ?? call.args.cmd ?? call.args.script ?? '');
    if (readsOnly(command)) return found;
    if (/gate-approved/.test(command)) return [{ kind: 'approval' }];
    found.push(...recordedSteps(command));
    // The sop run commands are checked by what they record; the rest of the line as any other command.
    const rest = command
      .split(/\|\||&&|[|;&\n]/)
      .filter((part) => !/\brun\s+(?:record|start)\b/.test(part))
      .join(' ; ');
    if (rest.includes(SOP.runs + '/')) return [{ kind: 'log' }];
    const tokens = commandTokens(rest);
    const at = new Map();
    tokens.forEach((t, i) => {
      if (!at.has(t)) at.set(t, []);
      at.get(t).push(i);
    });
    const stems = new Set(wordsOf(rest).map(stemOf).filter(Boolean));
    for (const step of SOP.steps) {
      const key = step.commands.find((k) => runsCommand(tokens, at, k));
      if (key) found.push({ kind: 'command', step, what: key.join(' ') });
      else {
        const word = step.words.find((w) => stems.has(w));
        if (word) found.push({ kind: 'word', step, what: word });
      }
    }
    return found;
  }
  const paths = [call.args.file_path, call.args.filePath, call.args.path, ...(Array.isArray(call.args.files) ? call.args.files : [])];
  if (paths.some((p) => typeof p === 'string' && p.replace(/\\/g, '/').includes(SOP.runs + '/'))) return [{ kind: 'log' }];
  const verbs = toolWords.filter((w) => READ_VERBS.has(w) || ACT_VERBS.has(w));
  if (verbs.length > 0 && verbs.every((w) => READ_VERBS.has(w))) return found;
  const stems = new Set(toolWords.map(stemOf).filter(Boolean));
  for (const step of SOP.steps) {
    const word = step.words.find((w) => stems.has(w));
    if (word) found.push({ kind: 'tool', step, what: word, tool: call.name });
  }
  return found;
}

/** Each "sop run record" in the line that records a step after a gate as done: the record would say the gate was passed. */
function recordedSteps(command) {
  const found = [];
  for (const event of command.split(/\brun\s+record\b/).slice(1)) {
    const type = /\\?"type\\?"\s*:\s*\\?"([a-z-]{1,20})\\?"/.exec(event)?.[1];
    if (type !== 'step-done' && type !== 'step-different') continue;
    const id = /\\?"id\\?"\s*:\s*\\?"(s-[0-9a-f]{10}(?:-\d{1,4})?)\\?"/.exec(event)?.[1];
    const number = Number(/\\?"number\\?"\s*:\s*(\d{1,5})/.exec(event)?.[1]);
    const step = SOP.steps.find((s) => (id ? s.id === id : s.number === number));
    if (step) found.push({ kind: 'record', step, what: 'step ' + step.number });
  }
  return found;
}

function readLog(path) {
  let text;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(fstatSync(fd).size, MAX_LOG_BYTES));
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      text = buffer.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const events = [];
  for (const line of text.split('\n').slice(0, MAX_LOG_LINES)) {
    try {
      const e = JSON.parse(line);
      if (isObject(e) && typeof e.type === 'string') events.push(e);
    } catch {
      // A bad or cut-off line says nothing: sop conform reports it.
    }
  }
  return events;
}

/** The run being followed: SOP_RUN_LOG when set, else the newest run log of the SOP that is not finished. */
function currentRun() {
  const folder = join(ROOT, SOP.runs);
  const pinned = process.env.SOP_RUN_LOG;
  if (pinned) {
    const events = readLog(isAbsolute(pinned) ? pinned : join(ROOT, pinned));
    return events ? { name: pinned, events } : undefined;
  }
  let names;
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.jsonl')).sort().reverse().slice(0, 200);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const events = readLog(join(folder, name));
    if (events && events[0]?.type === 'run-started' && !events.some((e) => e.type === 'run-finished')) return { name: SOP.runs + '/' + name, events };
  }
  return undefined;
}

const sameStep = (ref, gate) => isObject(ref) && (ref.id === gate.id || (normal(ref.text) !== '' && normal(ref.text) === normal(gate.text)));
const byApprover = (e, gate) => !gate.approverName || [e.by, e.actor?.name].some((n) => normal(n).includes(normal(gate.approverName)));

/** Whether a person let the gate through in this run: approved it (the named approver) or skipped it, and did not reject it since. */
function gateOpen(run, gate) {
  let open = false;
  for (const e of run?.events ?? []) {
    if (!sameStep(e.step, gate) || e.actor?.kind !== 'person') continue;
    if (e.type === 'gate-approved' && byApprover(e, gate)) open = true;
    else if (e.type === 'step-skipped') open = true;
    else if (e.type === 'gate-rejected') open = false;
  }
  return open;
}

function quote(text) {
  const t = String(text).replace(/\s+/g, ' ').trim();
  return '"' + (t.length > 160 ? t.slice(0, 159) + '…' : t) + '"';
}

function reasonFor(match, gate, run) {
  const step = 'step ' + match.step.number + ' (' + quote(match.step.text) + ') of the SOP ' + quote(SOP.title) + ' (' + SOP.sop + ')';
  const who = gate.approver;
  const where = run
    ? 'the run log ' + run.name + ' holds no approval by ' + (gate.approverName ?? 'a person') + ' yet'
    : 'no run of the SOP is in progress (no unfinished run log in ' + SOP.runs + '), so nobody approved it: start one with "sop run start --sop ' + SOP.sop + '"';
  const held = ' Step ' + match.step.number + ' comes after the approval gate at step ' + gate.number + ', which ' + who + ' must approve first, and ' + where + '.';
  const next = ' Record gate-requested for step ' + gate.number + ' with sop run record, ask ' + who + ' to record the approval, and wait; do not do step ' + match.step.number + ' another way.';
  if (match.kind === 'command') return 'This runs "' + match.what + '", which does ' + step + '.' + held + next;
  if (match.kind === 'record') return 'This records ' + step + ' as done.' + held + next;
  if (match.kind === 'tool') return 'This tool (' + quote(match.tool) + ') does "' + match.what + '", which ' + step + ' does.' + held + next;
  return 'This command mentions "' + match.what + '", which ' + step + ' does.' + held + ' Allow it only if it does not do step ' + match.step.number + '.';
}

async function main() {
  const { text, problem } = await readInput();
  const format = /"toolName"\s*:/.test(text.slice(0, 4096)) && !/"tool_name"\s*:/.test(text.slice(0, 4096)) ? 'copilot' : 'claude';
  if (problem) return answer(format, 'ask', 'SOP gate check for ' + quote(SOP.title) + ': ' + problem + '. Allow it only if it does not do a step after an approval gate of ' + SOP.sop + '.');
  let input;
  try {
    input = JSON.parse(text);
  } catch {
    process.stderr.write('SOP gate check: the tool call is not JSON, so it was not checked.\n');
    return;
  }
  const call = isObject(input) ? toolCall(input) : undefined;
  if (!call) return;
  const found = matches(call);
  if (found.length === 0) return;
  if (found[0].kind === 'approval')
    return answer(call.format, 'deny', 'An agent never records a gate approval of ' + quote(SOP.title) + ': the approver records it (sop run record from their own terminal, or the editor\'s run view). Record gate-requested and wait.');
  if (found[0].kind === 'log')
    return answer(call.format, 'deny', 'The run logs of ' + quote(SOP.title) + ' (' + SOP.runs + ') are written only by sop run record, one event at a time: use it instead of editing the log.');
  const run = currentRun();
  let asked;
  for (const match of found) {
    const gate = SOP.gates.find((g) => match.step.gates.includes(g.id) && !gateOpen(run, g));
    if (!gate) continue;
    if (match.kind !== 'word') return answer(call.format, 'deny', reasonFor(match, gate, run));
    asked ??= reasonFor(match, gate, run);
  }
  if (asked) answer(call.format, 'ask', asked);
}

main().catch((e) => {
  process.stderr.write('SOP gate check failed: ' + (e && e.message ? e.message : String(e)) + '\n');
});
`;
