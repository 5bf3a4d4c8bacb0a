import { CHECK_BEFORE_APPROVING, OWNER_QUESTION } from '../../sop/openItems';
import { sameStep } from './sameStep';
import { findRules, type Gate } from './rules';
import { procedurePeople } from './procedurePeople';
import { aboutTheCustomer, isPolicyFile, isTemplateFile, onTeam, speaksToCustomers, teamDomain } from './teamWords';
import { findTrigger } from './trigger';
import { parameterize, runParameters } from './parameters';
import { findTimeline, type TimelineStep } from './timeline';
import type { RootContent } from 'mdast';
import type { DataFacts, EvidenceBundle, EvidenceFile, ScriptFacts } from '../../evidence/types';
import { DEFAULT_ROLE_WORDS, findGate } from '../../sop/gates';
import { gateNamesWho } from '../../sop/whoApproves';
import { pathsInCommand } from '../../sop/pathSyntax';
import { bullets, heading, item, list, para, stringify, type Inline } from './mdast';
import { processClaim } from './claims';
import {
  asInstruction,
  CHECK_WORDS,
  FAILURE_WORDS,
  noteSentences,
  oneParagraph,
  recordsApproval,
  RECOVERY,
  RULE_WORDS,
  type NoteSentence,
  type Statement,
} from './notes';
import { approvalFromSomeoneElse, label, type People } from './people';
import { orderScripts, scriptsMentioned, type ScriptFile } from './scripts';
import { describeSchedule } from './schedule';

export interface OfflineDraftOptions {
  title: string;
  audience: string;
  /** Workspace-relative folder the work was done in ('' for the root). */
  workdir: string;
}

interface Step {
  parts: Inline[];
  kind: 'mechanical' | 'judgment';
  evidence: string[];
  sub: Inline[][];
}

