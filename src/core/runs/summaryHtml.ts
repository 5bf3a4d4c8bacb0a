import type { RunConformance } from './conformance';
import type { SopConformance, StepRates } from './summary';

/**
 * The runs of an SOP as a page people would rather look at than a table of numbers: the verdict, a bar per
 * step (done / done differently / skipped / failed across the runs since approval) with the time it takes,
 * and the runs themselves. One page for the editor's webview and for `sop conform --format html`; no script.
 */

export interface SummaryPageOptions {
  title: string;
  sopRel: string;
  /** A nonce for the page's one <style>, allowed by its Content-Security-Policy. */
  nonce: string;
}

const OUTCOMES = [
  ['done', 'done as written'],
  ['different', 'done differently'],
  ['skipped', 'skipped'],
  ['failed', 'failed'],
] as const;

/** The page lists this many runs; `sop conform --format json` has every one. */
const MAX_RUNS_SHOWN = 50;

export function conformanceHtml(c: SopConformance, o: SummaryPageOptions): string {
  const since = c.approvedOn ? `since its approval on ${c.approvedOn}` : 'of its current text (it is not approved)';
  const verdict =
    c.verdict === 'not yet tried'
      ? 'Not yet tried: no run of this SOP is recorded. Start one with SOP: Start Run.'
      : c.verdict === 'followed'
        ? `Followed: every run ${since} did the steps as written.`
        : c.verdict === 'hard failures'
          ? 'Hard failures: a run went past an approval gate before the approver approved.'
          : `Deviations: runs ${since} did not always follow the steps as written.`;
  const body = [
    `<h1>${esc(o.title)}</h1>`,
    `<p class="sop">${esc(o.sopRel)}</p>`,
    `<p class="verdict ${c.verdict.replace(/ /g, '-')}" role="status">${esc(verdict)}</p>`,
    c.verdict === 'not yet tried' ? '' : counts(c),
    c.persistent.length ? `<h2>Persistent deviations</h2><ul class="persistent">${c.persistent.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '',
    c.verdict === 'not yet tried' ? '' : chart(c.steps, since),
    c.runs.length ? runsTable(c.runs) : '',
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${o.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}: runs</title>
<style nonce="${o.nonce}">${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}

function counts(c: SopConformance): string {
  const followed = c.runs.filter((r) => r.followed).length;
  const hard = c.runs.filter((r) => r.violations.length > 0).length;
  const earlier = c.otherVersions ? `, ${c.otherVersions} of an earlier text (counted apart)` : '';
  return `<p class="counts">${c.runs.length} run${c.runs.length === 1 ? '' : 's'}: ${c.sameVersion} of this text${earlier}; ${followed} followed the SOP${hard ? `, <strong>${hard} with a hard failure</strong>` : ''}.</p>`;
}

function chart(steps: StepRates[], since: string): string {
  const legend = OUTCOMES.map(
    ([key, label]) => `<span><svg class="key" viewBox="0 0 10 10"><rect class="${key}" width="10" height="10"/></svg>${label}</span>`,
  ).join('');
  const rows = steps.map((s) => {
    // SVG geometry, not style attributes: the page's policy allows its one <style> and nothing inline.
    let x = 0;
    const segments = OUTCOMES.map(([key, label]) => {
      const n = s[key];
      if (n === 0 || s.runs === 0) return '';
      const width = (n * 100) / s.runs;
      const rect = `<rect class="${key}" x="${x.toFixed(2)}" width="${width.toFixed(2)}" height="10"><title>${n} ${label}</title></rect>`;
      x += width;
      return rect;
    }).join('');
    const figures = s.runs === 0 ? 'no run got this far' : `${s.done} done, ${s.different} different, ${s.skipped} skipped, ${s.failed} failed of ${s.runs}`;
    return `<div class="row" role="listitem" aria-label="Step ${s.step.number}: ${esc(figures)}">
<div class="label"><b>${s.step.number}.</b> ${esc(clip(s.step.text, 90))}${s.step.gate ? ' <span class="gate">gate</span>' : ''}</div>
<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none">${segments}</svg>
<div class="fig">${esc(figures)}</div>
<div class="time">${s.medianMs === undefined ? '—' : esc(duration(s.medianMs))}</div>
</div>`;
  });
  return `<h2>Steps in the runs ${esc(since)}</h2>
<div class="legend">${legend}<span class="timehead">median time</span></div>
<div class="chart" role="list">
${rows.join('\n')}
</div>`;
}

function runsTable(runs: RunConformance[]): string {
  const shown = [...runs].reverse().slice(0, MAX_RUNS_SHOWN);
  const rows = shown.map((r) => {
    const notes: string[] = [];
    for (const v of r.violations) notes.push(`<strong>hard failure:</strong> ${esc(v.message)}`);
    for (const s of r.steps)
      if (s.outcome === 'skipped' || s.outcome === 'failed' || s.outcome === 'different')
        notes.push(`step ${s.step.number} ${s.outcome}${s.detail ? ` (${esc(clip(s.detail, 120))})` : ''}`);
    if (r.reordered.length) notes.push(`out of order: step ${r.reordered.map((s) => s.number).join(', ')}`);
    if (r.problems.length) notes.push(`${r.problems.length} bad line${r.problems.length === 1 ? '' : 's'} in its log`);
    const state = r.finished ?? 'in progress';
    const result = r.violations.length ? 'hard failure' : r.followed ? 'followed' : 'deviated';
    return `<tr class="${result.replace(' ', '-')}"><td>${esc(r.run)}</td><td>${esc(r.startedAt?.slice(0, 16).replace('T', ' ') ?? '')}</td><td>${esc(state)}${r.sameVersion ? '' : ', earlier text'}</td><td>${result}</td><td>${notes.join('<br>')}</td></tr>`;
  });
  const more =
    runs.length > MAX_RUNS_SHOWN ? `<p>The ${MAX_RUNS_SHOWN} latest of ${runs.length} runs are listed; sop conform --format json lists every one.</p>` : '';
  return `<h2>Runs</h2>
<table><thead><tr><th>run</th><th>started</th><th>state</th><th>result</th><th>what differed</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${more}`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}

const STYLE = `
body{font-family:var(--vscode-font-family,system-ui,sans-serif);color:var(--vscode-foreground,#222);background:var(--vscode-editor-background,#fff);margin:1.5em;max-width:70em}
h1{font-size:1.5em;margin:0}.sop{opacity:.7;margin-top:.2em}
.verdict{font-size:1.15em;padding:.5em .8em;border-radius:4px;border-left:4px solid var(--vscode-charts-green,#2e7d32)}
.verdict.deviations{border-color:var(--vscode-charts-yellow,#b28704)}.verdict.hard-failures{border-color:var(--vscode-charts-red,#c62828)}.verdict.not-yet-tried{border-color:#888}
.legend{display:flex;gap:1.2em;font-size:.9em;margin:.4em 0}.key{width:.9em;height:.9em;margin-right:.35em;vertical-align:middle}
.done{fill:var(--vscode-charts-green,#2e7d32)}.different{fill:var(--vscode-charts-blue,#1565c0)}.skipped{fill:var(--vscode-charts-yellow,#b28704)}.failed{fill:var(--vscode-charts-red,#c62828)}
.timehead{margin-left:auto;opacity:.7}
.row{display:grid;grid-template-columns:minmax(12em,2fr) 3fr minmax(10em,1.2fr) 5em;gap:.8em;align-items:center;padding:.25em 0;border-bottom:1px solid rgba(128,128,128,.2)}
.label{overflow:hidden;text-overflow:ellipsis}.gate{font-size:.75em;border:1px solid currentColor;border-radius:3px;padding:0 .3em;opacity:.8}
.bar{width:100%;height:1.1em;background:rgba(128,128,128,.15);border-radius:3px}
.fig{font-size:.85em;opacity:.85}.time{text-align:right;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid rgba(128,128,128,.25);vertical-align:top}
tr.hard-failure td{color:var(--vscode-errorForeground,#c62828)}
`;
