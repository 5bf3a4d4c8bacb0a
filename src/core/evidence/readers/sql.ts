import { extractSql } from '../extract/sql';
import { scriptReader } from './scriptReader';

export const sqlReader = scriptReader({
  id: 'sql',
  language: 'sql',
  extensions: ['sql', 'psql'],
  findFacts: extractSql,
});
