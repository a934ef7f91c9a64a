import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../../../src/core/analyze.js';
import { shortenJsonLine } from '../../../src/core/events/json-line.js';
import { EventAssembler, MAX_EVENT_CHARS } from '../../../src/core/events/assembler.js';
import type { LogEvent } from '../../../src/core/events.js';
import { IncidentCollector } from '../../../src/core/incidents.js';
import { PatternMiner } from '../../../src/core/patterns/index.js';
import { redactThenCut } from '../../../src/core/redact/index.js';
import { shortenLine } from '../../../src/cli/input.js';

// Issue #12 item 8: every place that cuts log text redacts first, so a secret straddling the cut
// leaves no prefix behind (`AKIAIOSFODNN7EXA`, `ghp_16C7e42F292c`, `sk_live_51HqL2bC`, an e-mail's local part).

/** [text to place, the secret part of it that must not leak]. */
const SECRETS: ReadonlyArray<readonly [string, string]> = [
  ['AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
  ['ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
  ['sk_live_51HqL2bCxYzAbCdEf0123456789', 'sk_live_51HqL2bCxYzAbCdEf0123456789'],
  ['jonathan.smithers@example.com', 'jonathan.smithers'],
  ['password=Tr0ub4dor3xQ9', 'Tr0ub4dor3xQ9'],
  ['postgres://app:S3cr3tPassw0rd@db:5432/x', 'S3cr3tPassw0rd'],
];

/** Filler whose words share no 5-character run with any secret. */
const FILLER = 'lorem ipsum ';

/** Any run of 5 characters of the secret: a prefix left by a bad cut is one. */
function leaks(out: string, secret: string): string | undefined {
  for (let i = 0; i + 5 <= secret.length; i++) if (out.includes(secret.slice(i, i + 5))) return secret.slice(i, i + 5);
  return undefined;
}

/** A line where the secret starts `before` characters ahead of position `at`. */
function straddling(at: number, before: number, text: string): string {
  const head = FILLER.repeat(Math.ceil(at / FILLER.length)).slice(0, at - before);
  return `${head} ${text} ${FILLER.repeat(4)}`;
}

describe('secrets straddling a cut (item 8)', () => {
  it('redactThenCut leaves no part of a secret, wherever the cut falls', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SECRETS), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 60 }), ([text, secret], max, shift) => {
        const line = straddling(max, Math.min(shift, max), text);
        const out = redactThenCut(line, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(leaks(out, secret)).toBeUndefined();
        expect(out).not.toMatch(/\[REDACTED(?![^\]]*\])/); // never half a marker
      }),
      { numRuns: 3000 },
    );
  });

  it('an incident sample cut at its limit', () => {
    for (const [text, secret] of SECRETS) {
      for (let before = 0; before <= text.length; before += 2) {
        const collector = new IncidentCollector({ maxSampleLength: 200 });
        const line = `ERROR ${straddling(194, before, text)}`;
        collector.add(event(line), []);
        expect(leaks(collector.incidents()[0]!.sample, secret), `${text} cut ${before} in`).toBeUndefined();
      }
    }
  });

  it('an event line cut at 64 KiB, and its message', () => {
    for (const [text, secret] of SECRETS) {
      for (let before = 0; before <= text.length; before += 3) {
        const events: LogEvent[] = [];
        const assembler = new EventAssembler((e) => events.push(e));
        assembler.push(`ERROR ${straddling(MAX_EVENT_CHARS - 6, before, text)}`);
        assembler.push('    at continuation (a.js:1:1)');
        assembler.end();
        expect(leaks(events[0]!.text, secret), `${text} cut ${before} in`).toBeUndefined();
        expect(leaks(events[0]!.message, secret)).toBeUndefined();
      }
    }
  });

  it('a continuation line cut to the room left in its event', () => {
    const events: LogEvent[] = [];
    const assembler = new EventAssembler((e) => events.push(e));
    assembler.push('ERROR boom');
    assembler.push(`    at ${straddling(MAX_EVENT_CHARS - 20, 8, 'AKIAIOSFODNN7EXAMPLE')}`);
    assembler.end();
    expect(leaks(events[0]!.text, 'AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });

  it('a context line cut at 500 characters', () => {
    for (const [text, secret] of SECRETS) {
      for (let before = 0; before <= text.length; before += 2) {
        const analyzer = new LogAnalyzer();
        analyzer.push(`INFO ${straddling(495, before, text)}`, 'app.log');
        analyzer.push('ERROR connect ECONNREFUSED 10.0.0.5:5432', 'app.log');
        const { incidents } = analyzer.end();
        expect(leaks(incidents[0]!.context.join('\n'), secret), `${text} cut ${before} in`).toBeUndefined();
      }
    }
  });

  it('an input line over the line limit, plain or JSON', () => {
    for (const [text, secret] of SECRETS) {
      for (let before = 0; before <= text.length; before += 2) {
        expect(leaks(shortenLine(straddling(1000, before, text), 1000), secret)).toBeUndefined();
      }
    }
    const json = JSON.stringify({ level: 50, msg: 'x', detail: `${'a '.repeat(600)}AKIAIOSFODNN7EXAMPLE` });
    expect(leaks(shortenJsonLine(json, 1000) ?? '', 'AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });

  it('a pattern example cut at its limit, when the miner is told to redact', () => {
    const miner = new PatternMiner({ maxExampleLength: 100, cutExample: redactThenCut });
    miner.add(straddling(100, 6, 'AKIAIOSFODNN7EXAMPLE'));
    expect(leaks(miner.patterns()[0]!.example, 'AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
  });
});

describe('JSON error lines over 64 KiB (item 1)', () => {
  const stack = `Error: connect ECONNREFUSED 10.0.0.5:5432\n${Array.from({ length: 1500 }, (_, j) => `    at fn${j} (/srv/app/node_modules/lib/file${j}.js:${j}:7)`).join('\n')}`;
  const line = JSON.stringify({ level: 50, time: 1767225600000, msg: 'payment failed', err: { type: 'Error', message: 'connect ECONNREFUSED 10.0.0.5:5432', stack } });

  it('stays valid JSON with its level, message and error after shortening', () => {
    expect(line.length).toBeGreaterThan(64 * 1024);
    const short = shortenLine(line, 64 * 1024);
    expect(short.length).toBeLessThanOrEqual(64 * 1024);
    const parsed = JSON.parse(short) as { level: number; msg: string; err: { message: string; stack: string } };
    expect(parsed.level).toBe(50);
    expect(parsed.msg).toBe('payment failed');
    expect(parsed.err.message).toBe('connect ECONNREFUSED 10.0.0.5:5432');
    expect(parsed.err.stack.startsWith('Error: connect ECONNREFUSED')).toBe(true);
  });
});

function event(text: string): LogEvent {
  return { text, message: text, line: 1, lineCount: 1, isError: true, source: 'test' };
}
