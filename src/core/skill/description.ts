import type { SopDocument } from '../sop/model';
import type { SectionKind } from '../sop/sections';
import { DESCRIPTION_MAX } from './validate';

/**
 * The skill's description: agents read only this to decide whether to load the skill, so it says what the
 * skill does (the procedure, from its purpose) and when to use it (from its trigger), in plain text within the
 * 1024 characters every loader accepts. The "what" and "when" always fit; the purpose is shortened to make room.
 */

const TITLE_MAX = 120;
const TRIGGER_MAX = 300;
/** Titles that already say what kind of document they are: "the Vendor Onboarding Procedure", not "… Procedure procedure". */
const KIND_WORD = /\b(?:procedure|process|workflow|checklist|runbook|playbook|handbook|guide|sop|plan|policy)$/i;
/** A trigger that is a condition reads on from "Use it when asked …, or …". */
const CONDITION_START = /^(?:when|whenever|if|once|as soon as|after|before|on|at|every|each|in|during|by)\b/i;
/** Subordinate clauses end at their first comma: "When a request arrives, the bot posts …" → "when a request arrives". */
const CLAUSE_START = /^(?:when|whenever|if|once|as soon as|after|before)\b/i;
/** "Run this on the 2nd business day" → "on the 2nd business day". */
const RUN_THIS = /^(?:run|do|start|perform|follow|use|carry out)\s+(?:this|it|the)(?:\s+(?:procedure|process|sop|checklist|runbook))?\s+/i;

export function describeSkill(doc: SopDocument, title: string): string {
  const procedure = procedureName(title);
  const what = `Carries out ${procedure} step by step${doc.gates.length > 0 ? ', stopping to ask for each approval it needs' : ''}.`;
  const trigger = firstSentence(doc, 'trigger');
  const use = whenToUse(procedure, trigger && cut(trigger, TRIGGER_MAX));
  const why = firstSentence(doc, 'why');
  const room = DESCRIPTION_MAX - what.length - use.length - 2;
  const parts = [what, why && room > 40 ? cut(ensurePeriod(why), room) : undefined, use];
  return parts.filter((p): p is string => !!p).join(' ');
}

/** `the "Monthly sales report" procedure`; `the "Vendor Onboarding Procedure"` and `"The Release Process"` say their kind already. */
function procedureName(title: string): string {
  const t = cut(plainText(title).replace(/"/g, "'"), TITLE_MAX);
  if (!KIND_WORD.test(t)) return `the "${t}" procedure`;
  return /^(?:the|a|an)\s/i.test(t) ? `"${t}"` : `the "${t}"`;
}

function whenToUse(procedure: string, trigger: string | undefined): string {
  const ask = `Use it when asked to run ${procedure}`;
  if (!trigger) return `${ask}.`;
  const bare = trigger.replace(RUN_THIS, '').replace(/[.!;:]+$/, '');
  if (CONDITION_START.test(bare)) {
    const clause = CLAUSE_START.test(bare) ? bare.split(',')[0] : bare;
    return `${ask}, or ${lowerFirst(clause)}.`;
  }
  return `${ask}. When to run it: ${ensurePeriod(trigger)}`;
}

function firstSentence(doc: SopDocument, kind: SectionKind): string | undefined {
  for (const section of doc.sectionsOf(kind)) {
    const s = doc.sentences.find((x) => x.start >= section.start && x.start < section.end && x.where !== 'heading');
    const text = s && plainText(s.text);
    if (text && /[\p{L}\p{N}]/u.test(text)) return text;
  }
  return undefined;
}

/** One line of text: no angle brackets (Anthropic's validator refuses them, VS Code strips tags), no control characters. */
function plainText(s: string): string {
  return s
    .replace(/[<>]/g, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
}

/** At most `max` characters, cut at a word when there is one, marked with an ellipsis. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max - 1);
  const word = head.replace(/\s+\S*$/, '');
  return (word.length > max / 2 ? word : head).replace(/[\s,;:]+$/, '') + '…';
}

function ensurePeriod(s: string): string {
  return /[.!?…]$/.test(s) ? s : s + '.';
}

function lowerFirst(s: string): string {
  return /^[A-Z](?:[a-z]|\s)/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}
