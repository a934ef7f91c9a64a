import { describe, expect, it } from 'vitest';
import { assemble, fixture, ms, single } from './helpers.js';

describe('JSON log lines', () => {
  it('pino: numeric levels, epoch-ms time, err {type,message,stack}', () => {
    const events = assemble(fixture('pino.jsonl'));
    expect(events.map((e) => [e.level, e.isError])).toEqual([
      ['info', false],
      ['error', true],
      ['fatal', true],
      ['warn', false],
    ]);
    const error = events[1];
    expect(error?.timestamp).toBe(1710408001456);
    expect(error?.message).toBe('db connection failed: Error: connect ECONNREFUSED 10.0.3.17:5432');
    expect(error?.lineCount).toBe(1);
    expect(error?.text.split('\n').slice(1)).toEqual([
      'Error: connect ECONNREFUSED 10.0.3.17:5432',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    ]);
  });

  it('bunyan: msg repeating the error message is said once, with the error name', () => {
    const [error, info] = assemble(fixture('bunyan.jsonl'));
    expect(error).toMatchObject({ level: 'error', isError: true, timestamp: ms('2024-03-14T09:50:01.234Z'), message: 'AxiosError: Request failed with status code 503' });
    expect(error?.text).toContain('\n    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)');
    expect(info).toMatchObject({ level: 'info', isError: false, message: 'charge accepted' });
  });

  it('winston: string levels, top-level stack, timestamp', () => {
    const [error, info, warn] = assemble(fixture('winston.jsonl'));
    expect(error).toMatchObject({ level: 'error', isError: true, message: 'Unhandled rejection: relation "users" does not exist' });
    expect(error?.text).toContain('\nerror: relation "users" does not exist\n    at Parser.parseErrorMessage');
    expect(info).toMatchObject({ level: 'info', message: 'GET /users 200 12ms', timestamp: ms('2024-03-14T10:00:01Z') });
    expect(warn).toMatchObject({ level: 'warn', isError: false });
  });

  it('structlog: event key and a traceback string in exception', () => {
    const [error] = assemble(fixture('structlog.jsonl'));
    expect(error).toMatchObject({
      level: 'error',
      isError: true,
      timestamp: ms('2024-03-14T10:10:00.123Z'),
      message: 'payment failed: requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://api.psp.example/charge',
    });
    expect(error?.text).toContain('\nTraceback (most recent call last):\n  File "/app/pay.py", line 12, in charge');
  });

  it('Lambda JSON format: error objects as message, top-level errorType, platform records', () => {
    const events = assemble(fixture('lambda-json.jsonl'));
    expect(events.map((e) => [e.message, e.isError])).toEqual([
      ['platform.start', false],
      ["TypeError: Cannot read properties of undefined (reading 'Records')", true],
      ["Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'", true],
      ['platform.report timeout', true],
      ['platform.report success', false],
      ['processed 12 records', false],
    ]);
    expect(events[1]?.text).toContain('\n    at Runtime.handler (file:///var/task/index.mjs:4:27)');
  });

  it('reads time from time, timestamp, @timestamp or ts, as ISO or epoch s/ms', () => {
    expect(single('{"msg":"a","time":1704164645123}').timestamp).toBe(1704164645123);
    expect(single('{"msg":"a","ts":1704164645.5}').timestamp).toBe(1704164645500);
    expect(single('{"msg":"a","@timestamp":"2024-01-02T03:04:05.123+01:00"}').timestamp).toBe(ms('2024-01-02T02:04:05.123Z'));
    expect(single('{"msg":"a","timestamp":"Tue, 02 Jan 2024 03:04:05 GMT"}').timestamp).toBe(ms('2024-01-02T03:04:05Z'));
  });

  it('reads level from level, lvl, severity, levelname or log.level in any case', () => {
    expect(single('{"severity":"ERROR","message":"x"}').level).toBe('error');
    expect(single('{"levelname":"Warning","message":"x"}').level).toBe('warn');
    expect(single('{"log.level":"crit","message":"x"}').level).toBe('fatal');
    expect(single('{"log":{"level":"debug"},"message":"x"}').level).toBe('debug');
    expect(single('{"level":10,"msg":"x"}').level).toBe('trace');
  });

  it('zap: error string plus stacktrace, epoch-seconds ts', () => {
    const event = single('{"level":"error","ts":1704164645.123,"caller":"api/server.go:88","msg":"listen failed","error":"listen tcp :8080: bind: address already in use","stacktrace":"main.main\\n\\t/app/main.go:12"}');
    expect(event).toMatchObject({ level: 'error', message: 'listen failed: listen tcp :8080: bind: address already in use', timestamp: 1704164645123 });
    expect(event.text.split('\n')).toHaveLength(3);
  });

  it('an error object without a level is an error; without either it is not', () => {
    expect(single('{"msg":"x","err":{"message":"boom"}}').isError).toBe(true);
    expect(single('{"msg":"x","error":null,"errors":0}').isError).toBe(false);
  });

  it('unwraps Docker json-file lines and parses the inner log line', () => {
    expect(single('{"log":"2024-01-02 03:04:05,123 ERROR payment failed\\n","stream":"stderr","time":"2024-01-02T03:04:05.999Z"}')).toMatchObject({
      level: 'error',
      message: 'payment failed',
      timestamp: ms('2024-01-02T03:04:05.123Z'),
      isError: true,
    });
    expect(single('{"log":"Killed\\n","stream":"stderr","time":"2024-01-02T03:04:05.999Z"}')).toMatchObject({
      message: 'Killed',
      timestamp: ms('2024-01-02T03:04:05.999Z'),
      isError: true,
    });
  });

  it('falls back to text parsing for malformed JSON and keeps non-message objects whole', () => {
    expect(single('{"level":"error","msg":"trunc')).toMatchObject({ level: undefined, message: '{"level":"error","msg":"trunc' });
    expect(single('{"a":1}').message).toBe('{"a":1}');
    expect(single('{ not json').isError).toBe(false);
  });
});
