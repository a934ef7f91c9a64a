/**
 * The last `capacity` bytes of a stream, in a fixed ring: `run` keeps this much of a command's output for
 * analysis however much the command prints, so memory stays flat on gigabytes of output.
 */
export class TailBuffer {
  private readonly ring: Uint8Array;
  /** Where the next byte goes. */
  private end = 0;
  /** Bytes ever pushed. */
  private seen = 0;

  /** `capacity` in bytes, at least 1. */
  constructor(capacity: number) {
    this.ring = new Uint8Array(Math.max(1, Math.floor(capacity)));
  }

  /** Appends a chunk, overwriting the oldest bytes once full. */
  push(chunk: Uint8Array): void {
    const size = this.ring.length;
    this.seen += chunk.length;
    // Only the last `size` bytes of a chunk can survive.
    const data = chunk.length > size ? chunk.subarray(chunk.length - size) : chunk;
    const first = Math.min(data.length, size - this.end);
    this.ring.set(data.subarray(0, first), this.end);
    if (first < data.length) this.ring.set(data.subarray(first), 0);
    this.end = (this.end + data.length) % size;
  }

  /** Total bytes pushed, kept or not. */
  get totalBytes(): number {
    return this.seen;
  }

  /** True when older output was overwritten. */
  get wrapped(): boolean {
    return this.seen > this.ring.length;
  }

  /** The kept bytes, oldest first (a copy). */
  bytes(): Uint8Array {
    if (this.seen < this.ring.length) return this.ring.slice(0, this.end);
    const out = new Uint8Array(this.ring.length);
    out.set(this.ring.subarray(this.end), 0);
    out.set(this.ring.subarray(0, this.end), this.ring.length - this.end);
    return out;
  }

  /**
   * The kept output as lines: decoded as UTF-8 (invalid bytes become U+FFFD), the first line dropped when
   * the ring wrapped (it starts mid-line), lines longer than `maxLineLength` cut.
   */
  lines(maxLineLength: number): string[] {
    let text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(this.bytes());
    if (this.wrapped) {
      const newline = text.indexOf('\n');
      text = newline === -1 ? '' : text.slice(newline + 1);
    }
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (text === '') return [];
    return text.split('\n').map((line) => (line.length > maxLineLength ? line.slice(0, maxLineLength) : line));
  }
}
