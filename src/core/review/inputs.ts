import type { PathMention } from '../sop/model';
import { pathsInCommand } from '../sop/pathSyntax';
import { isAbsolutePath } from '../workspace/checkPath';
import {
  filledSections,
  lineAt,
  listWords,
  mentionedPlaces,
  placesOf,
  plural,
  quote,
  samePlace,
  sectionItems,
  sectionName,
  sectionText,
  type ReviewContext,
  type ReviewQuestion,
} from './context';
import type { ReviewFinding } from './types';

/** Words before a path that make it something a step makes, not something it needs. */
const MADE_HERE =
  /\b(?:writes?|wrote|written|produces?|produced|creates?|created|generates?|generated|saves?|saved|outputs?|into|exports? (?:it |them )?(?:to|as))\b/i;
/** `(evidence: notes/close.md)`: where a step came from, not what it uses. */
const CITATION = /\bevidence:?[^)]*$/i;
/** Commands on every machine: nobody lists them as tools. */
const EVERYWHERE = new Set('bash sh zsh cd ls cat echo cp mv mkdir rm grep sed awk head tail sort wc export source set sudo env open start'.split(' '));

/** The text of the mention's line before it, from the start of its sentence. */
function before(ctx: ReviewContext, m: PathMention): string {
  const { doc } = ctx;
  const lineStart = doc.lines.offsetAt({ line: m.range.start.line, character: 0 });
  const text = doc.text.slice(lineStart, m.start);
  return text.slice(Math.max(text.lastIndexOf('. '), text.lastIndexOf('; ')) + 1);
}

/**
 * Programs the steps run: the first word of a command in code that goes on with a file or an option
 * (`python3 scripts/x.py` → python3, `psql -f q.sql` → psql; `table ledger` is no command).
 */
function toolsIn(text: string): string[] {
  const tools: string[] = [];
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const words = m[1].trim().split(/\s+/);
    const first = words[0];
    if (!/^[a-z][\w+-]*\d*$/i.test(first) || EVERYWHERE.has(first.toLowerCase())) continue;
    if (!words.slice(1).some((w) => w.startsWith('-')) && pathsInCommand(words.slice(1).join(' ')).length === 0) continue;
    if (!tools.includes(first)) tools.push(first);
  }
  return tools;
}

/** "Python 3" in Inputs lists `python3`; "Node.js" lists `node`. */
function listsTool(inputsText: string, tool: string): boolean {
  const squeezed = inputsText.toLowerCase().replace(/\s+/g, '');
  const t = tool.toLowerCase();
  return squeezed.includes(t) || squeezed.includes(t.replace(/\d+$/, ''));
}

