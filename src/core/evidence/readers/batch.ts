import { extractOtherScript } from '../extract/otherScript';
import { scriptReader } from './scriptReader';

export const batchReader = scriptReader({
  id: 'batch',
  language: 'batch',
  extensions: ['bat', 'cmd'],
  findFacts: (text, path) => extractOtherScript(text, path, 'batch'),
});
