import { isAbsolutePath } from '../workspace/checkPath';
import { createMemo } from '../text/memo';
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';

/** The YAML block at the top of an SOP: owner, approver, status, evidence and the rest. */
export interface FrontMatter {
  present: boolean;
  data: Record<string, unknown>;
  /** Offsets into the document of the YAML text (inside the --- fences). */
  valueStart: number;
  valueEnd: number;
  /** Offsets of the whole block, fences included. */
  blockStart: number;
  blockEnd: number;
  error?: { message: string; start: number; end: number };
  /** True when the YAML was too large or too deep to read safely: `data` is empty and nothing should re-parse it. */
  refused?: boolean;
  /** Offsets of each top-level key's entry ([key start, value end)). */
  keys: Map<string, { start: number; end: number; valueStart: number; valueEnd: number }>;
  /** The `evidence:` entries (under `approval:`, else at the top level), with the offsets of each `path: …`. */
  evidence: EvidenceEntry[];
}

export interface EvidenceEntry {
  path: string;
  /** As written, trimmed and lower-cased: a hash of digits only is compared as text, not as a number. */
  sha256?: string;
  start: number;
  end: number;
}

export const NO_FRONT_MATTER: FrontMatter = {
  present: false,
  data: {},
  valueStart: 0,
  valueEnd: 0,
  blockStart: 0,
  blockEnd: 0,
  keys: new Map(),
  evidence: [],
};

/** The last few parses by YAML text: front matter rarely changes while someone edits the body. */
interface KeptFrontMatter {
  data: Record<string, unknown>;
  refused?: boolean;
  error?: { message: string; start: number; end: number };
  keys: Array<[string, { start: number; end: number; valueStart: number; valueEnd: number }]>;
  evidence: EvidenceEntry[];
}
const recent = createMemo<KeptFrontMatter>(64);

export function parseFrontMatter(value: string, blockStart: number, blockEnd: number, source: string): FrontMatter {
  const block = source.slice(blockStart, blockEnd);
  const firstBreak = block.search(/\r?\n/);
  const valueStart = blockStart + (firstBreak < 0 ? block.length : firstBreak + (block[firstBreak] === '\r' ? 2 : 1));
  const hit = recent.get(value, () => {
    const fm = parseFrontMatterUncached(value, blockStart, blockEnd, source);
    const unshift = (o: number) => o - fm.valueStart;
    return {
      data: fm.data,
      refused: fm.refused,
      error: fm.error && { message: fm.error.message, start: unshift(fm.error.start), end: unshift(fm.error.end) },
      keys: [...fm.keys].map(([k, r]) => [
        k,
        { start: unshift(r.start), end: unshift(r.end), valueStart: unshift(r.valueStart), valueEnd: unshift(r.valueEnd) },
      ]),
      evidence: fm.evidence.map((e) => ({ ...e, start: unshift(e.start), end: unshift(e.end) })),
    };
  });
  // Kept offsets are relative to the YAML text; move them to where it is now.
  const shift = (o: number) => o + valueStart;
  return {
    present: true,
    data: hit.data,
    refused: hit.refused,
    valueStart,
    valueEnd: valueStart + value.length,
    blockStart,
    blockEnd,
    error: hit.error && { message: hit.error.message, start: shift(hit.error.start), end: shift(hit.error.end) },
    keys: new Map(hit.keys.map(([k, r]) => [k, { start: shift(r.start), end: shift(r.end), valueStart: shift(r.valueStart), valueEnd: shift(r.valueEnd) }])),
    evidence: hit.evidence.map((e) => ({ ...e, start: shift(e.start), end: shift(e.end) })),
  };
}

function parseFrontMatterUncached(value: string, blockStart: number, blockEnd: number, source: string): FrontMatter {
  const block = source.slice(blockStart, blockEnd);
  const firstBreak = block.search(/\r?\n/);
  const valueStart = blockStart + (firstBreak < 0 ? block.length : firstBreak + (block[firstBreak] === '\r' ? 2 : 1));
  const fm: FrontMatter = {
    present: true,
    data: {},
    valueStart,
    valueEnd: valueStart + value.length,
    blockStart,
    blockEnd,
    keys: new Map(),
    evidence: [],
  };
  const tooComplex = yamlTooComplex(value);
  if (tooComplex) {
    fm.refused = true;
    fm.error = {
      message: `The front matter was not read: ${tooComplex}. Simplify it; until then SOP lint sees no owner, status or approval.`,
      start: valueStart,
      end: valueStart,
    };
    return fm;
  }
  try {
    const doc = parseDocument(value, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      fm.error = { message: e.message.split('\n')[0], start: valueStart + e.pos[0], end: valueStart + e.pos[1] };
    }
    const js = doc.toJS({ maxAliasCount: 50 }) as unknown;
    if (js && typeof js === 'object' && !Array.isArray(js)) fm.data = js as Record<string, unknown>;
    if (isMap(doc.contents)) {
      for (const item of doc.contents.items) {
        const key = item.key as YamlNode | null;
        if (!isScalar(key) || !key.range) continue;
        const val = item.value as YamlNode | null;
        const valRange = val && (isScalar(val) || isMap(val) || isSeq(val)) && val.range ? val.range : key.range;
        fm.keys.set(String(key.value), {
          start: valueStart + key.range[0],
          end: valueStart + valRange[1],
          valueStart: valueStart + valRange[0],
          valueEnd: valueStart + valRange[1],
        });
      }
    }
    fm.evidence = evidenceIn(doc.contents).map((e) => ({ ...e, start: valueStart + e.start, end: valueStart + e.end }));
  } catch (e) {
    fm.error = { message: e instanceof Error ? e.message : String(e), start: valueStart, end: valueStart };
  }
  return fm;
}