export const inputsQuestion: ReviewQuestion = {
  id: 'inputs',
  label: 'Inputs',
  question: 'Does it include every input someone needs before starting?',
  answer(ctx) {
    const { doc } = ctx;
    const sections = doc.sectionsOf('inputs');
    if (sections.length === 0) {
      return {
        verdict: 'no',
        summary: 'There is no Inputs section: nothing tells the reader which files, data, access and tools to have ready before step 1.',
        findings: [
          {
            text: 'No section with a heading such as "Inputs needed", "Prerequisites" or "Before you start".',
            line: doc.title?.fromFrontMatter ? undefined : doc.title?.range.start.line,
          },
        ],
        next: 'Add an "Inputs needed" section listing every file, data export, access right and tool the steps use.',
      };
    }
    const filled = filledSections(ctx, 'inputs');
    if (filled.length === 0) {
      return {
        verdict: 'no',
        summary: `The Inputs section ${sectionName(sections[0])} is empty${sections[0].placeholderOnly ? ' (only placeholders)' : ''}.`,
        findings: sections.map((s) => ({
          text: `${sectionName(s)} has nothing under it${s.placeholderOnly ? ' but placeholders' : ''}.`,
          line: s.heading.range.start.line,
        })),
        next: 'List every file, data export, access right and tool the steps use under the Inputs heading.',
      };
    }

    const inInputs = (m: { start: number }) => filled.some((s) => m.start >= s.heading.end && m.start < s.end);
    const listed = mentionedPlaces(ctx, inInputs);
    const outputs = doc.sectionsOf('output');
    const made = doc.paths.filter((m) => outputs.some((s) => m.start >= s.start && m.start < s.end)).map((m) => placesOf(ctx, m.value));

    const findings: ReviewFinding[] = [];
    const unlisted: string[] = [];
    for (const [i, step] of doc.steps.entries()) {
      for (const m of doc.paths.filter((p) => p.start >= step.start && p.start < step.end)) {
        if (isAbsolutePath(m.value)) continue; // the paths question reports those
        const lead = before(ctx, m);
        const places = placesOf(ctx, m.value);
        if (CITATION.test(lead)) continue;
        if (MADE_HERE.test(lead)) {
          made.push(places);
          continue;
        }
        if (listed.some((l) => samePlace(l, places)) || made.some((l) => samePlace(l, places))) continue;
        if (unlisted.includes(m.value)) continue;
        unlisted.push(m.value);
        findings.push({
          text: `Step ${step.number ?? i + 1} uses \`${m.value}\`, which the Inputs section does not list: ${quote(step.text)}`,
          line: m.range.start.line,
        });
      }
    }

    const inputsText = filled.map((s) => sectionText(ctx, s)).join('\n');
    const missingTools: string[] = [];
    for (const [i, step] of doc.steps.entries()) {
      for (const tool of toolsIn(doc.text.slice(step.start, step.end))) {
        if (listsTool(inputsText, tool) || missingTools.includes(tool)) continue;
        missingTools.push(tool);
        findings.push({
          text: `Step ${step.number ?? i + 1} runs \`${tool}\`, which the Inputs section does not list as a tool: ${quote(step.text)}`,
          line: step.range.start.line,
        });
      }
    }

    const placeholders = doc.placeholders.filter((p) => inInputs(p));
    for (const p of placeholders) findings.push({ text: `Placeholder ${quote(p.text)} is left in the Inputs section.`, line: p.range.start.line });

    // One count of the list and one of the paths in it, said together so the summary and the finding agree.
    const items = filled.flatMap((s) => sectionItems(ctx, s));
    const named = listed.length > 0 ? `naming ${plural(listed.length, 'file or folder', 'files and folders')}` : 'naming no file by path';
    const where = `${sectionName(filled[0])} (${plural(items.length, 'input')}, ${named})`;
    if (findings.length === 0) {
      const checked =
        doc.steps.length > 0 ? `every file and tool the ${plural(doc.steps.length, 'step')} use is listed` : 'there are no numbered steps to compare it with';
      return {
        verdict: 'yes',
        summary: `Inputs are listed in ${where}; ${checked}.`,
        findings: [{ text: `${sectionName(filled[0])} lists ${plural(items.length, 'input')}.`, line: lineAt(doc, filled[0].heading.start) }],
      };
    }
    const missing = [
      unlisted.length ? plural(unlisted.length, 'file the steps use', 'files the steps use') : '',
      missingTools.length ? `${plural(missingTools.length, 'tool')} they run (${listWords(missingTools.map((t) => `\`${t}\``))})` : '',
    ].filter(Boolean);
    const gaps = [
      missing.length ? `it does not list ${listWords(missing)}` : '',
      placeholders.length ? `it still has ${plural(placeholders.length, 'placeholder')}` : '',
    ].filter(Boolean);
    const next = [
      missing.length
        ? `Add the ${listWords([unlisted.length ? 'files' : '', missingTools.length ? 'tools' : ''].filter(Boolean))} to the Inputs section (or say which step produces a file)`
        : '',
      placeholders.length ? 'fill in the placeholders' : '',
    ].filter(Boolean);
    return {
      verdict: 'partly',
      summary: `Inputs are listed in ${where}, but ${gaps.join(', and ')}.`,
      findings,
      next: `${listWords(next)}.`.replace(/^./, (c) => c.toUpperCase()),
    };
  },
};
