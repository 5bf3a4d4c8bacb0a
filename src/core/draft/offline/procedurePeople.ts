/**
 * Who owns and who approves the procedure, for the draft's text and its front matter alike: the people found in
 * the evidence, less an approver whose only approval covered one decision once (a discount for one customer).
 */
import type { EvidenceBundle } from '../../evidence/types';
import { findPeople, type People } from './people';
import { findGates, type Gate } from './rules';

/** Worked out once per evidence bundle: the front matter and the draft's body both ask (reading it, never changing it). */
const known = new WeakMap<EvidenceBundle, { people: People; gates: Gate[] }>();

export function procedurePeople(bundle: EvidenceBundle): { people: People; gates: Gate[] } {
  let found = known.get(bundle);
  if (!found) known.set(bundle, (found = findProcedurePeople(bundle)));
  return found;
}

function findProcedurePeople(bundle: EvidenceBundle): { people: People; gates: Gate[] } {
  const people = findPeople(bundle);
  const gates = findGates(bundle);
  const covers = (g: Gate, name: string) => g.approver.toLowerCase().includes(name.toLowerCase());
  const approver = people.approver;
  const oneOffOnly =
    approver !== undefined &&
    gates.some((g) => g.oneOff && covers(g, approver.name)) &&
    !gates.some((g) => !g.oneOff && !g.decides && covers(g, approver.name));
  return { people: oneOffOnly ? { ...people, approver: undefined, approverEvidence: undefined } : people, gates };
}
