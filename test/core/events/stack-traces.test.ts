import { describe, expect, it } from 'vitest';
import { assemble, fixture, ms } from './helpers.js';

describe('Java stack traces', () => {
  const events = assemble(fixture('java-spring-caused-by.log'));

  it('joins the exception line, frames, Caused by and "... N common frames omitted" to the ERROR line', () => {
    const [, error] = events;
    expect(events).toHaveLength(4);
    expect(error).toMatchObject({ line: 2, lineCount: 12, level: 'error', isError: true, timestamp: ms('2024-03-14T09:21:09.871Z') });
    expect(error?.text.split('\n')[1]).toMatch(/^org\.postgresql\.util\.PSQLException: Connection to db\.internal:5432 refused/);
    expect(error?.text).toContain('Caused by: java.net.ConnectException: Connection refused');
    expect(error?.text.endsWith('\t... 41 common frames omitted')).toBe(true);
  });

  it('appends the exception line to the message and strips the Spring header', () => {
    expect(events[1]?.message).toMatch(/^Servlet\.service\(\) for servlet \[dispatcherServlet\]/);
    expect(events[1]?.message).toContain('with root cause: org.postgresql.util.PSQLException: Connection to db.internal:5432 refused');
    expect(events[0]?.message).toBe('Tomcat initialized with port 8080 (http)');
  });

  it('keeps an uncaught "Exception in thread" with "... 2 more" and Suppressed: in one error event', () => {
    const uncaught = events[3];
    expect(uncaught).toMatchObject({ line: 15, lineCount: 11, isError: true, level: undefined });
    expect(uncaught?.message).toBe('Exception in thread "main" java.lang.IllegalStateException: Failed to execute CommandLineRunner');
    expect(uncaught?.text).toContain('\t... 2 more');
    expect(uncaught?.text).toContain('\tSuppressed: java.io.IOException: close failed');
  });

  it('leaves a WARN line alone: not an error', () => {
    expect(events[2]).toMatchObject({ level: 'warn', isError: false, lineCount: 1 });
  });

  it('joins frames whose indentation a shipper stripped', () => {
    const stripped = assemble(
      [
        'Exception in thread "main" java.lang.RuntimeException: boom',
        'at com.example.App.main(App.java:10)',
        'Caused by: java.lang.NullPointerException',
        'at com.example.App.init(App.java:4)',
        '... 1 more',
        'next line',
      ].join('\n'),
    );
    expect(stripped.map((e) => e.lineCount)).toEqual([5, 1]);
  });

  it('does not join prose that happens to start with "at"', () => {
    expect(assemble('2024-01-02T03:04:05Z INFO scheduled\nat noon the batch starts').map((e) => e.lineCount)).toEqual([1, 1]);
  });

  it('keeps the exception type in the message when a timestamp precedes "Error:"', () => {
    expect(assemble('2024-01-02T03:04:05: Error: connect ECONNREFUSED 127.0.0.1:6379')[0]?.message).toBe('Error: connect ECONNREFUSED 127.0.0.1:6379');
  });

  it('does not join an exception line to a raw (header-less) line', () => {
    const events = assemble('starting worker\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)');
    expect(events.map((e) => e.lineCount)).toEqual([1, 2]);
    expect(events[1]?.isError).toBe(true);
  });
});

