import { DRAFT_MARKERS } from '../sop/openItems';
import { stringify as yamlStringify } from 'yaml';
import type { EvidenceBundle } from '../evidence/types';
import { label } from './offline/people';
import { procedurePeople } from './offline/procedurePeople';
import type { ProviderId } from './types';

export interface DraftMeta {
  title: string;
  audience: string;
  provider: ProviderId;
  model: string;
  workdir: string;
  /** ISO time the draft was started. */
  at: string;
  /** The evidence manifest's name relative to the draft's folder; without it the files are listed inline. */
  manifest?: string;
}

/** The draft's front matter: what it is, who drafted it with what, and where the evidence it came from is listed. */
export function draftFrontMatter(bundle: EvidenceBundle, meta: DraftMeta): string {
  const { people } = procedurePeople(bundle);
  const data: Record<string, unknown> = {
    title: meta.title,
    type: 'sop',
    status: 'draft',
    audience: meta.audience,
  };
  if (people.owner) data.owner = label(people.owner);
  if (people.approver) data.approver = label(people.approver);
  if (meta.workdir) data.workdir = meta.workdir;
  data.drafted = { provider: meta.provider, model: meta.model, at: meta.at };
  data.evidence = meta.manifest ?? bundle.included.map((f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256 }));
  return `---\n${yamlStringify(data, { lineWidth: 0 })}---\n\n`;
}

/** At the end of a draft while it streams: if drafting dies, this is what the reader sees. */
export function inProgressMarker(provider: ProviderId): string {
  return `\n> **${DRAFT_MARKERS[0]}** SOP Builder is still writing this draft (${provider}). If you can read this line after drafting stopped, the draft is incomplete: run **Draft SOP** again or finish it by hand.\n`;
}

/** Replaces the in-progress marker when drafting fails or is cancelled. */
export function incompleteMarker(reason: string): string {
  return `\n> **${DRAFT_MARKERS[1]}** ${reason.replace(/\s+/g, ' ').trim()} Everything above arrived before it stopped; run **Draft SOP** again or finish it by hand.\n`;
}

/**
 * "month_end-close" → "Month end close"; the period of one run is not part of the procedure's name,
 * so "refund-2026-11" → "Refund" and "close-q3-2026" → "Close".
 */
export function titleFromFolder(name: string): string {
  const words = name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(
      /(?:\s+(?:\d{4}(?:\s+\d{1,2}){0,2}|q[1-4]|w\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december))+$/i,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Untitled SOP';
}

/** `sops/<name>.sop.md`, or `sops/<name>-2.sop.md` and so on when that exists: a draft never overwrites a file. */
export function draftFileName(folder: string, name: string, exists: (relPath: string) => boolean): string {
  const base =
    name
      .replace(/\.[^.]+$/, '')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'draft';
  const dir = folder.replace(/\/+$/, '');
  for (let n = 1; ; n++) {
    const candidate = `${dir ? dir + '/' : ''}${base}${n === 1 ? '' : `-${n}`}.sop.md`;
    if (!exists(candidate)) return candidate;
  }
}

/**
 * The folder the work was done in: the selected folder, or the closest folder holding everything selected
 * (workspace-relative, '' for the root). Commands in the draft run from there.
 */
export function workdirOf(selected: Array<{ rel: string; isDir: boolean }>): string {
  const dirs = selected.map(({ rel, isDir }) => {
    const parts = rel === '.' || rel === '' ? [] : rel.split('/');
    return isDir ? parts : parts.slice(0, -1);
  });
  const common: string[] = [];
  for (let i = 0; dirs.length > 0 && dirs.every((d) => d.length > i && d[i] === dirs[0][i]); i++) common.push(dirs[0][i]);
  return common.join('/');
}
