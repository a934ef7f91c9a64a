import { describe, expect, it } from 'vitest';
import { levelInHeader } from '../../../src/core/events/levels.js';
import { failureSentence } from '../../../src/core/events/signals.js';
import { stripDecorations } from '../../../src/core/events/decorations.js';
import { assemble, single } from './helpers.js';

describe('levels anywhere in the header', () => {
  it.each([
    ['- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt', 'fatal'],
    ['orders 2024/01/02 10:00:00 ERROR could not reserve stock', 'error'],
    ['2026/03/10 12:00:01 proxy.go:44: error : Could not connect to 10.20.30.40:5432', 'error'],
    ['[Mon Jan 08 10:11:12.345678 2026] [proxy:error] [pid 2211:tid 140] AH00957: attempt to connect failed', 'error'],
    ['Mon Jan  2 03:04:05 2024 daemon.err dnsmasq[123]: failed to bind DHCP server socket', 'error'],
    ['12-03 09:00:00.123  1234  1250 E AndroidRuntime: FATAL EXCEPTION: main', 'error'],
    ['03-17 16:13:45.466  1702 17632 W ActivityManager: Bad activity token', 'warn'],
    ['[2026-05-01T09:09:09,001][WARN ][o.e.c.c.ClusterFormationFailureHelper] [es-1] master not discovered', 'warn'],
    ['2016-09-28 04:30:31, Info                  CBS    Loaded Servicing Stack v6.1.7601.23505', 'info'],
  ])('%s → %s', (line, level) => {
    expect(single(line).level).toBe(level);
  });

  it('reads a syslog <PRI> as the fallback level (severity = PRI mod 8)', () => {
    expect(single('<11>Jan  2 03:04:05 web1 app[12]: request handler crashed').level).toBe('error');
    expect(single('<14>Jan  2 03:04:05 web1 app[12]: started').level).toBe('info');
    expect(single('<165>1 2003-10-11T22:14:15.003Z host app - ID47 - WARN disk at 91%').level).toBe('warn');
  });

  it('does not take prose for a level', () => {
    expect(levelInHeader('error handling middleware installed')).toBeUndefined();
    expect(levelInHeader('Error: Cannot find module x')).toBeUndefined();
    expect(levelInHeader('the warning light is on')).toBeUndefined();
  });
});

describe('decorations', () => {
  it('strips terminal-UI borders and keeps the line intact', () => {
    expect(stripDecorations('│ 2023-10-15 10:38:47.697 GMT [509] FATAL:  password authentication failed   │')).toBe(
      '2023-10-15 10:38:47.697 GMT [509] FATAL:  password authentication failed',
    );
    const event = single('│ 2023-10-15 10:38:47.697 GMT [509] FATAL:  password authentication failed for user "postgres"      │');
    expect(event.isError).toBe(true);
    expect(event.timestamp).toBe(Date.parse('2023-10-15T10:38:47.697Z'));
  });

  it('strips a docker compose service prefix, so the stack joins its line', () => {
    const events = assemble(
      [
        'zoo3_1  | 2017-05-28 13:22:13,044 [myid:3] - WARN  [WorkerSender[myid=3]:QuorumCnxManager@588] - Cannot open channel to 2',
        'zoo3_1  | java.net.ConnectException: Connection refused (Connection refused)',
        'zoo3_1  | \tat java.net.Socket.connect(Socket.java:589)',
      ].join('\n'),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.level).toBe('warn');
    expect(events[0]!.text).toContain('\tat java.net.Socket.connect');
  });

  it('keeps a level or a date that looks like a prefix', () => {
    expect(stripDecorations('INFO  | started')).toBe('INFO  | started');
    expect(stripDecorations('2024-01-02 | ERROR | boom')).toBe('2024-01-02 | ERROR | boom');
  });
});

describe('failure sentences on lines without a level', () => {
  it.each([
    'Nov 17 15:22:35 server sshd[9160]: Failed password for root from 82.138.1.118 port 21620 ssh2',
    '[  306.925807] I/O error, dev sda, sector 68537632 op 0x1:(WRITE) flags 0x103000 phys_seg 1 prio class 0',
    'Jul 21 09:10:44 app3 systemd[1]: mnt-shared.mount: Mount process exited, code=exited, status=32/n/a',
    "thread 'main' panicked at src/client.rs:111:62:",
    'Apr  4 05:00:12 test-f kernel: log-user-sessio[66297]: segfault at 0 ip 0000000000402669 sp 00007ffe203fb570 error 4',
    '2567354 node-147 node status 1074098611 1 not responding',
    '/app/lib/report.rb:27:in `block in build\': undefined method `amount\' for nil:NilClass (NoMethodError)',
    'google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for quota metric',
  ])('%s', (line) => {
    expect(single(line).isError).toBe(true);
  });

  it.each([
    'no errors found in 12 files',
    'nightly import finished: 5400 rows, 0 failed, 0 skipped',
    'retries failed=0 succeeded=3',
    '10.0.3.40 - - [03/Dec/2026:09:14:05 +0000] "GET /error-pages/404.html HTTP/1.1" 200 1290 "-" "curl/8.5.0"',
    'fail2ban.server: Starting Fail2ban v0.11',
    'failover test completed',
    'Dec  3 08:01:12 bastion sshd[1201]: Accepted publickey for deploy from 10.0.5.4 port 50122 ssh2',
  ])('not a failure: %s', (line) => {
    const event = single(line);
    expect(event.isError).toBe(false);
    expect(event.possible).toBeUndefined();
    expect(failureSentence(line)).toBeUndefined();
  });

  it('scans the indented rows of kubectl describe', () => {
    const [event] = assemble('Events:\n  Type     Reason            Age   From               Message\n  Warning  FailedScheduling  7m51s  default-scheduler  0/20 nodes are available: 7 Insufficient memory.');
    expect(event!.isError).toBe(true);
  });
});

describe('possible errors', () => {
  it('marks warnings, with the reason', () => {
    expect(single('2024-01-02T03:04:05Z WARN disk at 91%').possible).toBe('logged at warning level');
  });

  it('marks a failure sentence at info level, not a healthy info line', () => {
    const line = '2016-09-28 04:30:31, Info                  CBS    Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]';
    expect(single(line).possible).toMatch(/Failed.*info level/);
    expect(single('2024-01-02T03:04:05Z INFO request completed').possible).toBeUndefined();
  });

  it('never marks an error event', () => {
    const event = single('2024-01-02T03:04:05Z ERROR boom');
    expect(event.isError).toBe(true);
    expect(event.possible).toBeUndefined();
  });
});