describe('Python tracebacks', () => {
  const events = assemble(fixture('python-chained-traceback.log'));

  it('joins a logging.exception() traceback, its "direct cause" chain and psycopg2 detail lines to the ERROR line', () => {
    expect(events.map((e) => [e.line, e.lineCount])).toEqual([
      [1, 1],
      [2, 18],
      [20, 1],
      [21, 13],
    ]);
    const error = events[1];
    expect(error).toMatchObject({ level: 'error', isError: true });
    expect(error?.text).toContain('LINE 1: SELECT * FROM invoices WHERE id = 8812');
    expect(error?.text).toContain('\n\n\nThe above exception was the direct cause of the following exception:\n\nTraceback');
    expect(error?.message).toBe('job 8812 failed: worker.errors.QueryFailed: SELECT * FROM invoices WHERE id = 8812');
  });

  it('starts a new event for a traceback after an INFO line and keeps "During handling" chains together', () => {
    const crash = events[3];
    expect(crash).toMatchObject({ level: undefined, isError: true });
    expect(crash?.text.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(crash?.text).toContain("KeyError: 'DATABASE_URL'\n\nDuring handling of the above exception, another exception occurred:\n\n");
    expect(crash?.message).toBe('RuntimeError: settings are incomplete');
  });

  it('ends the traceback at the first line after its exception line', () => {
    const events = assemble(
      'Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nValueError: bad\nnext line\n\nlater',
    );
    expect(events.map((e) => e.lineCount)).toEqual([3, 1, 1]);
    expect(events[0]?.message).toBe('ValueError: bad');
    expect(events[1]?.isError).toBe(false);
  });
});

describe('Node stack traces', () => {
  const events = assemble(fixture('node-uncaught.log'));

  it('joins frames and the inspected error properties up to the closing brace', () => {
    const error = events.find((e) => e.message.startsWith('Error: connect ECONNREFUSED'));
    expect(error).toMatchObject({ line: 9, lineCount: 10, isError: true });
    expect(error?.text.endsWith('  port: 5432\n}')).toBe(true);
  });

  it('splits at blank lines and flags only the exception events', () => {
    expect(events.map((e) => [e.line, e.lineCount, e.isError])).toEqual([
      [1, 1, false],
      [2, 1, false],
      [4, 1, false],
      [5, 3, false],
      [9, 10, true],
      [20, 1, false],
      [21, 3, true],
    ]);
  });
});

describe('Go panics', () => {
  const events = assemble(fixture('go-panic.log'));

  it('keeps the panic, signal line, every goroutine dump and "exit status 2" in one event', () => {
    expect(events.map((e) => [e.line, e.lineCount])).toEqual([
      [1, 1],
      [2, 17],
      [19, 1],
    ]);
    const panic = events[1];
    expect(panic).toMatchObject({ isError: true, message: 'panic: runtime error: invalid memory address or nil pointer dereference' });
    expect(panic?.text).toContain('\n\ngoroutine 1 [IO wait]:\n');
    expect(panic?.text.endsWith('exit status 2')).toBe(true);
  });

  it('reads the Go log timestamp around the panic', () => {
    expect(events[0]).toMatchObject({ message: 'listening on :8080', timestamp: ms('2024-03-14T09:40:00Z'), isError: false });
  });

  it('treats "fatal error:" with a goroutine dump the same way', () => {
    const events = assemble('fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.main()\n\t/app/main.go:5 +0x25\nexit status 2');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ lineCount: 6, isError: true });
  });
});

describe('generic continuation', () => {
  it('joins indented lines to the header line before them', () => {
    const events = assemble('2024-01-02T03:04:05Z INFO config:\n  port: 80\n\thost: x\n2024-01-02T03:04:06Z INFO next');
    expect(events.map((e) => e.lineCount)).toEqual([3, 1]);
    expect(events[0]?.text).toBe('2024-01-02T03:04:05Z INFO config:\n  port: 80\n\thost: x');
  });

  it('starts an event with an indented first line', () => {
    expect(assemble('   orphan\n\tchild\nnext').map((e) => [e.line, e.lineCount])).toEqual([
      [1, 2],
      [3, 1],
    ]);
  });

  it('skips blank lines but counts them in line numbers', () => {
    expect(assemble('a\n\n   \nb').map((e) => [e.line, e.text])).toEqual([
      [1, 'a'],
      [4, 'b'],
    ]);
  });

  it('copies the source into every event', () => {
    expect(assemble('a\nb', { source: 'app.log' }).map((e) => e.source)).toEqual(['app.log', 'app.log']);
  });
});
