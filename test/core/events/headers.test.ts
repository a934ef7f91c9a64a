import { describe, expect, it } from 'vitest';
import { assemble, fixture, ms, single } from './helpers.js';

describe('timestamps', () => {
  it.each([
    ['2024-01-02T03:04:05Z msg', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.123Z msg', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05.123456789Z msg', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02 03:04:05,123 msg', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05+02:00 msg', '2024-01-02T01:04:05.000Z'],
    ['2024-01-02T03:04:05.5-0530 msg', '2024-01-02T08:34:05.500Z'],
    ['2024-01-02 03:04:05.123 UTC [812] LOG:  checkpoint starting', '2024-01-02T03:04:05.123Z'],
    ['2024/01/02 03:04:05 msg', '2024-01-02T03:04:05.000Z'],
    ['[2024-01-02 03:04:05] production.ERROR: boom', '2024-01-02T03:04:05.000Z'],
    ['127.0.0.1 - - [02/Jan/2024:03:04:05 +0100] "GET / HTTP/1.1" 200 1', '2024-01-02T02:04:05.000Z'],
    ['[Tue Jan 02 03:04:05.123456 2024] [core:error] [pid 12] AH00124: limit', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02 03:04:05 +0100 [INFO] msg', '2024-01-02T02:04:05.000Z'],
    ['2024-01-02T03:04:05.123456789Z stdout F msg', '2024-01-02T03:04:05.123Z'],
  ])('%s', (line, iso) => {
    expect(single(line).timestamp).toBe(ms(iso));
  });

  it('uses the given year for syslog and glog, which carry none', () => {
    expect(single('Jan  2 03:04:05 host app[1]: hi', { year: 2024 }).timestamp).toBe(ms('2024-01-02T03:04:05Z'));
    expect(single('E0102 03:04:05.123456 1 main.go:10] hi', { year: 2023 }).timestamp).toBe(ms('2023-01-02T03:04:05.123Z'));
  });

  it('recognises syslog and glog headers without a year but leaves timestamp unset', () => {
    expect(single('Jan  2 03:04:05 host app[1]: hi')).toMatchObject({ timestamp: undefined, message: 'hi' });
    expect(single('E0102 03:04:05.123456 1 main.go:10] hi')).toMatchObject({ timestamp: undefined, message: 'hi', level: 'error' });
  });

  it('rejects impossible dates instead of inventing a time', () => {
    expect(single('2024-13-45T03:04:05Z msg').timestamp).toBeUndefined();
    expect(single('1234567 items').timestamp).toBeUndefined();
  });
});

describe('levels and header removal', () => {
  it.each([
    ['2024-01-02T03:04:05Z TRACE enter', 'trace', 'enter'],
    ['2024-01-02T03:04:05Z DEBUG x=1', 'debug', 'x=1'],
    ['2024-01-02T03:04:05Z NOTICE hello', 'info', 'hello'],
    ['2024-01-02T03:04:05Z WARNING careful', 'warn', 'careful'],
    ['2024-01-02T03:04:05Z ERR broke', 'error', 'broke'],
    ['2024-01-02T03:04:05Z SEVERE broke', 'error', 'broke'],
    ['2024-01-02T03:04:05Z CRITICAL down', 'fatal', 'down'],
    ['2024-01-02T03:04:05Z crit down', 'fatal', 'down'],
    ['2024-01-02T03:04:05Z EMERG down', 'fatal', 'down'],
    ['2024-01-02T03:04:05Z ALERT down', 'fatal', 'down'],
    ['2024-01-02T03:04:05Z PANIC down', 'fatal', 'down'],
    ['2024-01-02T03:04:05.123Z\terror\tapi/server.go:88\tlisten failed', 'error', 'api/server.go:88\tlisten failed'],
    ['[ERROR] something broke', 'error', 'something broke'],
    ['[2024-01-02 03:04:05] [warn] disk 91%', 'warn', 'disk 91%'],
    ['ERROR something broke', 'error', 'something broke'],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'fatal', 'ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
    ['error: could not compile `app`', 'error', 'could not compile `app`'],
    ['ERROR:root:Something failed', 'error', 'Something failed'],
    ['WARNING:urllib3.connectionpool:Retrying (Retry(total=2))', 'warn', 'Retrying (Retry(total=2))'],
    ['2024-01-02 03:04:05,123 - app.db - ERROR - connection lost', 'error', 'connection lost'],
    ['2024-01-02 03:04:05.123 ERROR [main] com.example.Foo - Request failed', 'error', 'Request failed'],
    ['2024-01-02 03:04:05.123  WARN 4711 --- [  main] o.h.e.j.e.i.JdbcEnvironmentInitiator     : HHH000342: no connection', 'warn', 'HHH000342: no connection'],
    ['2024-01-02 03:04:05.123 UTC [812] ERROR:  relation "users" does not exist', 'error', 'relation "users" does not exist'],
    ['[2024-01-02 03:04:05] production.ERROR: boom {"exception":"[object] (Exception)"}', 'error', 'boom {"exception":"[object] (Exception)"}'],
    ['2024/01/02 03:04:05 [error] 31#31: *5 connect() failed', 'error', '*5 connect() failed'],
    ['[Tue Jan 02 03:04:05.123456 2024] [core:error] [pid 12] AH00124: limit', 'error', 'AH00124: limit'],
    ['W0102 03:04:05.123456   1 warnings.go:70] deprecated', 'warn', 'deprecated'],
    ['F0102 03:04:05.123456   1 main.go:70] cannot start', 'fatal', 'cannot start'],
    ['Jan  2 03:04:05 host app[1]: ERROR payment failed', 'error', 'payment failed'],
    ['fail: Microsoft.AspNetCore.Server.Kestrel[13]', 'error', 'Microsoft.AspNetCore.Server.Kestrel[13]'],
    ['E, [2024-01-02T03:04:05.123456 #4711] ERROR -- : PG::ConnectionBad: could not connect', 'error', 'PG::ConnectionBad: could not connect'],
    ['I, [2024-01-02T03:04:05.123456 #4711]  INFO -- : Completed 200 OK in 12ms', 'info', 'Completed 200 OK in 12ms'],
    ['03:04:05.123 [main] ERROR com.example.App - Startup failed', 'error', 'Startup failed'],
    ['2024-01-02T03:04:05.123456Z 0 [ERROR] [MY-010119] [Server] Aborting', 'error', 'Aborting'],
    ['[2024-01-02 03:04:05 +0000] [7] [ERROR] Exception in worker process', 'error', 'Exception in worker process'],
    ['ERROR:    Exception in ASGI application', 'error', 'Exception in ASGI application'],
    ['2024-01-02T03:04:05.123456+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/"', 'error', 'at=error code=H12 desc="Request timeout" method=GET path="/"'],
    ['{"level":"50","msg":"string pino level"}', 'error', 'string pino level'],
    ['2024-01-02T03:04:05.123456789Z stderr F ERROR worker crashed', 'error', 'worker crashed'],
    ['2024-01-02T03:04:05.123456+00:00 app[web.1]: ERROR boom', 'error', 'boom'],
  ])('%s', (line, level, message) => {
    expect(single(line)).toMatchObject({ level, message });
  });

  it('reads logfmt: level, time, msg and err', () => {
    expect(single('time="2024-01-02T03:04:05Z" level=error msg="failed to sync" err="dial tcp: connection refused" component=sync')).toMatchObject({
      level: 'error',
      timestamp: ms('2024-01-02T03:04:05Z'),
      message: 'failed to sync: dial tcp: connection refused',
      isError: true,
    });
    expect(single('ts=2024-01-02T03:04:05.1Z lvl=eror msg="x"')).toMatchObject({ level: 'error', message: 'x' });
    expect(single('level=info msg="said \\"hi\\" twice" error=<nil> n=1')).toMatchObject({ level: 'info', message: 'said "hi" twice', isError: false });
    expect(single('time=2024-01-02T03:04:05Z msg="disk full" err="write /data: no space left on device"')).toMatchObject({ level: undefined, isError: true });
    expect(single('2024-01-02T03:04:05Z level=warn msg="slow"')).toMatchObject({ level: 'warn', message: 'slow', timestamp: ms('2024-01-02T03:04:05Z') });
  });

  it('leaves a line without a header untouched', () => {
    expect(single('connection pool exhausted')).toMatchObject({ message: 'connection pool exhausted', level: undefined, timestamp: undefined });
  });

  it('does not read prose at line start as a level', () => {
    expect(single('error connecting to db')).toMatchObject({ level: undefined, message: 'error connecting to db' });
    expect(single('Info about the build - see docs')).toMatchObject({ level: undefined, message: 'Info about the build - see docs' });
  });

  it('reads glog, nginx and syslog fixtures', () => {
    expect(assemble(fixture('nginx-error.log')).map((e) => [e.level, e.isError])).toEqual([
      ['info', false],
      ['error', true],
      ['warn', false],
      ['fatal', true],
      ['fatal', true],
    ]);
    expect(assemble(fixture('syslog-oom.log'), { year: 2024 }).map((e) => [e.timestamp, e.isError])).toEqual([
      [ms('2024-03-14T10:55:01Z'), false],
      [ms('2024-03-14T10:55:07Z'), true],
      [ms('2024-03-14T10:55:07Z'), false],
      [ms('2024-03-14T10:55:08Z'), true],
      [ms('2024-03-04T10:55:09Z'), false],
    ]);
    expect(assemble(fixture('kubernetes.log'), { year: 2024 }).map((e) => [e.level, e.isError, e.lineCount])).toEqual([
      ['info', false, 1],
      ['error', true, 1],
      ['warn', false, 1],
      [undefined, true, 5],
      [undefined, true, 1],
    ]);
  });
});
