import { describe, expect, it } from 'vitest';
import { assemble, fixture, ms, single } from './helpers.js';

describe('Lambda text format', () => {
  const events = assemble(fixture('lambda-node-text.log'));

  it('flags exactly the failing lines', () => {
    expect(events.filter((e) => e.isError).map((e) => e.line)).toEqual([4, 8, 10, 12, 13, 15]);
  });

  it('reads the tab format: time, request id, level, message', () => {
    expect(events[2]).toMatchObject({ level: 'info', message: 'processing 3 records', timestamp: ms('2024-03-14T10:30:00.101Z') });
  });

  it('turns "Invoke Error" JSON payloads into message and stack', () => {
    const error = events[3];
    expect(error).toMatchObject({ level: 'error', message: 'Invoke Error: Error: getaddrinfo ENOTFOUND api.internal', lineCount: 1 });
    expect(error?.text.split('\n').slice(1)).toEqual([
      'Error: getaddrinfo ENOTFOUND api.internal',
      '    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)',
    ]);
  });

  it('strips the request id before "Task timed out"', () => {
    expect(events[7]).toMatchObject({ message: 'Task timed out after 3.00 seconds', isError: true, timestamp: ms('2024-03-14T10:31:03.004Z') });
  });

  it('START, END and a successful REPORT are not errors; a REPORT with Status/Error Type is', () => {
    expect(events[1]).toMatchObject({ isError: false, message: 'START RequestId: 6f7f0961-07d7-4c6e-9a4b-3c1e2e5b1a11 Version: $LATEST' });
    expect(events[5]?.isError).toBe(false);
    expect(events[9]?.message).toContain('Status: timeout');
    expect(events[14]?.message).toContain('Error Type: Runtime.OutOfMemory');
  });

  it('flags "Runtime exited with error" alone on its line', () => {
    expect(single('Runtime exited with error: signal: killed').isError).toBe(true);
  });

  it('reads the Python runtime format and joins its tracebacks', () => {
    const python = assemble(fixture('lambda-python-text.log'));
    expect(python.map((e) => [e.line, e.lineCount, e.level, e.isError])).toEqual([
      [1, 2, 'error', true],
      [3, 1, 'info', false],
      [4, 4, 'error', true],
    ]);
    expect(python[1]).toMatchObject({ message: 'fetched 10 rows', timestamp: ms('2024-03-14T10:40:00.001Z') });
    expect(python[2]?.message).toBe("KeyError: 'customer_id'");
  });
});
