/**
 * Bounded memos of answers computed from text (a sentence's gate, a heading's verb, a front matter's YAML): the
 * linter reads the same text on every keystroke, and these answers are its costly parts. Each memo keeps at most
 * `limit` answers and drops the oldest first. `forgetMemos` empties them all, so a benchmark of a first lint
 * really measures a first lint.
 */
const all: Array<Map<string, unknown>> = [];
const others: Array<() => void> = [];

export interface Memo<V> {
  get(key: string, compute: () => V): V;
}

export function createMemo<V>(limit: number): Memo<V> {
  const map = new Map<string, V>();
  all.push(map as Map<string, unknown>);
  return {
    get(key, compute) {
      if (map.has(key)) return map.get(key) as V;
      const value = compute();
      map.set(key, value);
      if (map.size > limit) map.delete(map.keys().next().value as string);
      return value;
    },
  };
}

/** Registers another kept answer (not a memo of this kind) that `forgetMemos` drops too. */
export function forgetAlso(drop: () => void): void {
  others.push(drop);
}

/** Empties every memo. */
export function forgetMemos(): void {
  for (const m of all) m.clear();
  for (const drop of others) drop();
}
