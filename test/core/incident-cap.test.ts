import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../../src/core/analyze.js';
import { IncidentCollector, OVERFLOW_FINGERPRINT } from '../../src/core/incidents.js';
import { buildReport, offlineDiagnosis } from '../../src/core/report.js';
import { renderTerminal } from '../../src/sinks/terminal.js';

// Issue #12 item 2: past the incident cap, what matters keeps its own incident.

/** Deterministic pseudo-random words, so every line is its own pattern. */
function noisyLines(n: number, seed = 7): string[] {
  let s = seed;
  const word = (): string => {
    let w = '';
    for (let k = 0; k < 6; k++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      w += String.fromCharCode(97 + (s % 26));
    }
    return w;
  };
  return Array.from({ length: n }, () => `2026-01-01T00:00:00Z ERROR ${word()} ${word()} ${word()} ${word()} ${word()}`);
}

function analyze(lines: string[], cap: number): ReturnType<LogAnalyzer['end']> {
  const analyzer = new LogAnalyzer({ collector: new IncidentCollector({ maxIncidents: cap, maxPending: 50 }) });
  for (const line of lines) analyzer.push(line, 'app.log');
  return analyzer.end();
}

describe('the incident cap', () => {
  const oom = Array.from({ length: 5 }, () => '2026-01-01T00:05:00Z ERROR java.lang.OutOfMemoryError: Java heap space');

  it('keeps an out-of-memory error that comes after thousands of rare noisy ones', () => {
    const { incidents, summary } = analyze([...noisyLines(3000), ...oom], 100);
    const own = incidents.find((i) => i.sample.includes('OutOfMemoryError') && i.fingerprint !== OVERFLOW_FINGERPRINT);
    expect(own?.count).toBe(5);
    expect(incidents.length).toBe(101);
    const overflow = incidents.find((i) => i.fingerprint === OVERFLOW_FINGERPRINT)!;
    // Nothing lost: every error event is counted exactly once.
    expect(incidents.reduce((n, i) => n + i.count, 0)).toBe(summary.errorEvents);
    expect(summary.overflow).toEqual({ events: overflow.count, patterns: overflow.count });
    expect(overflow.pattern).toContain(`${summary.overflow!.patterns} more pattern(s)`);
  });

  it('keeps a recognised error seen early, before the noise, too', () => {
    const { incidents } = analyze([...noisyLines(99), ...oom, ...noisyLines(3000, 11)], 100);
    expect(incidents.find((i) => i.sample.includes('OutOfMemoryError'))?.fingerprint).not.toBe(OVERFLOW_FINGERPRINT);
  });

  it('ranks the overflow last and keeps the terminal report short', () => {
    const { incidents, summary } = analyze([...noisyLines(3000), ...oom], 100);
    const report = buildReport(incidents, incidents.map(offlineDiagnosis), summary);
    expect(report.incidents[0]!.diagnosis.category).toBe('resource.memory');
    expect(report.incidents.at(-1)!.fingerprint).toBe(OVERFLOW_FINGERPRINT);
    const text = renderTerminal(report, { color: false });
    expect(text).toContain('… and 76 more incidents: use --json or --markdown to see them all.');
    expect(text.split('\n').length).toBeLessThan(25 * 20);
  });
});
