import type { Position, Range } from './range';

/** Splits text into lines, keeping track of where each starts; understands \n, \r\n and lone \r. */
export class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Text of a line without its line ending. */
  line(n: number): string {
    const start = this.starts[n] ?? this.text.length;
    let end = n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.text.slice(start, end);
  }

  lineLength(n: number): number {
    const start = this.starts[n] ?? this.text.length;
    let end = n + 1 < this.starts.length ? this.starts[n + 1] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end - start;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(o - this.starts[lo], this.lineLength(lo)) };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    return this.starts[Math.max(0, p.line)] + Math.min(p.character, this.lineLength(p.line));
  }

  /** Clamps a range so it lies inside the text: no line past the end, no character past a line's end. */
  clamp(r: Range): Range {
    const fix = (p: Position): Position => {
      const line = Math.max(0, Math.min(p.line, this.starts.length - 1));
      return { line, character: Math.max(0, Math.min(p.character, this.lineLength(line))) };
    };
    const start = fix(r.start);
    let end = fix(r.end);
    if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
    return { start, end };
  }

  lineRange(n: number): Range {
    return { start: { line: n, character: 0 }, end: { line: n, character: this.lineLength(n) } };
  }
}
