import { redactSecrets } from '../evidence/redact';
import { createSensitiveRules } from '../evidence/sensitive';
import { listWords, plural, quote, type ReviewContext, type ReviewQuestion } from './context';
import type { ReviewFinding } from './types';

/** Whose data an SOP may touch: when it says any of these, it should say how to handle them. */
const PERSONAL_DATA =
  /\b(?:customers?|client(?:s|'s)?|patients?|employees?|staff|personal|PII|payroll|salar(?:y|ies)|payslips?|card (?:numbers?|details)|bank details|IBANs?|account numbers?|social security|SSN|national insurance|passports?|medical|date of birth|home address(?:es)?|phone numbers?|e-?mail addresses)\b/i;
/** A handling rule: redact, mask, keep out of chat, limit who sees it. */
const HANDLING =
  /\b(?:redact\w*|mask\w*|anonymi[sz]\w*|pseudonymi[sz]\w*|encrypt\w*|(?:do not|don't|never|must not)\s+(?:\w+\s+){0,2}?(?:share|paste|forward|send|e-?mail|copy|upload|post|put|store|save|print|attach|export|download)|access[- ](?:is\s+)?(?:limited|restricted|controlled)|(?:limited|restricted) access|need[- ]to[- ]know|confidential|internal only|least privilege|data protection|GDPR|(?:left|kept) out|delete (?:\w+\s+){0,2}cop(?:y|ies)|only (?:\w+\s+){0,2}(?:share|send|show)\w* (?:it |them )?(?:with|to))/i;

/** Where a path sits in the file system, as the sensitive-file rules read it: no ./, ../ or ~/ in front. */
function asWorkspacePath(value: string): string {
  return value.replace(/\\/g, '/').replace(/^(?:~\/|\/|(?:\.\.?\/)+)+/, '');
}

export const sensitiveQuestion: ReviewQuestion = {
  id: 'sensitive',
  label: 'Sensitive data',
  question: 'Does it protect sensitive data and customer context?',
  answer(ctx: ReviewContext) {
    const { doc } = ctx;
    const findings: ReviewFinding[] = [];

    const secrets = redactSecrets(doc.text).counts;
    const secretCount = Object.values(secrets).reduce((a, b) => a + b, 0);
    if (secretCount > 0) {
      // Line by line for the places; the report quotes each line with the secret already redacted.
      for (let line = 0; line < doc.lines.lineCount; line++) {
        const r = redactSecrets(doc.lines.line(line));
        const kinds = Object.keys(r.counts);
        if (kinds.length > 0) findings.push({ text: `A secret (${listWords(kinds)}) is written in the SOP: ${quote(r.text, 120)}`, line });
      }
      if (findings.length === 0) findings.push({ text: `The SOP contains ${listWords(Object.keys(secrets))}.` });
    }

    const rules = createSensitiveRules();
    const sensitiveFiles: string[] = [];
    const mentioned = [
      ...doc.paths.map((m) => ({ value: m.value, line: m.range.start.line })),
      ...ctx.evidence.map((e) => ({ value: e.path, line: e.range.start.line })),
    ];
    for (const m of mentioned) {
      const reason = rules.reasonFor(asWorkspacePath(m.value));
      if (!reason || sensitiveFiles.includes(m.value)) continue;
      sensitiveFiles.push(m.value);
      findings.push({ text: `\`${m.value}\` is a sensitive file (${reason.replace(/^sensitive: /, '')}).`, line: m.line });
    }

    const body = doc.sentences.filter((s) => s.where !== 'heading');
    const dataMention = body.find((s) => PERSONAL_DATA.test(s.text));
    const handling = body.filter(
      (s) =>
        HANDLING.test(s.text) &&
        (PERSONAL_DATA.test(s.text) || /\b(?:data|details|names|records|exports?|files?|outside|externally|chat|slack|tickets?|models?|AI)\b/i.test(s.text)),
    );
    const needsRule = !!dataMention || sensitiveFiles.length > 0;
    if (dataMention) findings.push({ text: `It deals with personal or customer data: ${quote(dataMention.text)}`, line: dataMention.range.start.line });
    if (needsRule) for (const h of handling) findings.push({ text: `Handling rule: ${quote(h.text)}`, line: h.range.start.line });
    if (needsRule && handling.length === 0)
      findings.push({ text: 'No sentence says how to handle that data (redact it, do not paste or forward it, who may see it).' });
    const parts = [
      secretCount > 0 ? `${plural(secretCount, 'secret')} written in the SOP` : 'no secrets in the text',
      sensitiveFiles.length > 0 ? `${plural(sensitiveFiles.length, 'sensitive file')} mentioned` : '',
      dataMention ? 'personal or customer data' : '',
      needsRule ? (handling.length > 0 ? `${plural(handling.length, 'rule')} on how to handle it` : 'no rule on how to handle it') : '',
    ].filter(Boolean);
    const summary = `${listWords(parts)}.`.replace(/^./, (c) => c.toUpperCase());

    if (secretCount > 0) {
      return {
        verdict: 'no',
        summary,
        findings,
        next: 'Remove the secret from the SOP and rotate it (anyone who read the file has it); say where the secret is kept instead, e.g. "the key in the team password manager".',
      };
    }
    if (needsRule && handling.length === 0) {
      return {
        verdict: 'partly',
        summary,
        findings,
        next: 'Say how to handle the data: e.g. "do not paste customer data into chat or tickets", "redact names before sharing", or who may see the files.',
      };
    }
    return { verdict: 'yes', summary, findings };
  },
};
