import { extractDockerfile } from '../extract/commandFiles';
import { scriptReader } from './scriptReader';

export const dockerfileReader = scriptReader({
  id: 'dockerfile',
  language: 'dockerfile',
  names: ['dockerfile', 'containerfile'],
  namePattern: /^dockerfile\./,
  findFacts: (text) => extractDockerfile(text),
});
