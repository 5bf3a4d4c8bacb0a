import { parseArgs } from 'node:util';
import { runLint } from './lintCommand';
import { UsageError, type CommandResult } from './usage';
import { version } from '../../package.json';

const HELP = `sop — SOP Builder on the command line

Usage:
  sop lint [--format text|json|sarif] [--workspace DIR] PATH...

  PATH is an SOP file or a folder (every SOP inside it is linted).
  --workspace DIR  the workspace that paths in SOPs are checked against (default: the current folder)
  --format         text (default), json or sarif

Exit codes: 0 no errors, 1 error-severity findings, 2 bad usage or an unreadable config.
`;

export function main(argv: string[]): CommandResult {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    return { exitCode: command ? 0 : 2, stdout: command ? HELP : '', stderr: command ? '' : HELP };
  }
  if (command === '--version') return { exitCode: 0, stdout: version + '\n', stderr: '' };
  try {
    if (command === 'lint') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          format: { type: 'string', default: 'text' },
          workspace: { type: 'string', default: process.cwd() },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) return { exitCode: 0, stdout: HELP, stderr: '' };
      if (!['text', 'json', 'sarif'].includes(values.format!)) throw new UsageError(`--format must be text, json or sarif (got "${values.format}").`);
      if (positionals.length === 0) throw new UsageError('sop lint needs at least one PATH (an SOP file or a folder).');
      return runLint({ format: values.format as 'text', workspace: values.workspace!, paths: positionals, version });
    }
    throw new UsageError(`Unknown command "${command}". Run "sop --help" for the commands.`);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      return { exitCode: 2, stdout: '', stderr: `sop: ${(e as Error).message}\n` };
    }
    throw e;
  }
}

if (require.main === module) {
  const result = main(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
