import { extractPowerShell } from '../extract/powershell';
import { scriptReader } from './scriptReader';

export const powershellReader = scriptReader({
  id: 'powershell',
  language: 'powershell',
  extensions: ['ps1', 'psm1'],
  interpreters: ['pwsh', 'powershell'],
  findFacts: extractPowerShell,
});
