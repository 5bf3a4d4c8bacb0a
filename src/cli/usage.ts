/** Bad arguments or an unusable config: the CLI prints the message and exits with 2. */
export class UsageError extends Error {}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
