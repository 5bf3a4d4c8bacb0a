import { decodeText } from '../evidence/decode';
import { redactSecrets } from '../evidence/redact';
import { createSensitiveRules, type SensitiveRules } from '../evidence/sensitive';
import { sensitiveNameReason, sensitiveTextReason } from './copyRules';
import { leavesWorkspace } from '../sop/evidenceCopyPaths';

/** Copies are for reading a diff, not an archive: large exports are not duplicated. */
export const MAX_COPIED_BYTES = 5 * 1024 * 1024;

const defaultRules = createSensitiveRules();

/** A file read for a copy: the real file a link led to, and the bytes (when they were kept). */
export interface CopiedFile {
  /** Workspace-relative path of the real file, when a link led there. */
  target?: string;
  data?: Uint8Array;
  /** The sensitive-file rules in force (the settings can add patterns); the built-in ones by default. */
  sensitive?: SensitiveRules;
}

/**
 * Whether an evidence file may be copied, by the rules evidence collection applies: never outside the
 * workspace, never a sensitive name (the listed one or the one a link leads to), never a huge or binary file,
 * never sensitive content or personal data. A file in which redaction finds a secret is not copied either: a
 * redacted copy would not be the bytes that were approved and hashed. Returns the reason when not.
 */
export function copyRefusal(evidenceRelPath: string, bytes: number, file: CopiedFile = {}): string | undefined {
  const p = evidenceRelPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (leavesWorkspace(p)) return 'outside the workspace: list files inside the workspace folder';
  const name = sensitiveNameReason(p, file.target, file.sensitive ?? defaultRules);
  if (name) return name;
  if (bytes > MAX_COPIED_BYTES) return `larger than ${MAX_COPIED_BYTES / 1024 / 1024} MB: copies are for reading a diff, so large files are only hashed`;
  if (!file.data) return undefined;
  const decoded = decodeText(file.data);
  if ('binary' in decoded) return `a binary file (${decoded.binary}): its content cannot be checked for secrets, so only its hash is recorded`;
  const content = sensitiveTextReason(decoded.text);
  if (content) return content;
  const redacted = redactSecrets(decoded.text);
  const found = Object.entries(redacted.counts).filter(([, n]) => n > 0);
  if (found.length > 0 || redacted.text !== decoded.text) {
    const kinds = found.map(([kind]) => kind).join(', ') || 'a secret';
    return `holds ${kinds}: a copy would put it in the committed folder, and a redacted copy would not be the approved bytes; move the secret out of the file (into an environment variable) and approve again to keep a copy`;
  }
  return undefined;
}
