import { extractJson } from '../extract/data';
import { dataSummary, unparsedJson } from './dataReading';
import type { TextReader } from './reader';

/** JSON files that configure tools rather than hold the work's data (package.json without npm scripts too). */
const CONFIG_JSON =
  /^(?:package-lock|package|tsconfig(?:\..*)?|jsconfig|composer|\.eslintrc|\.prettierrc|\.babelrc|lerna|nx|turbo|angular|vercel|renovate|launch|settings|tasks|extensions|devcontainer|manifest|app|appsettings(?:\..*)?)\.json$/i;

export const jsonReader: TextReader = {
  id: 'json',
  kind: 'data',
  input: 'text',
  extensions: ['json'],
  summarisesLarge: true,
  accepts: (name) => !CONFIG_JSON.test(name),
  read: (text, file) => {
    const facts = extractJson(text, false);
    return facts ? dataSummary(facts, file) : unparsedJson(text, file);
  },
};
