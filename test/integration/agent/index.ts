import { runMocha } from '../runner';

export function run(): Promise<void> {
  return runMocha(__dirname);
}
