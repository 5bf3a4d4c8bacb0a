import type { SopDocument } from './model';
import type { SectionKind } from './sections';

/**
 * Parts a procedure states in its prose rather than under a heading of their own, in words that leave no doubt:
 * "The purpose of this procedure is …", "Use this runbook when …", "The release manager is responsible for …",
 * "You will need …", "Escalate to …". Published procedures often work this way. Only these phrasings count:
 * a part mentioned in passing ("check the totals") is not the part.
 */
const CUES: Partial<Record<SectionKind, RegExp>> = {
  why: /\b(?:the (?:purpose|goal|aim|objective)s? of (?:this|the) (?:procedure|process|document|sop|runbook|playbook|policy|checklist|page|guide|workflow)|this (?:procedure|process|document|sop|runbook|playbook|policy|checklist|page|guide|workflow) (?:describes|explains|exists|ensures|is (?:meant|intended|designed) to|helps))\b/i,
  trigger:
    /\b(?:(?:use|run|follow|start) this (?:procedure|process|runbook|playbook|checklist|sop|guide|workflow) (?:when|if|whenever|every|each|after|before|once|as soon as)|this alert (?:fires|triggers) (?:when|if)|(?:is|are) triggered (?:when|by|if))\b/i,
  owner: /\b(?:is|are) (?:responsible|accountable) for\b|\bowns? this (?:procedure|process|runbook|playbook|sop)\b/i,
  inputs: /\b(?:you(?:'ll| will) need\b|prerequisites?:|before you (?:start|begin),? (?:make sure|ensure|check)\b)/i,
  output:
    /\b(?:(?:when|once) (?:you are|you're|this is|it is|everything is) (?:done|finished|complete)|the (?:end )?result (?:is|should be)|at the end of (?:this|the) (?:procedure|process|run),?)\b/i,
  escalation: /\b(?:escalate (?:to|it to|the issue to)|if you (?:are|get) stuck|if in doubt,? (?:ask|contact|page)|page the on-?call)\b/i,
};

/** An ordered list of at least three items is steps, wherever it stands. */
function hasNumberedSteps(doc: SopDocument): boolean {
  let run = 0;
  let last: number | undefined;
  for (const item of doc.listItems) {
    if (item.level !== 0) continue;
    run = item.ordered && last !== undefined && item.number === last + 1 ? run + 1 : item.ordered ? 1 : 0;
    last = item.ordered ? item.number : undefined;
    if (run >= 3) return true;
  }
  return false;
}

/** Which of `wanted` the document states in its prose. Only asked for parts no heading names, so usually none. */
export function partsInProse(doc: SopDocument, wanted: readonly SectionKind[]): Set<SectionKind> {
  const found = new Set<SectionKind>();
  for (const kind of wanted) {
    if (kind === 'steps') {
      if (hasNumberedSteps(doc)) found.add(kind);
      continue;
    }
    const cue = CUES[kind];
    if (cue && doc.sentences.some((s) => s.where !== 'heading' && cue.test(s.text))) found.add(kind);
  }
  return found;
}
