import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTimeSpec } from '../../src/core/time-window.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '10', 'h', '1x', '-5m', '1h 30m', 'yesterday'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('parseTimeSpec', () => {
  it('reads durations as a time before now', () => expect(parseTimeSpec('2h', NOW)).toBe(NOW - 7_200_000));
  it('reads ISO-8601 with and without a zone (UTC)', () => {
    expect(parseTimeSpec('2026-12-03T09:00:00Z', NOW)).toBe(Date.UTC(2026, 11, 3, 9));
    expect(parseTimeSpec('2026-12-03T09:00:00+02:00', NOW)).toBe(Date.UTC(2026, 11, 3, 7));
    expect(parseTimeSpec('2026-12-03 09:30', NOW)).toBe(Date.UTC(2026, 11, 3, 9, 30));
    expect(parseTimeSpec('2026-12-03', NOW)).toBe(Date.UTC(2026, 11, 3));
  });
  it('reads epoch seconds and milliseconds', () => {
    expect(parseTimeSpec('1796299200', NOW)).toBe(1_796_299_200_000);
    expect(parseTimeSpec('1796299200000', NOW)).toBe(1_796_299_200_000);
  });
  it('reads now', () => expect(parseTimeSpec('now', NOW)).toBe(NOW));
  it.each(['yesterday', '2026-13-45', '12:00', '42'])('rejects %j', (text) => expect(parseTimeSpec(text, NOW)).toBeUndefined());
});

describe('formatDuration', () => {
  it.each([
    [7_200_000, '2h'],
    [5_400_000, '1h30m'],
    [45_000, '45s'],
    [90_061_000, '1d1h1m1s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
