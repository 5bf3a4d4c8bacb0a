// The finished-work folders under test/fixtures/work and their expected facts (test/fixtures/work-expected).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectEvidence } from '../../src/core/evidence/collect';
import type { EvidenceBundle } from '../../src/core/evidence/types';
import { createNodeWorkspace } from '../../src/node/nodeWorkspace';

export function workFolders(fixtures: string): string[] {
  return readdirSync(resolve(fixtures, 'work'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export async function workFixture<E>(fixtures: string, name: string): Promise<{ bundle: EvidenceBundle; expected: E }> {
  const root = resolve(fixtures, 'work');
  const bundle = await collectEvidence([`${root}/${name}`], { workspace: createNodeWorkspace('/'), root });
  const expected = JSON.parse(readFileSync(resolve(fixtures, 'work-expected', `${name}.json`), 'utf8')) as E;
  return { bundle, expected };
}

/** The headers and body of an e-mail written for a test. */
export interface Mail {
  from: string;
  to: string;
  date: string;
  subject: string;
  body: string;
}
