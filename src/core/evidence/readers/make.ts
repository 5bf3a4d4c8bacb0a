import { extractMakefile } from '../extract/commandFiles';
import { scriptReader } from './scriptReader';

/** Makefiles and justfiles: their targets are the commands of the work. */
export const makeReader = scriptReader({
  id: 'make',
  language: 'make',
  extensions: ['mk'],
  names: ['makefile', 'gnumakefile', 'justfile'],
  findFacts: (text) => extractMakefile(text),
});
