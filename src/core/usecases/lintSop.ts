import type { WorkspaceIndex } from '../workspace/fileIndex';
import type { Workspace } from '../workspace/port';
import { sopRunFacts } from './runFacts';
import { exportedSkills, sopSkillFacts, type ExportedSkills } from './skillFacts';
import { checkSop, type SopContext } from './sop';

type CheckInput = Parameters<typeof checkSop>[1];

/**
 * An SOP checked as `sop lint` and the agents' `lint` tool check it: with what its exported skill folders and its
 * run logs say. Where the skill was exported needs only the SOP's path, so those facts go into the first lint; an
 * SOP with run logs is linted again with what they say (the steps people persistently do not follow).
 * `skills`: the workspace's skill records, read once by a caller that lints many SOPs.
 */
export async function checkSopWithFacts(
  ws: Workspace,
  input: CheckInput,
  o: { index?: WorkspaceIndex; relPath: string; skills?: ExportedSkills },
): Promise<SopContext> {
  const skills = await sopSkillFacts(ws, { root: input.root, relPath: o.relPath }, { skills: o.skills ?? (await exportedSkills(ws, input.root)) });
  const sop = await checkSop(ws, input, { index: o.index, skills });
  const runs = await sopRunFacts(ws, sop);
  if (!runs || runs.deviations.length === 0) return sop;
  return checkSop(ws, { ...input, known: sop.evidence }, { index: o.index, runs, skills });
}
