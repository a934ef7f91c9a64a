/** Error counts over time, kept at a fixed resolution and drawn over any window as a sparkline. Pure. */
export class Timeline {
  private readonly counts = new Map<number, number>();

  /** `resolutionMs`: the finest time slot counted; memory grows with the slots that saw errors, not with events. */
  constructor(readonly resolutionMs: number) {}

  /** Counts one event at `timestamp` (epoch ms). */
  add(timestamp: number | undefined): void {
    if (timestamp === undefined || !Number.isFinite(timestamp)) return;
    const slot = Math.floor(timestamp / this.resolutionMs);
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }

  /** Counts per bucket over [start, end), `buckets` equal buckets; times outside are clamped to the ends. */
  buckets(start: number, end: number, buckets = 40): { counts: number[]; bucketMs: number } {
    const bucketMs = Math.max(this.resolutionMs, Math.ceil((end - start) / buckets));
    const counts = new Array<number>(Math.max(1, Math.ceil((end - start) / bucketMs))).fill(0);
    for (const [slot, count] of this.counts) {
      const index = Math.min(counts.length - 1, Math.max(0, Math.floor((slot * this.resolutionMs - start) / bucketMs)));
      counts[index]! += count;
    }
    return { counts, bucketMs };
  }
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per bucket: `·` for none, bars scaled to the busiest bucket. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((n) => (n === 0 ? '·' : BARS[Math.min(7, Math.floor((n / max) * 7.999))])).join('');
}
