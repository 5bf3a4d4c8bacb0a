/** A stretch of evidence text that holds a secret, as half-open offsets into the text that was scanned. */
export interface SecretFinding {
  start: number;
  end: number;
  /** What a reader sees in place of the secret: `[redacted: <kind>]`. */
  kind: string;
}

/**
 * One concern of secret detection. `find` must be synchronous, must not throw on any text, and must run in
 * time linear in the text (bounded repetitions only), because every piece of evidence passes through it.
 */
export interface SecretRule {
  id: string;
  find(text: string): SecretFinding[];
}