/** `text with `code` spans` → inline parts. */
function inline(text: string): Inline[] {
  const parts: Inline[] = [];
  text.split(/(`[^`]+`)/).forEach((piece) => {
    if (!piece) return;
    if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 2) parts.push({ code: piece.slice(1, -1) });
    else parts.push(piece);
  });
  return parts;
}

function plain(parts: Inline[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'code' in p ? p.code : 'strong' in p ? p.strong : p.text)).join('');
}

function cite(paths: string[]): Inline[] {
  const unique = [...new Set(paths)];
  const out: Inline[] = [' (evidence: '];
  unique.forEach((p, i) => {
    if (i > 0) out.push(', ');
    out.push({ code: p });
  });
  out.push(')');
  return out;
}

function withoutFinalStop(parts: Inline[]): Inline[] {
  const last = parts[parts.length - 1];
  if (typeof last === 'string') return [...parts.slice(0, -1), last.replace(/[.!?]\s*$/, '')];
  return parts;
}

function scriptCommand(s: ScriptFile): string {
  return s.facts.usage?.replace(/^usage:\s*/i, '') ?? `${s.runner} ${s.relToWorkdir}`.trim();
}

function formatAmount(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Speaks of the approver by name where an e-mail of theirs says "me" or "I". */
function inThirdPerson(text: string, who: string | undefined): string {
  if (!who) return text;
  return text
    .replace(/\bsend me\b/g, `send ${who}`)
    .replace(/\bask me\b/g, `ask ${who}`)
    .replace(/\btell me\b/g, `tell ${who}`)
    .replace(/\bme\b/g, who);
}

/** A step that approves one exception, for one customer or one time. */
const ONE_OFF_STEP =
  /\b(?:approv\w{0,4}|sign-?off|ok)\b.{0,200}\b(?:one-off|one off|exception\w{0,2}|this (?:customer|client|deal|order|time|case) only|just this once)\b/i;

/** Lists of files in a section stop here: an SOP names the kinds of input, the evidence manifest names every file. */
const MAX_LISTED = 12;
/** A procedure's notes hold a few dozen actions; beyond this they are logs of many runs, not more steps. */
const MAX_NOTE_STEPS = 60;

/** "enforce SSO" → "enforcing SSO": the first word of an action as a gerund, for "before …". */
function gerund(action: string): string {
  return action.replace(/^([a-z]{2,20})\b/i, (verb: string) => {
    if (/ing$/i.test(verb)) return verb;
    if (/[^e]e$/i.test(verb)) return `${verb.slice(0, -1)}ing`;
    if (/^[^aeiou]*[aeiou][bdgmnpt]$/i.test(verb)) return `${verb}${verb.slice(-1)}ing`;
    return `${verb}ing`;
  });
}

/** An action with its run's numbers and dates masked: the same action on another day has the same shape. */
function runShape(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Where a secret was taken out: the sentence is about a credential, which is no rule of the work. */
const REDACTED = /\[redacted\b/i;
/** A note that speaks of the access the work needs. */
const ACCESS_WORDS = /\b(?:access|permissions?|log ?in|sign in|account|credentials?|role|licen[cs]e|seat|vpn|ssh)\b/i;

export function composeOfflineDraft(bundle: EvidenceBundle, o: OfflineDraftOptions): string {
  // Gates with what each covers: someone who approved one decision once is not the procedure's approver.
  const { people, gates } = procedurePeople(bundle);
  const params = runParameters(bundle);
  // Without an approver of the procedure, an approval the evidence leaves unnamed is the one standing gate's, if one.
  const standing = [...new Set(gates.filter((g) => !g.oneOff && !g.decides).map((g) => g.approver))];
  const onlyGateApprover = standing.length === 1 ? standing[0] : undefined;
  const approver = people.approver;
  const approverLabel = approver ? label(approver) : undefined;
  const team = teamDomain(bundle);
  // A statement that would drop, move or speak to the approval is only evidence that someone wrote it: it
  // becomes a question for the owner, never a step, a rule, a check or a stop. Quoted text is a record only.
  const written = noteSentences(bundle);
  const names = people.all.map((p) => p.name);
  // Not an approval record: the team telling a customer "your return is approved", or a name in quotes (the
  // "Refund approved" macro).
  const toCustomer = (st: Statement) => st.file.facts.type === 'email' && !onTeam(st.file.facts.to, team);
  const unquoted = (st: Statement): Statement => ({ ...st, text: st.text.replace(/"[^"\n]{0,80}"|“[^”\n]{0,80}”/g, '""') });
  const claimed = new Set(
    [...new Set(written.map((n) => n.statement))].filter(
      (st) => processClaim(st.text, names) !== undefined || (!toCustomer(st) && approvalFromSomeoneElse(unquoted(st), people)),
    ),
  );
  const notes = written.filter((n) => !n.statement.quoted && !claimed.has(n.statement));
  // Rules and gates read elsewhere in the evidence are held to the same test: a claim is asked, never drafted.
  const claimedTexts = [...claimed].map((st) => normalized(st.text)).filter((t) => t.length >= 12);
  const isClaimed = (text: string) => {
    const n = normalized(text);
    return processClaim(text, names) !== undefined || claimedTexts.some((c) => c.includes(n) || n.includes(c));
  };
  const scripts = orderScripts(bundle, o.workdir);
  const data = bundle.included.filter((f): f is EvidenceFile & { facts: DataFacts } => f.facts.type === 'data');
  const images = bundle.included.filter((f) => f.kind === 'image');
  const previous = bundle.included.find((f) => f.kind === 'previous-sop');
  const readme = bundle.included.find((f) => f.kind === 'document' && /^readme\b/i.test(f.path.split('/').pop() ?? ''));
  // Named as the linter judges it: in the gate's own clause, not anywhere in the sentence ("Claire is travelling").
  // The names the linter will know: the draft's owner and approver (its front matter), not everyone in the evidence.
  const namingContext = { roleWords: DEFAULT_ROLE_WORDS, knownNames: [people.owner?.name, approver?.name].filter((n): n is string => !!n) };
  const named = (text: string) => {
    const gate = findGate(text);
    return !gate || gateNamesWho(text, gate, namingContext);
  };
  /** A gate in the evidence's words ("until she approves") gets the approver's name. */
  const nameGate = (parts: Inline[]): Inline[] => {
    const text = plain(parts);
    if (named(text)) return parts;
    if (approver) {
      const swapped = parts.map((p) =>
        typeof p === 'string'
          ? p
              .replace(/\b(?:she|he|they)\b(?= (?:approves?|signs?|has|have|says?|confirms?|agrees?|reviews?))/g, approver.name)
              .replace(/\b(?:her|him|them)\b(?=[ ,.]|$)/g, approver.name)
          : p,
      );
      if (named(plain(swapped))) return swapped;
    }
    // Where the gate's words leave room for it ("ask for the approval" → "… from the Sales Manager"), the name
    // goes into the gate's own clause; otherwise after the sentence.
    const who = approverLabel ?? onlyGateApprover;
    const gate = findGate(text);
    if (who && gate?.slot.at === 'after-match' && parts.every((p) => typeof p === 'string')) {
      const withName = `${text.slice(0, gate.end)}${gate.slot.prefix}${who}${text.slice(gate.end)}`;
      if (named(withName)) return [withName];
    }
    return [
      ...withoutFinalStop(parts),
      approverLabel
        ? ` (approver: ${approverLabel}).`
        : onlyGateApprover
          ? ` (approver: ${onlyGateApprover}).`
          : ' (approver: not named in the evidence; question for the owner: who approves this?).',
    ];
  };
  const questions: string[] = [];
  const ask = (q: string) => {
    questions.push(q);
    return para({ strong: OWNER_QUESTION }, ` ${q}`);
  };

  // Steps: the notes' actions in the order they were written, with each mentioned script's facts.
  const steps: Step[] = [];
  const placed = new Set<string>();
  let gateStep: Step | undefined;
  const branchCases: TimelineStep[] = [];
  const exceptionSteps: TimelineStep[] = [];
  // The same action in the notes of many runs ("Run run_all.sh 2025-01-02", "… 2025-01-03") is one step.
  const seenShape = new Map<string, Step>();
  for (const n of notes) {
    if (n.file.facts.type === 'email') continue;
    const instruction = asInstruction(n.text);
    if (!instruction) continue;
    const again = seenShape.get(runShape(instruction));
    if (again) {
      if (again.evidence.length < 3 && !again.evidence.includes(n.file.path)) again.evidence.push(n.file.path);
      continue;
    }
    if (steps.length >= MAX_NOTE_STEPS) break;
    const mentioned = scriptsMentioned(instruction, scripts);
    const step: Step = {
      parts: inline(instruction),
      kind: CHECK_WORDS.test(n.text) ? 'judgment' : 'mechanical',
      evidence: [n.file.path, ...mentioned.map((s) => s.file.path)],
      sub: [],
    };
    for (const s of mentioned) {
      placed.add(s.file.path);
      step.sub.push(...scriptDetails(s));
    }
    if (/\b(?:sign-?off|approval|approve|review)\b/i.test(instruction)) {
      step.kind = 'judgment';
      gateStep = step;
      if (approverLabel) {
        step.sub.push([`Wait for approval from ${approverLabel} before going on.`]);
        if (people.approverEvidence) step.evidence.push(people.approverEvidence);
      }
    }
    seenShape.set(runShape(instruction), step);
    steps.push(step);
  }
  // Scripts the notes never mention go where their data says: after what produces their inputs.
  for (const s of scripts) {
    if (placed.has(s.file.path) || s.invokedBy) continue;
    const step: Step = {
      parts: [`Run `, { code: scriptCommand(s) }, s.facts.language === 'sql' ? ' against the database.' : '.'],
      kind: 'mechanical',
      evidence: [s.file.path],
      sub: scriptDetails(s),
    };
    const producerIndex = steps.findIndex((st) => s.dependsOn.some((d) => st.evidence.includes(d)));
    const consumerIndex = steps.findIndex((st) => s.feeds.some((d) => st.evidence.includes(d)));
    let at = consumerIndex >= 0 ? consumerIndex : steps.length;
    if (producerIndex >= 0) {
      at = producerIndex + 1;
      while (at < steps.length && steps[at].evidence.some((e) => s.dependsOn.includes(e))) at++;
    }
    if (gateStep && consumerIndex < 0 && producerIndex < 0) at = steps.indexOf(gateStep);
    steps.splice(Math.max(0, at), 0, step);
    placed.add(s.file.path);
  }
  // The timeline of the work (numbered lists, dated logs, the team's own e-mails, scripts by data flow) when it
  // tells more of the work than the notes' sentences did: e-mail and document work has few such sentences.
  const told = [...new Map(findTimeline(bundle, scripts).map((t) => [runShape(t.text), t] as const)).values()];
  // An approval of one exception ("a one-off 10% discount … for this customer only") is that case's, not a step.
  const exceptions = told.filter((t) => !t.branch && ONE_OFF_STEP.test(t.text));
  const timeline = told.filter((t) => !t.branch && !exceptions.includes(t));
  // What a later case did differently ("past the window → offered store credit") is a branch: one decision point.
  const branches = told.filter((t) => t.branch);
  if (timeline.length > steps.length) {
    steps.length = 0;
    gateStep = undefined;
    if (branches.length) branchCases.push(...branches);
    exceptionSteps.push(...exceptions);
    for (const t of timeline) {
      const script = t.script ? scripts.find((s) => s.file.path === t.script) : undefined;
      const step: Step = {
        parts: inline(t.text),
        kind: t.kind,
        evidence: t.evidence.slice(0, 3),
        sub: [...(t.details ?? []).map((d) => inline(d)), ...(script ? scriptDetails(script) : [])],
      };
      if (t.kind === 'judgment' && /\b(?:sign-?off|approv\w*)\b/i.test(t.text)) gateStep ??= step;
      steps.push(step);
    }
  }
  // An approval seen only in e-mails still becomes a gate.
  if (!gateStep && approverLabel) {
    const lastOutputs = scripts.flatMap((s) => s.facts.outputs).slice(-2);
    gateStep = {
      parts: [
        'Send ',
        ...(lastOutputs.length ? [{ code: lastOutputs.join(', ') } as Inline] : ['the result']),
        ` to ${approverLabel} for sign-off, and wait for their approval before going on.`,
      ],
      kind: 'judgment',
      evidence: [people.approverEvidence ?? ''].filter(Boolean),
      sub: [],
    };
    // Before the step the request was waiting for: "can you approve so I can run them?".
    const request = bundle.included.find((f) => f.path === people.ownerEvidence);
    const waitingFor =
      request?.facts.type === 'email' ? request.facts.body.match(/\b(?:so (?:that )?I can|before I|then I(?:'ll| will)?)\s+([a-z]+)/i)?.[1] : undefined;
    const before = waitingFor ? steps.findIndex((st) => plain(st.parts).toLowerCase().startsWith(waitingFor.toLowerCase())) : -1;
    if (request) gateStep.evidence.unshift(request.path);
    // What goes for approval is what that step will use: the data files its command names.
    const used =
      before >= 0
        ? pathsInCommand(steps[before].parts.map((p) => (typeof p === 'object' && 'code' in p ? p.code : '')).join(' '))
            .map((t) => t.value)
            .filter((v) => !/\.(?:py|sh|js|ts|sql|ps1|rb)$/.test(v))
        : [];
    if (used.length)
      gateStep.parts = [
        'Send ',
        ...used.flatMap((u, i) => (i ? [', ', { code: u } as Inline] : [{ code: u } as Inline])),
        ` to ${approverLabel} for sign-off, and wait for their approval before going on.`,
      ];
    steps.splice(before >= 0 ? before : steps.length, 0, gateStep);
  }

  // Every standing gate the evidence sets is a step of its own, before the action it holds.
  const gateSentences: string[] = [];
  for (const g of gates) {
    // A gate the team states ("until Devon has confirmed a test login") is drafted; one that would change who
    // approves the procedure's result, or drop an approval, is a claim for the owner to settle.
    if (g.oneOff || (g.sentence !== undefined && processClaim(g.sentence, names) !== undefined)) continue;
    if (g.decides) {
      if (decideAtHandOver(steps, g)) gateSentences.push(g.sentence ?? '');
      continue;
    }
    const first = g.approver.split(/[\s(]/)[0];
    const stepsText = steps.map((st) => plain(st.parts).toLowerCase());
    const scope = g.scope.replace(/[.\s]+$/, '');
    // "for loading a partial day" is an action to hold: "before loading a partial day" says so.
    const held = !g.before && /^(?:the\s)?[a-z]{3,20}ing\b/i.test(scope) ? 'before' : 'for';
    const until =
      g.condition && g.before
        ? /^until\s.{1,40}?\s(?:has\s|have\s)?((?:confirmed|approved|signed off|checked|agreed|okayed)\b.{0,80})$/i.exec(g.condition)
        : null;
    // "SSO stays optional until Devon has confirmed a test login": the wait, then the action it holds.
    const statement = until
      ? `Wait until ${g.approver} has ${until[1].replace(/[.\s]+$/, '')} before ${gerund(g.before!.replace(/[.\s]+$/, ''))}; until then ${lowerFirst(scope)}.`
      : `Get approval from ${g.approver} ${held} ${lowerFirst(scope)}${g.before ? ` before ${g.before.replace(/[.\s]+$/, '')}` : ''}, and wait for it.`;
    const existing = stepsText.findIndex((t) => t.includes(first.toLowerCase()) && /\b(?:approv|sign|confirm|check|review)/.test(t));
    if (existing >= 0) {
      // The step that asks for it ("Get Helena's approval") says what it covers and who, in full, once.
      const numbers = `${scope} ${g.condition ?? ''}`.match(/\d+(?:[.,]\d+)?/g) ?? [];
      if (numbers.some((n) => !stepsText[existing].includes(n)) || !stepsText[existing].includes(g.approver.toLowerCase())) {
        const before = g.before ? ` before ${g.before.replace(/[.\s]+$/, '')}` : '';
        steps[existing].parts = [...withoutFinalStop(steps[existing].parts), `: ${g.approver} approves ${lowerFirst(scope)}${before}.`];
        steps[existing].kind = 'judgment';
        steps[existing].evidence = [...new Set([...steps[existing].evidence, ...g.evidence.slice(0, 1)])];
      }
      continue;
    }
    // "Get approval for loading a partial day": before the step that loads, when the gate names no other action.
    const at = g.before ? stepHolding(stepsText, g.before) : stepDoing(stepsText, scope);
    const step: Step = { parts: [statement], kind: 'judgment', evidence: g.evidence.slice(0, 2), sub: [] };
    steps.splice(at >= 0 ? at : steps.length, 0, step);
  }

  // Every gate names its approver: the evidence's pronouns ("until she approves") do not.
  for (const step of steps) step.parts = nameGate(step.parts);

  const body: RootContent[] = [heading(1, o.title)];
  body.push(para(`Drafted by SOP Builder's offline drafter from ${bundle.included.length} evidence files, for ${o.audience}. ${CHECK_BEFORE_APPROVING}`));

  // Why this matters
  body.push(heading(2, 'Why this matters'));
  // Only what the evidence says about consequences: a README that describes the folder is not a reason.
  const reasons = whySentences([...(readme ? readmeSentences(readme) : []), ...written.filter((n) => !n.statement.quoted)]);
  if (reasons.length > 0) body.push(bullets(reasons.map((r) => [...inline(r.text), ...cite([r.file.path])])));
  else body.push(ask('what goes wrong, and for whom, when this work is late or wrong?'));

  // When to run it
  body.push(heading(2, 'When to run it'));
  // An event or a schedule the evidence states; else what the files show of the run, and a question, never a guess.
  const trigger = findTrigger(bundle);
  if (trigger) body.push(para(trigger.text, ...cite(trigger.evidence)));
  else {
    const seen = describeSchedule(bundle, notes);
    if (seen) body.push(para(seen.text, ...cite(seen.evidence)));
    body.push(ask('what starts this work: a schedule (on which day?) or an event?'));
  }

  // Who owns it
  body.push(heading(2, 'Who owns it'));
  const roles: Inline[][] = [];
  if (people.owner)
    roles.push([
      { strong: 'Owner:' },
      ` ${label(people.owner)}${people.owner.email ? `, ${people.owner.email}` : ''}, did the work this draft comes from`,
      ...cite([people.ownerEvidence!]),
    ]);
  if (approver)
    roles.push([
      { strong: 'Approver:' },
      ` ${approverLabel}${approver.email ? `, ${approver.email}` : ''}, signed it off`,
      ...cite([people.approverEvidence!]),
    ]);
  if (roles.length) body.push(bullets(roles));
  if (!people.owner) body.push(ask('who owns this procedure and keeps it current?'));
  if (!approver) body.push(ask('who approves the result before it is used?'));

  // Inputs needed
  body.push(heading(2, 'Inputs needed'));
  const inputs: Inline[][] = [];
  for (const p of params) inputs.push([{ code: p.placeholder }, `: ${p.meaning} (the evidence is the run for `, { code: p.token }, ').']);
  if (o.workdir) inputs.push(['Work in the folder ', { code: `${o.workdir}/` }, '; the commands below run from there.']);
  const produced = new Set(scripts.flatMap((s) => s.outputFiles));
  const inputData = data.filter((f) => !produced.has(f.path));
  for (const d of inputData.slice(0, MAX_LISTED)) {
    inputs.push([{ code: d.path }, ` — ${d.facts.rowCount} rows; columns ${d.facts.columns.join(', ')}.`]);
  }
  if (inputData.length > MAX_LISTED) inputs.push([`And ${inputData.length - MAX_LISTED} more data files of the run, listed in the evidence manifest.`]);
  const tools = [...new Set(scripts.map((s) => s.runner.split(' ')[0]).filter(Boolean))];
  for (const f of bundle.included) {
    if (f.facts.type === 'script' && f.facts.language === 'npm' && f.facts.commands.length) {
      inputs.push([
        'Shortcuts in ',
        { code: f.path },
        ': ',
        ...f.facts.commands.flatMap((c, i) => (i ? [', ', { code: c } as Inline] : [{ code: c } as Inline])),
        '.',
      ]);
    }
  }
  const consumed = new Set(scripts.flatMap((s) => s.inputFiles));
  for (const d of data.filter((f) => produced.has(f.path) && consumed.has(f.path))) {
    inputs.push(["The month's ", { code: d.path }, ` (as in the evidence: ${d.facts.rowCount} rows; columns ${d.facts.columns.join(', ')}).`]);
  }
  if (tools.length)
    inputs.push([`Tools: ${tools.join(', ')}, and the scripts in `, { code: scripts.length ? scripts[0].file.path.replace(/[^/]+$/, '') || './' : './' }, '.']);
  for (const img of images) inputs.push(['For reference: ', { code: img.path }, '.']);
  // The policy the calls follow and the templates the messages start from, when no step names them already.
  const stepsSay = steps.map((st) => plain(st.parts)).join('\n');
  const unnamed = (f: EvidenceFile) => !stepsSay.includes(f.path) && !stepsSay.includes(f.path.split('/').slice(1).join('/'));
  const policies = bundle.included.filter((f) => f.kind === 'document' && isPolicyFile(f) && unnamed(f));
  for (const f of policies) inputs.push(['The rules the decisions below follow: ', { code: f.path }, '.']);
  const templates = bundle.included.filter((f) => f.kind === 'document' && isTemplateFile(f) && unnamed(f));
  if (templates.length)
    inputs.push(['Message templates: ', ...templates.flatMap((f, i) => (i ? [', ', { code: f.path } as Inline] : [{ code: f.path } as Inline])), '.']);
  // Access is what a newcomer lacks first; the evidence rarely says which accounts the work needs.
  if (!notes.some((n) => ACCESS_WORDS.test(n.text))) {
    const q = 'which accounts and access rights does a newcomer need for this work?';
    questions.push(q);
    inputs.push([{ strong: OWNER_QUESTION }, ` ${q}`]);
  }
  if (inputs.length) body.push(bullets(inputs));
  else body.push(ask('what files, access and tools are needed before starting?'));

  // Steps
  body.push(heading(2, 'Steps'));
  if (steps.length) {
    body.push(
      list(
        true,
        steps.map((s) => item([...withoutFinalStop(s.parts), ...cite(s.evidence), ` — ${s.kind}.`], s.sub)),
      ),
    );
  } else body.push(ask('what are the steps, in order? The evidence shows no notes or scripts to take them from.'));

  // Decision points
  body.push(heading(2, 'Decision points'));
  const decisions: Inline[][] = [];
  // A script's own limits are what it does (listed under its step), not a call for a person to make.
  // "Priya approved on 3 Nov" records an event; it is no rule.
  // A customer's e-mail is the customer's words: never a rule of the procedure.
  const fromCustomer = (n: NoteSentence) => n.file.facts.type === 'email' && !onTeam(n.file.facts.from, team);
  // Each rule once: what a step, a step's detail or the trigger already says is not said again here.
  // A script's details under its step ("Writes data/clean-{day}.csv") describe the script, not a rule.
  const stepSaid = [
    ...steps.flatMap((st) => [plain(st.parts), ...st.sub.map(plain).filter((d) => !/^(?:Command|Reads|Writes|Stops|Limits|Runs)\b/.test(d))]),
    ...gateSentences,
    ...(trigger ? [trigger.text] : []),
  ]
    .map(normalized)
    .filter((t) => t.length >= 12);
  const restated = (text: string) => {
    const n = normalized(text);
    return n.length >= 12 && stepSaid.some((x) => sameRule(x, n));
  };
  // A template's words are the customer's letter, except the team's notes to the writer in brackets; a question
  // or a line that introduces what follows ("… on the reporting site:") is no rule.
  // What the team wrote to a customer is a reply, and a bracket opened on a line before is half a sentence.
  const notARule = (n: NoteSentence) =>
    (isTemplateFile(n.file) ? !/^\(/.test(n.text.trim()) : /^\([a-z]/.test(n.text.trim())) ||
    toCustomer(n.statement) ||
    /[?:]\s*$/.test(n.text) ||
    REDACTED.test(n.text) ||
    restated(n.text);
  const rules = notes.filter(
    (n) => (RULE_WORDS.test(n.text) || findGate(n.text)) && !asInstruction(n.text) && !recordsApproval(n.text) && !fromCustomer(n) && !notARule(n),
  );
  for (const r of rules) {
    // "(call the client the same day)": a template's note to the writer, as a sentence of its own.
    const bracketless = r.text.trim().replace(/^\((.{3,400})\)$/, (_, inner: string) => `${inner.charAt(0).toUpperCase()}${inner.slice(1)}.`);
    // A policy page written to customers: its "you" is the customer.
    const own = isPolicyFile(r.file) && speaksToCustomers(r.file.text) ? aboutTheCustomer(bracketless) : bracketless;
    const said = inThirdPerson(own, r.file.facts.type === 'email' && approver ? approver.name : undefined);
    const text = said.charAt(0).toUpperCase() + said.slice(1);
    decisions.push([...nameGate(inline(text)), ...cite([r.file.path])]);
  }
  // The rules of policies, notes and the team's e-mails, each once: what the note sentences above did not say.
  const said = decisions.map((d) => normalized(plain(d)));
  for (const r of findRules(bundle)) {
    const n = normalized(r.text);
    // A script's comments describe what it does (its step says so): only its limits are rules here (its timing is the trigger).
    const fromScriptsOnly = r.evidence.every((e) => bundle.included.find((f) => f.path === e)?.kind === 'script');
    // A script's limit is listed under the step that runs it ("Limits it applies"): not again here.
    const underItsStep = fromScriptsOnly && /^`[^`]{1,80}` in /.test(r.text) && r.evidence.every((e) => steps.some((st) => st.evidence.includes(e)));
    if (
      n.length < 12 ||
      isClaimed(r.text) ||
      underItsStep ||
      (fromScriptsOnly && r.kind !== 'threshold') ||
      restated(r.text) ||
      /[?:]\s*$/.test(r.text) ||
      REDACTED.test(r.text)
    )
      continue;
    const stated = said.map((x) => x.replace(/ evidence .*$/, '')).filter((x) => x.length >= 12);
    if (stated.some((x) => sameRule(x, n))) continue;
    said.push(n);
    decisions.push([...nameGate(inline(r.text)), ...cite(r.evidence.slice(0, 2))]);
  }
  for (const x of exceptionSteps.slice(0, 3))
    decisions.push(['An exception made once in the documented run, not a rule: ', ...inline(x.text), ...cite(x.evidence.slice(0, 2))]);
  // Another case of the work went otherwise: what it did, with what set it off, as that case's own branch.
  const byCase = new Map<string, TimelineStep[]>();
  for (const b of branchCases) byCase.set(b.branch!.header, [...(byCase.get(b.branch!.header) ?? []), b]);
  for (const [, group] of [...byCase].slice(0, 3)) {
    const did = group.map((b, i) => (i ? lowerFirst(b.text) : b.text).replace(/\.$/, '')).join('; then ');
    decisions.push([
      'Another case in the evidence went otherwise: ',
      ...inline(`${did}.`),
      ...cite([...new Set(group.flatMap((b) => b.evidence))].slice(0, 2)),
    ]);
  }
  if (decisions.length) body.push(bullets(decisions));
  else body.push(ask('which calls need judgment, and on what basis are they made?'));

  // Quality checks
  body.push(heading(2, 'Quality checks'));
  const checks: Inline[][] = [];
  for (const s of scripts) {
    for (const e of s.facts.exits.filter((x) => x.code !== undefined && x.code !== 0)) {
      checks.push([{ code: s.relToWorkdir }, ` must finish with exit code 0; exit code ${e.code} means it stopped: `, ...exitInWords(e), '.']);
    }
  }
  for (const n of notes.filter((x) => CHECK_WORDS.test(x.text))) checks.push([...inline(asInstruction(n.text) ?? n.text), ...cite([n.file.path])]);
  for (const d of data.slice(0, MAX_LISTED)) {
    const totals = Object.entries(d.facts.sums).filter(([k]) => /amount|total|net|gross|sum|balance|fees?|price|value/i.test(k));
    if (totals.length)
      checks.push([
        'Totals to compare in ',
        { code: d.path },
        `: ${totals.map(([k, v]) => `${k} ${formatAmount(v)}`).join(', ')} over ${d.facts.rowCount} rows.`,
      ]);
  }
  if (checks.length) body.push(bullets(checks));
  else body.push(ask('how do you know the result is right before handing it over?'));

  // Common failures
  body.push(heading(2, 'Common failures'));
  // A rule that mentions a failure ("if the portal is down, wait") is stated under Decision points, not again here.
  const ruleTexts = new Set(rules.map((r) => r.text));
  const failures: Inline[][] = notes
    .filter((n) => FAILURE_WORDS.test(n.text) && n.file.facts.type !== 'email' && !CHECK_WORDS.test(n.text) && !RECOVERY.test(n.text) && !ruleTexts.has(n.text))
    .map((n) => [{ strong: 'Seen before:' }, ' ', ...inline(n.text), ...cite([n.file.path])]);
  for (const n of notes.filter((x) => RECOVERY.test(x.text))) failures.push([{ strong: 'What fixed it:' }, ' ', ...inline(n.text), ...cite([n.file.path])]);
  for (const s of scripts) {
    for (const e of s.facts.exits.filter((x) => x.code !== undefined && x.code !== 0)) {
      failures.push([
        { code: s.relToWorkdir },
        ` stops with exit code ${e.code}: `,
        ...exitInWords(e),
        '. Do not work around it: see Decision points and Escalation.',
      ]);
    }
  }
  if (failures.length) body.push(bullets(failures));
  else body.push(ask('what usually goes wrong, and how do you recover?'));

  // Escalation
  body.push(heading(2, 'Escalation'));
  // Held to the decision points' test: no letter to a customer, no question, no rule a step already states.
  const stops = notes.filter(
    (n) => /\b(?:stop|wait|do not|don't|never|hold)\b/i.test(n.text) && !asInstruction(n.text) && !recordsApproval(n.text) && !fromCustomer(n) && !notARule(n),
  );
  const outputs = [...new Set(scripts.flatMap((s) => s.outputFiles))];
  const escalation: Inline[][] = [];
  if (approver) escalation.push([{ strong: 'Contact:' }, ` ${approverLabel}${approver.email ? `, ${approver.email}` : ''}.`]);
  else escalation.push([{ strong: 'Contact:' }, ` the owner of this procedure. ${OWNER_QUESTION} who is the contact when this goes wrong?`]);
  escalation.push([
    { strong: 'Include:' },
    ' the error text or a screenshot',
    ...(outputs.length ? [', and ', ...outputs.flatMap((p, i) => (i ? [', ', { code: p } as Inline] : [{ code: p } as Inline]))] : []),
    ', and the input files you used.',
  ]);
  escalation.push([
    { strong: 'Stop if:' },
    ' a script stops with an error, or the figures do not match the evidence: do not guess, and do not change thresholds to make it pass.',
  ]);
  // Each rule is stated once: a stop that is already a decision point is referred to, not repeated.
  const stated = new Set(rules.map((r) => r.text));
  const referred = stops.filter((st) => stated.has(st.text));
  for (const st of stops.filter((x) => !stated.has(x.text))) {
    const text = inThirdPerson(st.text, st.file.facts.type === 'email' && approver ? approver.name : undefined);
    escalation.push([{ strong: 'Stop:' }, ' ', ...nameGate(inline(text)), ...cite([st.file.path])]);
  }
  if (referred.length)
    escalation.push([
      { strong: 'Also stop' },
      ` in the ${referred.length === 1 ? 'case' : `${referred.length} cases`} under Decision points that say to stop, wait or not go on.`,
    ]);
  body.push(bullets(escalation));

  // Expected output
  body.push(heading(2, 'Expected output'));
  const results: Inline[][] = outputs.map((p) => [{ code: p }, ', written by the scripts above.']);
  if (approverLabel) results.push([`The sign-off from ${approverLabel}, kept with the work`, ...cite([people.approverEvidence!])]);
  const lastAction = [...steps].reverse().find((s) => s.kind === 'mechanical' && s !== gateStep);
  if (lastAction && steps.indexOf(lastAction) > steps.indexOf(gateStep ?? steps[0])) results.push(['Done when: ', ...withoutFinalStop(lastAction.parts), '.']);
  if (results.length) body.push(bullets(results));
  else body.push(ask('what exists when the work is done, and where is it kept?'));

  if (previous) body.push(...changesSince(previous, steps));

  body.push(heading(2, 'About this draft'));
  const about: Inline[][] = [];
  for (const claim of oncePerFile(claimed)) {
    questions.push(claim.text);
    about.push([
      { strong: OWNER_QUESTION },
      ` the evidence says “${quoted(claim.text)}”`,
      ...cite([claim.file.path]),
      '. Does this change who approves, or when the approval may be skipped? Until you answer, the approval step stays as drafted.',
    ]);
  }
  if (bundle.excluded.length) about.push([`Left out of the evidence: ${bundle.excluded.map((e) => `${e.path} (${e.reason})`).join('; ')}.`]);
  for (const n of bundle.notes.slice(0, MAX_LISTED)) about.push([n]);
  if (bundle.notes.length > MAX_LISTED)
    about.push([`And ${bundle.notes.length - MAX_LISTED} more notes on how files were read: run \`sop evidence\` on the folder to see them all.`]);
  if (questions.length) about.push([`${questions.length} question(s) for the owner in this draft: answer them before approving.`]);
  about.push(['Steps marked judgment need a person; steps marked mechanical can be automated later.']);
  body.push(bullets(about));
  // The run's month (or day) becomes a parameter in what the next run does; citations keep the real file names.
  // Quality checks keep the run's own totals, so their file names stay the run's too.
  return parameterize(stringify(body), params, ['Inputs needed', 'Steps', 'Escalation', 'Expected output']);
}

/** Each claim once per file, however often it is repeated there. */
function oncePerFile(claims: Iterable<Statement>): Statement[] {
  return [...new Map([...claims].map((c) => [`${c.file.path}\n${c.text}`, c])).values()];
}

/** A claim is quoted to the owner whole, up to a length a reader takes in. */
function quoted(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400).trimEnd()}…` : text;
}

function scriptDetails(s: ScriptFile): Inline[][] {
  const lines: Inline[][] = [];
  if (s.facts.usage || s.runner) lines.push(['Command: ', { code: scriptCommand(s) }]);
  if (s.facts.inputs.length) lines.push(['Reads ', ...s.facts.inputs.flatMap((p, i) => (i ? [', ', { code: p } as Inline] : [{ code: p } as Inline]))]);
  if (s.facts.outputs.length) lines.push(['Writes ', ...s.facts.outputs.flatMap((p, i) => (i ? [', ', { code: p } as Inline] : [{ code: p } as Inline]))]);
  for (const e of s.facts.exits.filter((x) => x.code !== undefined && x.code !== 0)) lines.push([`Stops with exit code ${e.code}: `, ...exitInWords(e)]);
  const limits = s.facts.thresholds.filter((t) => /\d/.test(t.text.replace(/\[\d+\]/g, '')));
  if (limits.length) lines.push(['Limits it applies: ', ...limits.flatMap((t, i) => [i ? ', ' : '', { code: t.text } as Inline, ` (line ${t.line})`])]);
  for (const inner of s.invokes) lines.push(['Runs ', { code: inner.relToWorkdir }, ' itself', ...cite([inner.file.path])]);
  return lines;
}

/** Sentences that say what is at stake: a consequence, a deadline someone depends on, a risk. */
const WHY =
  /\b(?:because|so that|otherwise|or else|if (?:we|it|this|they) (?:miss|skip|don't|do not|is late|are late|goes wrong)|goes wrong|late|penalt\w*|fine[sd]?\b|complain\w*|audit\w*|restate\w*|chargeback\w*|churn|lose|lost|risk\w*|depends? on|relies on|needs? (?:it|them|the \w+) by|deadline|due by|board|regulator\w*|legal(?:ly)?|compliance)\b/i;
/** Sentences that tell what happened or what to do, not why. */
const NOT_WHY = /^(?:ran|re-?ran|run|checked|sent|send|download|upload|first run|last run|note|todo)\b/i;

function whySentences(candidates: Array<{ text: string; file: EvidenceFile }>): Array<{ text: string; file: EvidenceFile }> {
  const seen = new Set<string>();
  const out: Array<{ text: string; file: EvidenceFile }> = [];
  for (const c of candidates) {
    const text = c.text.trim();
    // A customer letter's "we will pass the matter on" is a template's words, not why the team does the work.
    if (text.length < 20 || text.length > 300 || !WHY.test(text) || NOT_WHY.test(text) || seen.has(text) || isTemplateFile(c.file)) continue;
    seen.add(text);
    out.push({ text, file: c.file });
    if (out.length >= 3) break;
  }
  return out;
}

function readmeSentences(readme: EvidenceFile): Array<{ text: string; file: EvidenceFile }> {
  return readme.text
    .slice(0, 20_000)
    .split(/\n\s*\n/)
    .filter((p) => p.trim() && !p.trim().startsWith('#'))
    .flatMap((p) => oneParagraph(p).split(/(?<=[.!?])\s+(?=[A-Z])/))
    .map((text) => ({ text, file: readme }));
}

/**
 * What a script says when it stops, in its own words: the message it prints with its `{…}` fields shown as "…",
 * else the line it stops on. The condition as code is for the script's reader, not the SOP's.
 */
function exitInWords(e: { text: string; line: number }): Inline[] {
  const message = /(["'])((?:(?!\1).){3,200})\1/.exec(e.text)?.[2];
  if (message) {
    const words = message
      .replace(/\{[^{}]{0,120}\}|%[-+ #0]?\d*(?:\.\d+)?[sdifr]|\$\{?\w+\}?/g, '…')
      .replace(/\s+/g, ' ')
      .trim();
    if (/[a-z]{3}/i.test(words)) return [`it prints "${words}" (line ${e.line})`];
  }
  return [`see line ${e.line} of the script`];
}

function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Two wordings of one rule: most of the shorter one's words are in the longer ("don't" and "do not" alike). */
function sameRule(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  // "a reminder 7 days after" and "a reminder 14 days after" are two rules.
  const numbers = (t: string) => (t.match(/\d+/g) ?? []).sort().join(',');
  if (numbers(a) !== numbers(b)) return false;
  const words = (t: string) => new Set(t.split(' ').filter((w) => w.length >= 3 && !['the', 'and', 'not', 'don', 'until', 'with', 'for'].includes(w)));
  const [x, y] = [words(a), words(b)];
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared >= 3 && shared >= 0.7 * Math.min(x.size, y.size);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/**
 * "Tobias decides on pausing work": the decision is the named person's, and it comes before anyone acts on it. It
 * goes into the step that hands the case to them (by name or role); false when no step does.
 */
function decideAtHandOver(steps: Step[], g: Gate): boolean {
  // "Helena decides on goodwill beyond this policy" is about exceptions, not the case handed over: it stays a decision point.
  if (/\b(?:beyond|goodwill|exception\w{0,2}|extra|outside|special|non-standard|override\w{0,2})\b/i.test(`${g.scope} ${g.condition ?? ''}`)) return false;
  const first = g.approver.split(/[\s(]/)[0].toLowerCase();
  const role = /\(([^()]{2,40})\)/.exec(g.approver)?.[1].toLowerCase();
  const at = steps.findIndex((st) => {
    const t = plain(st.parts).toLowerCase();
    return (t.includes(first) || (role !== undefined && t.includes(role))) && /\b(?:hand|pass|send|escalate|ask|forward|refer|tell)\w*\b/.test(t);
  });
  if (at < 0) return false;
  const scope = g.scope.replace(/[.\s]+$/, '');
  // "…; nobody else tells a client we stop work": who may not act in their place, in the team's words.
  const only = g.sentence && /;\s((?:nobody|no one|never)\b[^.;]{3,120})/i.exec(g.sentence)?.[1];
  const step = steps[at];
  step.parts = [
    ...withoutFinalStop(step.parts),
    `: ${g.approver} decides on ${lowerFirst(scope)} and approves it before anyone acts on it${only ? ` (${only})` : ''}; wait for the decision.`,
  ];
  step.kind = 'judgment';
  step.evidence = [...new Set([...step.evidence, ...g.evidence.slice(0, 1)])];
  // Later steps that hand one case to the same person, or record their decision on it, are that gate's own run.
  for (let i = steps.length - 1; i > at; i--) {
    const t = plain(steps[i].parts).toLowerCase();
    if (steps[i].kind === 'judgment' && t.includes(first) && /\b(?:hand\w*|approv\w*|decision|decides?|decided)\b/.test(t)) {
      for (const e of steps[i].evidence) if (step.evidence.length < 4 && !step.evidence.includes(e)) step.evidence.push(e);
      steps.splice(i, 1);
    }
  }
  return true;
}

/** The first step that does the action a gate's scope names ("loading a partial day" → the step that loads), or -1. */
function stepDoing(stepsText: string[], scope: string): number {
  const verb = /^(?:the\s)?([a-z]{3,20})ing\b/i.exec(scope.trim())?.[1].toLowerCase();
  if (!verb) return -1;
  // "loading" → "load", "issuing" → "issu(e)", "shipping" → "ship".
  const stem = verb.replace(/([^aeiou])\1$/, '$1');
  const word = new RegExp(`\\b${stem}(?:e|es|s|ed|ing)?(?:_\\w{1,30})?\\b`, 'i');
  return stepsText.findIndex((t) => word.test(t));
}

/** The first step that does what a gate holds ("the refund is issued" → "Issue the refund in Shopify"). */
function stepHolding(stepsText: string[], before: string): number {
  const words = normalized(before)
    .split(' ')
    .filter((w) => w.length >= 4 && !['before', 'after', 'being', 'will', 'with', 'from', 'this', 'that'].includes(w));
  if (words.length === 0) return -1;
  const stems = words.map((w) => w.replace(/(?:ed|es|s|ing)$/, ''));
  let best = -1;
  let bestHits = 0;
  stepsText.forEach((t, i) => {
    const hits = stems.filter((w) => t.includes(w)).length;
    if (hits > bestHits) {
      best = i;
      bestHits = hits;
    }
  });
  return bestHits >= Math.min(2, stems.length) ? best : -1;
}

/** The script a step runs: the first code span naming a file with a script's extension. */
function scriptIn(parts: Inline[]): string | undefined {
  for (const p of parts) {
    if (typeof p !== 'object' || !('code' in p)) continue;
    const m = /(?:^|\s)((?:[\w.-]+\/)*[\w.-]+\.(?:py|sh|js|mjs|ts|sql|ps1|rb|pl|r|bat|cmd))\b/i.exec(p.code);
    if (m) return m[1];
  }
  return undefined;
}

function changesSince(previous: EvidenceFile, steps: Step[]): RootContent[] {
  const facts = previous.facts.type === 'previous-sop' ? previous.facts : undefined;
  const old = (facts?.steps ?? []).slice(0, MAX_NOTE_STEPS);
  const current = steps.map((s) => ({ text: plain(s.parts), script: scriptIn(s.parts) }));
  const lines: Inline[][] = [[`Compared with `, { code: previous.path }, ':']];
  const matched = new Set<number>();
  for (const step of old) {
    // The first step of this version that does what the old step did, by its act and what it acts on.
    let found: { at: number; byScript?: string } | undefined;
    for (const [i, c] of current.entries()) {
      const m = sameStep(step, c.text, c.script);
      if (m) {
        found = { at: i, byScript: m.byScript };
        break;
      }
    }
    if (found) matched.add(found.at);
    if (found?.byScript) lines.push(['Now done by ', { code: found.byScript }, ' (was by hand): ', ...inline(step)]);
    else lines.push([found ? 'Still done: ' : 'No longer in the evidence: ', ...inline(step)]);
  }
  steps.forEach((s, i) => {
    if (!matched.has(i)) lines.push(['New: ', ...withoutFinalStop(s.parts), '.']);
  });
  // The previous version's own words are quoted, not instructions: its gates and paths are not this SOP's.
  return [
    heading(2, 'Changes since the previous version'),
    { type: 'html', value: '<!-- sop-lint-disable unnamed-approval-gate missing-path placeholder-left -->' },
    bullets(lines),
    { type: 'html', value: '<!-- sop-lint-enable unnamed-approval-gate missing-path placeholder-left -->' },
  ];
}

export type { ScriptFacts, NoteSentence, People };
