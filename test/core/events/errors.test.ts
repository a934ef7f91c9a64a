import { describe, expect, it } from 'vitest';
import { assemble, fixture, single } from './helpers.js';

describe('isError without a level', () => {
  it.each([
    'panic: assignment to entry in nil map',
    'Traceback (most recent call last):',
    'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    'java.lang.NullPointerException',
    'Error: Cannot find module \'express\'',
    "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod'",
    'TypeError: Cannot read properties of undefined (reading \'map\')',
    'Uncaught ReferenceError: x is not defined',
    'UnhandledPromiseRejectionWarning: Error: boom',
    'Unhandled rejection at: Promise',
    'Killed',
    'Out of memory: Killed process 1234 (node)',
    '      Reason:       OOMKilled',
    'Segmentation fault (core dumped)',
    'npm ERR! code ELIFECYCLE',
    'Task timed out after 30.03 seconds',
    'System.InvalidOperationException: Sequence contains no elements',
    '2024-01-02T03:04:05: Error: connect ECONNREFUSED 127.0.0.1:6379',
    "PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/index.php:3",
    'RequestId: 1c1d9c8e-5e3d-4c2a-8f9e-1d2c3b4a5f61 Error: Runtime exited with error: exit status 1',
  ])('%s', (line) => {
    expect(single(line).isError).toBe(true);
  });
});

describe('not errors', () => {
  it('keeps false positives out of the not-errors fixture', () => {
    const events = assemble(fixture('not-errors.log'));
    expect(events).toHaveLength(12);
    expect(events.filter((e) => e.isError).map((e) => e.text)).toEqual([]);
  });

  it.each([
    '2024-01-02T03:04:05Z INFO jobs done, errors: 0',
    '2024-01-02T03:04:05Z WARN Error budget at 80%',
    '2024-01-02T03:04:05Z WARNING Traceback printing is enabled',
    '10.0.0.1 - - [02/Jan/2024:03:04:05 +0000] "GET / HTTP/1.1" 500 0',
    'ErrorHandler registered',
    'Errors: 0',
    'Killed 3 idle workers',
    'Exception handling enabled',
    'at noon the batch starts',
  ])('%s', (line) => {
    expect(single(line).isError).toBe(false);
  });

  it('lets an explicit level decide over words in the message', () => {
    expect(single('2024-01-02T03:04:05Z INFO TypeError: is logged at info').isError).toBe(false);
    expect(single('{"level":"info","msg":"x","err":{"message":"handled"}}').isError).toBe(false);
  });
});
