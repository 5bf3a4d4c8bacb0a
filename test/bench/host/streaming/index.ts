import { runMocha } from '../../../integration/runner';

export function run(): Promise<void> {
  return runMocha(__dirname);
}
