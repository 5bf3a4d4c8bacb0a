/** The table `npm run security` prints, and the lists of what still gets through under it. */

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function summaryRows(r) {
  const rows = [];
  const row = (what, tried, through, note = '') => rows.push([what, tried, through, note]);
  const s = r.secrets;
  if (s && !s.error) {
    const note = `${s.kinds} kinds in ${s.files} files${s.filesLeftOut.length ? `; ${s.filesLeftOut.length} files (${s.inFilesLeftOut} secrets) left out whole` : ''}`;
    row('Secrets reaching sop prompt', s.planted, s.reachingPrompt, note);
    row('Secrets reaching the offline draft', s.planted, s.reachingDraft);
    row('Secrets reaching sop evidence', s.planted, s.reachingEvidence);
    row('Secrets reaching the skill export', s.planted, s.reachingSkill);
    row(
      'Look-alikes wrongly removed',
      s.lookalikes,
      s.lookalikesRemoved,
      s.lookalikesInFilesLeftOut ? `${s.lookalikesInFilesLeftOut} more in files left out` : '',
    );
  }
  const n = r.names;
  if (n && !n.error) {
    row('Sensitive names read', n.sensitiveNames, n.read, `marker in prompt: ${n.markerInPrompt}`);
    row('Ordinary names left out', n.ordinaryNames, n.ordinaryLeftOut);
    if (n.links) {
      row('Links to sensitive files, read', n.links.tried, n.links.readByPrompt.length, 'by sop prompt');
      row(
        'Links to sensitive files, copied',
        n.links.tried,
        n.links.copiedBySkill.length,
        `by sop skill; personal-data table copied: ${n.links.personalDataCopied ? 'yes' : 'no'}`,
      );
    }
  }
  const w = r.workflow;
  if (w && !w.error)
    row(
      'Workflow injections effective',
      w.tried,
      w.effective,
      `${w.unquoted} unquoted in a run: script${w.exported < w.tried ? `; ${w.tried - w.exported} refused` : ''}`,
    );
  const p = r.prompt;
  if (p && !p.error) row('Prompt injections effective', p.tried, p.effective, `${p.inSystemMessage} in the system message`);
  const h = r.hostile;
  if (h && !h.error) {
    row('Hostile inputs slower than 2 s', h.tried, h.slow);
    row('Hostile inputs crashed', h.tried, h.crashed, h.otherProblems ? `${h.otherProblems} other problem(s)` : '');
  }
  return rows;
}

export function printReport(r) {
  const out = [];
  out.push(`SOP Builder security measurement: ${r.cli}, seed ${r.seed}, ${r.seconds} s`, '');
  out.push(`${pad('Measurement', 38)}${lpad('Tried', 6)}${lpad('Through', 9)}  Notes`);
  for (const [what, tried, through, note] of summaryRows(r)) out.push(`${pad(what, 38)}${lpad(tried, 6)}${lpad(through, 9)}  ${note}`);
  for (const [name, m] of Object.entries(r))
    if (m && typeof m === 'object' && m.error) out.push(`${name}: the measurement itself failed: ${m.error.split('\n')[0]}`);

  const section = (title, lines, count = lines?.length) => {
    if (lines && lines.length) out.push('', `${title} (${count}):`, ...lines.map((l) => `  ${l}`));
  };
  if (r.secrets && !r.secrets.error) {
    section(
      'Secrets that get through',
      r.secrets.reached.map((x) => `${pad(x.kind, 42)} ${pad(x.file, 40)} ${x.outputs.join(', ')}`),
    );
    section(
      'Look-alikes removed from the prompt',
      r.secrets.lookalikesRemovedList.map((x) => `${x.kind} (${x.file})`),
    );
    section('Work files left out whole (their secrets are not counted as reaching)', r.secrets.filesLeftOut);
    section('Secrets measurement problems', r.secrets.problems);
  }
  if (r.names && !r.names.error) {
    if (r.names.readList.length) section('Sensitive names read', [r.names.readList.join(', ')], r.names.readList.length);
    if (r.names.ordinaryLeftOutList.length) section('Ordinary names left out', [r.names.ordinaryLeftOutList.join(', ')], r.names.ordinaryLeftOutList.length);
    if (r.names.links)
      section('Links to sensitive files that get through', [
        ...r.names.links.readByPrompt.map((l) => `${l}: read by sop prompt`),
        ...r.names.links.copiedBySkill.map((l) => `${l}: copied by sop skill`),
      ]);
    section('Names measurement problems', r.names.problems);
  }
  if (r.workflow && !r.workflow.error) section('Workflow injections that get through', r.workflow.effectiveList);
  if (r.prompt && !r.prompt.error) {
    section('Prompt injections that get through', r.prompt.effectiveList);
    section(
      'Forged approvals that land elsewhere in the draft (not counted)',
      r.prompt.results.filter((x) => !x.effective && x.elsewhere).map((x) => `${x.id}: under ${x.elsewhere}`),
    );
  }
  if (r.hostile && !r.hostile.error) {
    section(
      'Hostile inputs',
      r.hostile.results.map((x) =>
        x.tried
          ? `${pad(x.id, 26)} ${lpad(x.ms, 6)} ms  exit ${pad(x.exit ?? '-', 4)} ${lpad(x.rssMB ?? '?', 5)} MB  ${x.crash ? `CRASH: ${x.crash}` : x.slow ? 'slow' : 'ok'}${x.problem ? `; ${x.problem}` : ''}`
          : `${pad(x.id, 26)} not tried: ${x.reason}`,
      ),
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}
