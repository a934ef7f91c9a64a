import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_CHARS, MAX_EVENT_LINES } from '../../../src/core/events/assembler.js';
import { stripAnsi } from '../../../src/core/events/ansi.js';
import { assemble, fixture, ms } from './helpers.js';

describe('ANSI and CRLF', () => {
  it('strips colours and carriage returns before parsing', () => {
    const events = assemble(fixture('ansi-crlf.log'));
    expect(events.map((e) => [e.level, e.message, e.isError])).toEqual([
      ['info', 'server started', false],
      ['error', 'database unreachable: Error: connect ETIMEDOUT 10.0.3.17:5432', true],
      ['warn', 'cache miss ratio high', false],
    ]);
    expect(events[0]?.timestamp).toBe(ms('2024-03-14T11:10:00Z'));
    expect(events.map((e) => e.text).join('\n')).not.toMatch(/[\u001b\r]/);
    expect(events[1]?.lineCount).toBe(3);
  });

  it('ignores a UTF-8 byte-order mark on the first line', () => {
    expect(assemble('\uFEFF2024-01-02T03:04:05Z ERROR boom')[0]).toMatchObject({ level: 'error', message: 'boom' });
  });

  it('stripAnsi removes CSI, OSC hyperlinks and returns plain text as is', () => {
    const plain = 'no escapes here';
    expect(stripAnsi(plain)).toBe(plain);
    expect(stripAnsi('\u001b[1;31mred\u001b[0m \u001b]8;;https://x.dev\u0007link\u001b]8;;\u0007')).toBe('red link');
    expect(stripAnsi('\u001b[2K\u001b[1Gdone')).toBe('done');
  });
});

describe('size bounds', () => {
  it(`keeps at most ${MAX_EVENT_LINES} lines but counts them all`, () => {
    const frames = Array.from({ length: 5000 }, (_, i) => `    at f${i} (/app/x.js:${i}:1)`);
    const [event] = assemble(['Error: deep recursion', ...frames].join('\n'));
    expect(event?.lineCount).toBe(5001);
    expect(event?.text.split('\n')).toHaveLength(MAX_EVENT_LINES);
    expect(event?.truncated).toBe(true);
  });

  it(`keeps at most ${MAX_EVENT_CHARS} characters of text and message`, () => {
    const long = 'x'.repeat(MAX_EVENT_CHARS * 3);
    const [one] = assemble(`ERROR ${long}`);
    expect(one?.text.length).toBe(MAX_EVENT_CHARS);
    expect(one?.message.length).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    const [many] = assemble(['ERROR header', ...Array.from({ length: 50 }, () => `  ${'y'.repeat(10_000)}`)].join('\n'));
    expect(many?.text.length).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(many).toMatchObject({ lineCount: 51, truncated: true });
  });

  it('leaves truncated unset on ordinary events', () => {
    expect(assemble('a')[0]?.truncated).toBeUndefined();
  });

  it('never throws, covers every non-blank line once and stays within bounds on arbitrary input', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom('', '  at x', 'Traceback (most recent call last):', 'panic: x', '{"level":50', 'Caused by: x', '\tat y', 'goroutine 1 [running]:', 'During handling of the above exception, another exception occurred:'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const events = assemble(lines.join('\n'));
        for (const event of events) {
          expect(event.text.length).toBeLessThanOrEqual(MAX_EVENT_CHARS);
          expect(event.lineCount).toBeGreaterThanOrEqual(1);
        }
        const covered = events.reduce((sum, e) => sum + e.lineCount, 0);
        expect(covered).toBeLessThanOrEqual(lines.join('\n').split('\n').length);
        const starts = events.map((e) => e.line);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      }),
      { numRuns: 300 },
    );
  });
});
