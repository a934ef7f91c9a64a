import { describe, expect, it } from 'vitest';
import { EventAssembler } from '../../../src/core/events/assembler.js';
import type { LogEvent } from '../../../src/core/events.js';

function assemble(lines: string[]): LogEvent[] {
  const events: LogEvent[] = [];
  const assembler = new EventAssembler((event) => events.push(event));
  for (const line of lines) assembler.push(line);
  assembler.end();
  return events;
}

// logger.error(msg, err) in pino-pretty/winston/console prints the message, then err.stack unindented.
describe('an error log line followed by an unindented stack', () => {
  it('joins "Error: …" and its frames to the error line', () => {
    const events = assemble([
      '2026-11-24T09:15:31.004Z ERROR [payment-service] charge failed for order 88123',
      'Error: connect ECONNREFUSED 10.0.3.17:5432',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)',
      '2026-11-24T09:15:32.000Z INFO next',
    ]);
    expect(events).toHaveLength(2);
    expect(events[0]!.isError).toBe(true);
    expect(events[0]!.lineCount).toBe(3);
    expect(events[0]!.timestamp).toBe(Date.parse('2026-11-24T09:15:31.004Z'));
    expect(events[0]!.text).toContain('ECONNREFUSED');
  });

  it('joins a named error class such as TypeError or MongoServerError', () => {
    for (const head of ["TypeError: Cannot read properties of undefined (reading 'amount')", 'MongoServerError: E11000 duplicate key']) {
      const events = assemble(['2026-01-01 00:00:00 ERROR request failed', head, '    at f (/app/a.js:1:1)']);
      expect(events).toHaveLength(1);
    }
  });

  it('does not join an exception line after an INFO line', () => {
    const events = assemble(['2026-01-01 00:00:00 INFO retrying', 'Error: connect ECONNREFUSED 10.0.0.1:80']);
    expect(events).toHaveLength(2);
  });
});
