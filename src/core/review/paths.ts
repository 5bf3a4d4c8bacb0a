import { pathsInCommand } from '../sop/pathSyntax';
import { checkPath } from '../workspace/checkPath';
import { isInside, relativeTo, resolve } from '../workspace/paths';
import { fromIssue, issuesOf, mentionedPlaces, placesOf, plural, quote, samePlace, workdirOf, type ReviewContext, type ReviewQuestion } from './context';
import type { ReviewFinding } from './types';

/** Files a step runs rather than reads. */
const SCRIPT = /\.(?:py|sh|bash|zsh|ps1|bat|cmd|rb|pl|php|js|mjs|cjs|ts|r|sql|jl|lua)$/i;

interface ScriptRun {
  step: number;
  stepText: string;
  value: string;
  line: number;
  found?: string;
}

/** The scripts the steps run (paths in their commands), and where each was found in the workspace. */
function scriptsRun(ctx: ReviewContext): ScriptRun[] {
  const { doc, workspace, filePath } = ctx;
  if (!workspace) return [];
  const root = workspace.rootOf(filePath) ?? workspace.roots[0];
  const workdir = workdirOf(doc);
  const workdirs = workdir && root && isInside(root, resolve(root, workdir)) ? [resolve(root, workdir)] : [];
  const runs: ScriptRun[] = [];
  doc.steps.forEach((step, i) => {
    const raw = doc.text.slice(step.start, step.end);
    for (const code of raw.matchAll(/`([^`\n]+)`/g)) {
      // "(evidence: `scripts/x.py`)" says where a step came from; it does not run anything.
      if (/\(evidence:?[^)]*$/i.test(raw.slice(0, code.index))) continue;
      for (const p of pathsInCommand(code[1])) {
        if (!SCRIPT.test(p.value) || runs.some((r) => r.value === p.value)) continue;
        const status = checkPath(p.value, filePath, workspace, workdirs);
        if (status.status === 'absolute' || status.status === 'outside') continue;
        const line = doc.lines.positionAt(step.start + (code.index ?? 0)).line;
        runs.push({
          step: step.number ?? i + 1,
          stepText: step.text,
          value: p.value,
          line,
          found: status.status === 'exists' ? relativeTo(root, status.resolved) : undefined,
        });
      }
    }
  });
  return runs;
}

export const pathsQuestion: ReviewQuestion = {
  id: 'paths',
  label: 'Tools and paths',
  question: 'Does it match the tools and file paths the team actually uses?',
  answer(ctx) {
    const { doc, workspace } = ctx;
    const findings: ReviewFinding[] = [];
    const runs = scriptsRun(ctx);
    const missingRuns = runs.filter((r) => !r.found);
    for (const r of missingRuns)
      findings.push({ text: `Step ${r.step} runs \`${r.value}\`, which is not in the workspace: ${quote(r.stepText)}`, line: r.line });
    // The path rules' own findings, less the ones just told step by step.
    const told = (message: string, line: number) => missingRuns.some((r) => r.line === line && message.includes(`"${r.value}"`));
    const missing = issuesOf(ctx, 'missing-path');
    const rest = issuesOf(ctx, 'missing-path', 'path-outside-workspace', 'evidence-drift', 'changed-since-approval');
    findings.push(...rest.filter((i) => !(i.rule === 'missing-path' && told(i.message, i.range.start.line))).map(fromIssue));
    for (const r of runs.filter((x) => x.found)) findings.push({ text: `Step ${r.step} runs \`${r.value}\`: found at ${r.found}.`, line: r.line });

    const evidence = ctx.evidence;
    const mentioned = mentionedPlaces(ctx);
    const bodyText = doc.text.slice(doc.frontMatter.blockEnd);
    const unmentioned = evidence.filter((e) => !bodyText.includes(e.path) && !mentioned.some((m) => samePlace(m, placesOf(ctx, e.path, false))));
    for (const e of unmentioned)
      findings.push({ text: `Evidence file \`${e.path}\` was recorded with the SOP but no step or section mentions it.`, line: e.range.start.line });
    if (!workspace) findings.push({ text: 'No workspace was given, so the paths in the SOP were not checked against the files.' });

    const count = (rule: string) => issuesOf(ctx, rule).length;
    const parts = [
      workspace
        ? `${plural(doc.paths.length, 'path')} checked against the workspace${missing.length ? `, ${missing.length} missing` : ''}${count('path-outside-workspace') ? `, ${count('path-outside-workspace')} outside it` : ''}`
        : 'paths not checked (no workspace)',
      runs.length ? `${plural(runs.length, 'script')} run by the steps${missingRuns.length ? `, ${missingRuns.length} not found` : ', all found'}` : '',
      evidence.length
        ? `${plural(evidence.length, 'evidence file')} recorded${unmentioned.length ? `, ${unmentioned.length} never mentioned` : ''}${count('evidence-drift') ? `, ${count('evidence-drift')} changed or missing since approval` : ''}`
        : '',
      count('changed-since-approval') ? 'the text changed since it was approved' : '',
    ].filter(Boolean);
    const summary = `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());

    if (missing.length > 0 || missingRuns.length > 0) {
      return {
        verdict: 'no',
        summary,
        findings,
        next: 'Fix each path that does not exist (the lint quick fix offers the nearest file), or add the missing file to the workspace.',
      };
    }
    if (!workspace || rest.length > 0 || unmentioned.length > 0) {
      const next = !workspace
        ? 'Review it inside its workspace (sop review --workspace DIR) so the paths are checked.'
        : count('evidence-drift') + count('changed-since-approval') > 0
          ? 'Re-check the steps against the evidence as it is now, then approve again.'
          : unmentioned.length > 0
            ? 'For each evidence file never mentioned, check whether a step that uses it is missing, or drop it from the evidence list.'
            : 'Replace absolute paths and paths outside the workspace with workspace-relative ones.';
      return { verdict: 'partly', summary, findings, next };
    }
    return { verdict: 'yes', summary, findings };
  },
};
