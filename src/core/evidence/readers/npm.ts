import { extractNpmScripts } from '../extract/commandFiles';
import { scriptReader } from './scriptReader';

/** A package.json is a script when it has npm scripts; otherwise it configures tools and is not read as one. */
export const npmReader = scriptReader({
  id: 'npm',
  language: 'npm',
  names: ['package.json'],
  accepts: (_name, text) => text !== undefined && hasNpmScripts(text),
  findFacts: (text) => extractNpmScripts(text),
});

function hasNpmScripts(text: string): boolean {
  try {
    const pkg = JSON.parse(text) as { scripts?: unknown };
    return !!pkg.scripts && typeof pkg.scripts === 'object' && Object.keys(pkg.scripts).length > 0;
  } catch {
    return false;
  }
}
