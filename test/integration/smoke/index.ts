// Entry point of the `smoke` integration suite (@vscode/test-electron contract: export run()).
// Its workspace is named in ./workspace.json; see test/host/suites.mjs.
import { runMocha } from '../runner';

export function run(): Promise<void> {
  return runMocha(__dirname);
}
