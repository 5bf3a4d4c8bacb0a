import type { FsEntry, Workspace } from './port';

/** Folder listings in flight at once: enough to keep the disk's (or the remote's) queue full, few enough for memory. */
const LISTINGS_IN_FLIGHT = 32;

/**
 * Folder listings read ahead, a bounded number at a time. A walk asks for a folder's subfolders as soon as it has
 * listed the folder and takes them in its own order, so the disk is never idle while the walk thinks, and what
 * the walk finds comes out in the same order as reading one folder at a time.
 */
export class FolderReader {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly ahead = new Map<string, Promise<FsEntry[]>>();

  constructor(private readonly ws: Workspace) {}

  /** Starts listing a folder the walk will come to. */
  readAhead(absPath: string): void {
    if (this.ahead.has(absPath)) return;
    const listing = this.limited(absPath);
    // Read ahead but maybe never asked for (the walk stopped): a failure is reported to whoever asks, or to no one.
    listing.catch(() => undefined);
    this.ahead.set(absPath, listing);
  }

  /** A folder's entries, from the read-ahead when there was one; fails as `Workspace.list` does. */
  list(absPath: string): Promise<FsEntry[]> {
    const listing = this.ahead.get(absPath);
    if (!listing) return this.ws.list(absPath);
    this.ahead.delete(absPath);
    return listing;
  }

  private async limited(absPath: string): Promise<FsEntry[]> {
    // A finished listing hands its place to the next one waiting.
    if (this.running >= LISTINGS_IN_FLIGHT) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await this.ws.list(absPath);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
