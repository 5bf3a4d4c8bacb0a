import { RULES } from './rules';
import type { LintIssue } from './types';

/** One finding as the CLI prints it: 1-based lines and columns, path relative to the workspace. */
export interface Finding {
  file: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function toFinding(file: string, issue: LintIssue): Finding {
  return {
    file,
    rule: issue.rule,
    severity: issue.severity,
    message: issue.message,
    line: issue.range.start.line + 1,
    column: issue.range.start.character + 1,
    endLine: issue.range.end.line + 1,
    endColumn: issue.range.end.character + 1,
  };
}

export function formatText(findings: Finding[], fileCount: number): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const summary =
    findings.length === 0
      ? `No problems in ${fileCount} SOP${fileCount === 1 ? '' : 's'}.`
      : `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info in ${fileCount} SOP${fileCount === 1 ? '' : 's'}.`;
  return [...lines, summary].join('\n') + '\n';
}

export function formatJson(findings: Finding[]): string {
  return JSON.stringify(findings, null, 2) + '\n';
}

/** SARIF 2.1.0, which GitHub code scanning and most CI dashboards read. */
export function formatSarif(findings: Finding[], version: string): string {
  const level = (s: Finding['severity']) => (s === 'info' ? 'note' : s);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sop-lint',
            fullName: 'SOP Builder linter',
            version,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description.replace(/`/g, ''), markdown: r.description },
              helpUri: `docs/rules/${r.id}.md`,
              defaultConfiguration: { level: level(r.defaultSeverity) },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: RULES.findIndex((r) => r.id === f.rule),
          level: level(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('/').map(encodeURIComponent).join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
