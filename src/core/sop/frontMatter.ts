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
  /** Offsets of each top-level key's entry ([key start, value end)). */
  keys: Map<string, { start: number; end: number; valueStart: number; valueEnd: number }>;
}

export const NO_FRONT_MATTER: FrontMatter = {
  present: false,
  data: {},
  valueStart: 0,
  valueEnd: 0,
  blockStart: 0,
  blockEnd: 0,
  keys: new Map(),
};

export function parseFrontMatter(value: string, blockStart: number, blockEnd: number, source: string): FrontMatter {
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
  };
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
  } catch (e) {
    fm.error = { message: e instanceof Error ? e.message : String(e), start: valueStart, end: valueStart };
  }
  return fm;
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
