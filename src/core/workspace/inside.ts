import { isInside, relativeTo, resolve, toPosix } from './paths';

/**
 * Where a path named by an SOP (an evidence entry, a script, a copy to write) really is, decided once for
 * every read and write: inside the workspace after `..` and links are resolved, or refused with the reason.
 */
export type InsidePath =
  | {
      inside: true;
      /** Absolute, normalised, as written (links not resolved). */
      abs: string;
      /** Workspace-relative, normalised, as written: the name the SOP used (a link's name, when it is one). */
      rel: string;
      /** Absolute path after links: what a read or write reaches. */
      real: string;
      /** The real target's workspace-relative path: the name whose sensitivity counts, whatever link led there. */
      realRel: string;
      /** False when nothing is there yet (or a link dangles): a read finds it missing, a write creates it. */
      exists: boolean;
    }
  | { inside: false; reason: string };

export type RealPath = (absPath: string) => Promise<string>;
export type RealPathSync = (absPath: string) => string;

const HOME_OR_SHARE = /^(?:~(?:\/|$)|\/\/)/;

/** Refused path: what it is and what to do instead, for "Not copied: <path> is …" style messages. */
function outside(why: string): InsidePath {
  return { inside: false, reason: `outside the workspace: ${why}; list files inside the workspace folder` };
}

/**
 * The decision as steps: it yields each absolute path whose real path it needs and receives that real path
 * (undefined when it cannot be resolved), so the same rules run over an async port and a sync one.
 */
function* decide(rootIn: string, value: string): Generator<string, InsidePath, string | undefined> {
  if (value.includes('\0')) return outside('the path holds a NUL character');
  const written = value.replace(/\\/g, '/');
  if (HOME_OR_SHARE.test(written)) return outside(`${value} is in a home folder or on a network share`);
  const root = toPosix(rootIn);
  const abs = resolve(root, written);
  if (!isInside(root, abs)) {
    return outside(/^(?:\/|[a-z]:\/)/i.test(written) ? `${value} is an absolute path elsewhere` : `${value} climbs out of the workspace with ".."`);
  }
  const rootReal = (yield root) ?? root;
  let real = yield abs;
  let exists = real !== undefined;
  // A path that does not exist yet is where its nearest existing folder really is, plus the rest.
  for (let dir = abs, rest = ''; real === undefined && dir !== root && isInside(root, dir);) {
    const cut = dir.lastIndexOf('/');
    rest = dir.slice(cut + 1) + (rest ? `/${rest}` : '');
    dir = cut > 0 ? dir.slice(0, cut) : '/';
    const parent = dir === root ? rootReal : yield dir;
    if (parent !== undefined) real = `${parent === '/' ? '' : parent}/${rest}`;
  }
  if (real === undefined) {
    real = abs;
    exists = false;
  }
  real = toPosix(real);
  if (!isInside(rootReal, real)) return outside(`${value} is a link to ${real}`);
  return { inside: true, abs, rel: abs === root ? '' : relativeTo(root, abs), real, realRel: real === rootReal ? '' : relativeTo(rootReal, real), exists };
}

/**
 * Resolves `value` (workspace-relative, or absolute) against the workspace `root`, through `realPath` (which
 * throws for a path that does not exist). Refuses `..` escapes, absolute paths elsewhere, home folders, and
 * links whose target is outside the root's own real path.
 */
export async function resolveInside(root: string, value: string, realPath: RealPath): Promise<InsidePath> {
  const steps = decide(root, value);
  let step = steps.next();
  while (!step.done) step = steps.next(await realPath(step.value).then(toPosix, () => undefined));
  return step.value;
}

/** The same decision over a synchronous file system (the `sop` command line). */
export function resolveInsideSync(root: string, value: string, realPath: RealPathSync): InsidePath {
  const steps = decide(root, value);
  let step = steps.next();
  while (!step.done) {
    let real: string | undefined;
    try {
      real = toPosix(realPath(step.value));
    } catch {
      real = undefined;
    }
    step = steps.next(real);
  }
  return step.value;
}