/** Front matter is a few dozen lines; these bounds keep the YAML parser's time and recursion small. */
const MAX_YAML_CHARS = 256 * 1024;
const MAX_YAML_DEPTH = 64;
const MAX_YAML_INDENT = 256;
const MAX_YAML_ANCHORS = 100;

/** Why YAML text is too big or too deep to parse in bounded time, or undefined when it is fine. */
/** The evidence entries of the YAML, with [start, end) of each `path: …` in the YAML text. */
function evidenceIn(root: unknown): EvidenceEntry[] {
  if (!isMap(root)) return [];
  const approval = root.get('approval', true) as YamlNode | undefined;
  let list = isMap(approval) ? (approval.get('evidence', true) as YamlNode | undefined) : undefined;
  if (!isSeq(list)) list = root.get('evidence', true) as YamlNode | undefined;
  if (!isSeq(list)) return [];
  const out: EvidenceEntry[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const pathPair = item.items.find((p) => isScalar(p.key) && p.key.value === 'path');
    const pathNode = pathPair?.value;
    if (!pathPair || !isScalar(pathPair.key) || !isScalar(pathNode) || typeof pathNode.value !== 'string' || !pathPair.key.range || !pathNode.range) continue;
    // A hand-written hash of digits reads as a number in YAML: compare the text as written.
    const sha = item.get('sha256', true) as YamlNode | undefined;
    const shaText = isScalar(sha) ? (typeof sha.value === 'string' ? sha.value : (sha.source ?? String(sha.value))) : undefined;
    out.push({
      path: pathNode.value.replace(/\\/g, '/').replace(/^\.\//, ''),
      sha256: shaText?.trim().toLowerCase() || undefined,
      start: pathPair.key.range[0],
      end: pathNode.range[1],
    });
  }
  return out;
}

export function yamlTooComplex(yaml: string): string | undefined {
  if (yaml.length > MAX_YAML_CHARS) return `it is ${Math.round(yaml.length / 1024)} KB, more than ${MAX_YAML_CHARS / 1024} KB`;
  let depth = 0;
  let anchors = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml[i];
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && c === ' ') {
      if (++indent > MAX_YAML_INDENT) return `a line is indented more than ${MAX_YAML_INDENT} spaces`;
      continue;
    }
    const prev = lineStart ? ' ' : yaml[i - 1];
    lineStart = false;
    if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev)) {
      // Quoted scalars: skip to the closing quote (a doubled '' or an escaped \" stays inside).
      for (i++; i < yaml.length && yaml[i] !== c; i++) if (c === '"' && yaml[i] === '\\') i++;
    } else if (c === '#' && /\s/.test(prev)) {
      while (i + 1 < yaml.length && yaml[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_YAML_DEPTH) return `it nests lists or maps more than ${MAX_YAML_DEPTH} levels deep`;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if ((c === '&' || c === '*') && /[\s[{,]/.test(prev) && /[^\s,[\]{}]/.test(yaml[i + 1] ?? ' ')) {
      if (++anchors > MAX_YAML_ANCHORS) return `it uses more than ${MAX_YAML_ANCHORS} anchors and aliases`;
    }
  }
  return undefined;
}

/** A front-matter value as a list of strings ("Dana", ["Dana", "Lee"], [{name: Dana}]). */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const name = o.name ?? o.role ?? o.email;
    if (name !== undefined) {
      const role = typeof o.role === 'string' && o.name ? ` (${o.role})` : '';
      return stringsOf(name).map((n) => n + role);
    }
  }
  return [];
}

/**
 * The work folder an SOP declares (`workdir: examples/month-end-close`), workspace-relative without a trailing
 * slash: its commands run there. Undefined when absent, empty or absolute (an absolute folder is not followed).
 */
export function declaredWorkdir(data: Record<string, unknown>): string | undefined {
  const w = data.workdir;
  if (typeof w !== 'string' || !w.trim()) return undefined;
  const v = w.trim().replace(/\\/g, '/');
  return isAbsolutePath(v) ? undefined : v.replace(/\/+$/, '') || undefined;
}
