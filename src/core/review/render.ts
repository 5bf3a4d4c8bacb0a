import { REVIEW_JSON_MARKER, REVIEW_REPORT_MARKER } from '../sop/reviewReport';
import type { ReviewFinding, ReviewReport, ReviewVerdict } from './types';

export interface RenderReviewOptions {
  /** Link from the report file to the SOP, e.g. "month-end-close.sop.md". */
  sopLink: string;
  /** A model's own reading of the SOP: shown apart, marked as such, never used for the verdict. */
  modelReading?: { provider: string; model: string; text: string };
  /** Why the model's reading is missing, when one was asked for and failed. */
  modelError?: string;
  /** When the report was made (ISO time); left out when absent, so the report is the same for the same SOP. */
  generatedAt?: string;
}

const ANSWER: Record<ReviewVerdict, string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** Keeps SOP text quoted in a finding from turning into HTML: `<month>` stays visible outside code spans. */
function inline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;')))
    .join('');
}

/** The SOP's link with each name percent-encoded, so spaces and brackets in a file name keep the link whole. */
function target(sopLink: string): string {
  return sopLink
    .split('/')
    .map((p) => (p === '..' || p === '.' ? p : encodeURIComponent(p)))
    .join('/');
}

function linkTo(sopLink: string, line: number): string {
  return `[line ${line + 1}](${target(sopLink)}#L${line + 1})`;
}

function findingLine(f: ReviewFinding, sopLink: string): string {
  return `- ${f.line !== undefined ? `${linkTo(sopLink, f.line)}: ` : ''}${inline(f.text)}`;
}

/** The review as Markdown: a summary table, one section per question with linked findings, and the verdict. */
export function renderReviewMarkdown(report: ReviewReport, o: RenderReviewOptions): string {
  const safeLink = o.sopLink.replace(/--+>?/g, '-');
  const out: string[] = [`<!-- ${REVIEW_REPORT_MARKER} from ${safeLink}; regenerate rather than edit -->`, `# Review: ${inline(report.title)}`, ''];
  const lint = `lint: ${report.lint.errors} error(s), ${report.lint.warnings} warning(s)`;
  out.push(`SOP: [${inline(o.sopLink)}](${target(o.sopLink)}) · ${lint}${o.generatedAt ? ` · reviewed ${o.generatedAt}` : ''}`, '');
  out.push(`**${report.ready ? 'Ready to approve.' : 'Not ready to approve.'}** See [Verdict](#verdict).`, '');
  out.push('| # | Question | Answer |', '|---|---|---|');
  report.answers.forEach((a, i) => out.push(`| ${i + 1} | ${inline(a.question).replace(/\|/g, '\\|')} | **${ANSWER[a.verdict]}** |`));
  out.push('');
  report.answers.forEach((a, i) => {
    out.push(`## ${i + 1}. ${inline(a.question)}`, '', `**${ANSWER[a.verdict]}.** ${inline(a.summary)}`, '');
    if (a.findings.length > 0) out.push(...a.findings.map((f) => findingLine(f, o.sopLink)), '');
    if (a.next && a.verdict !== 'yes') out.push(`**Next:** ${inline(a.next)}`, '');
  });
  if (report.runs) {
    out.push('## Followed since approval?', '', inline(report.runs.summary), '');
    if (report.runs.persistent.length > 0) out.push(...report.runs.persistent.map((p) => `- ${inline(p)}`), '');
  }
  if (report.openItems.length > 0) {
    out.push(
      '## Left open',
      '',
      'What the draft leaves for a person to settle before approval:',
      '',
      ...report.openItems.map((f) => findingLine(f, o.sopLink)),
      '',
    );
  }
  out.push('## Verdict', '', `**${report.ready ? 'Ready to approve.' : 'Not ready to approve.'}**`, '', ...report.reasons.map((r) => `- ${inline(r)}`), '');
  if (o.modelReading) {
    out.push(
      `## A model's reading (${inline(o.modelReading.provider)}/${inline(o.modelReading.model)}) — not part of the checks above`,
      '',
      "> This is the model's own opinion of the SOP. The answers and the verdict above come only from the checks; this section did not change them.",
      '',
      ...o.modelReading.text
        .trim()
        .split(/\r?\n/)
        .map((l) => (l ? `> ${l}` : '>')),
      '',
    );
  } else if (o.modelError) {
    out.push("## A model's reading — left out", '', `The model was asked for its own reading, but it failed: ${inline(o.modelError)}`, '');
  }
  return out.join('\n');
}

/** The review as JSON, marked so `isReviewReport` (sop/reviewReport) knows it. */
export function renderReviewJson(report: ReviewReport, o: Pick<RenderReviewOptions, 'sopLink' | 'generatedAt'>): string {
  return (
    JSON.stringify({ generatedBy: REVIEW_JSON_MARKER, sop: o.sopLink, ...(o.generatedAt ? { generatedAt: o.generatedAt } : {}), ...report }, null, 2) + '\n'
  );
}
