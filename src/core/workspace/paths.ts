import { posix } from 'node:path';

/** Workspace paths are absolute and use forward slashes on every platform ("c:/work/x" on Windows). */
export function toPosix(p: string): string {
  let s = p.replace(/\\/g, '/');
  if (/^[A-Z]:\//.test(s)) s = s[0].toLowerCase() + s.slice(1);
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith('/') ? root : root + '/');
}

export function relativeTo(from: string, to: string): string {
  const rel = posix.relative(from, to);
  return rel === '' ? '.' : rel;
}

export function dirname(p: string): string {
  return posix.dirname(p);
}

export function join(...parts: string[]): string {
  return posix.join(...parts);
}

export function resolve(base: string, rel: string): string {
  if (/^[a-z]:\//i.test(rel)) return toPosix(rel);
  // posix.resolve would use the process's working directory for a relative base; SOP paths are always absolute.
  return posix.normalize(rel.startsWith('/') ? rel : base + '/' + rel).replace(/\/+$/, '') || '/';
}

export function basename(p: string): string {
  return posix.basename(p);
}
