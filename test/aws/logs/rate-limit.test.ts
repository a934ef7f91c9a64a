import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../src/aws/logs/rate-limit.js';

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('starts at most 5 calls in any 1-second window, in order', async () => {
    const limiter = new RateLimiter(5, 1000);
    const started: [number, number][] = [];
    const all = Array.from({ length: 12 }, (_, i) => limiter.acquire().then(() => void started.push([i, Date.now()])));
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(started.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const times = started.map(([, t]) => t);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times[11]).toBeGreaterThanOrEqual(2000);
    expect(times[11]).toBeLessThan(2100);
  });
});
