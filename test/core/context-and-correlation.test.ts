import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../../src/core/analyze.js';
import type { LogEvent } from '../../src/core/events.js';
import type { Incident } from '../../src/core/incident.js';
import { ContextWindow, peersOf, processKey, relateIncidents } from '../../src/core/incidents.js';
import { diagnoseOffline } from '../../src/core/knowledge/index.js';
import { rankIncidents } from '../../src/core/report.js';
import type { Diagnosis } from '../../src/core/diagnosis.js';

function analyze(text: string) {
  const analyzer = new LogAnalyzer({ year: 2026 });
  for (const line of text.split('\n')) analyzer.push(line, 'test.log');
  return analyzer.end();
}

function event(text: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { text, message: text, line: 1, lineCount: 1, isError: true, source: 'test', ...extra };
}

describe('context comes from the same process and moment', () => {
  it('drops lines of another process and lines minutes older', () => {
    const window = new ContextWindow(3);
    window.remember(event('Jan  2 03:00:00 db1 mysqld[77]: Access denied for user app', { timestamp: 0, isError: false }));
    window.remember(event('Jan  2 03:13:00 db1 sshd[42]: Connection from 10.0.0.9', { timestamp: 780_000, isError: false }));
    window.remember(event('Jan  2 03:13:01 db1 cron[9]: job started', { timestamp: 781_000, isError: false }));
    const lines = window.linesFor(event('Jan  2 03:13:02 db1 sshd[42]: Failed password for mysql from 10.0.0.9', { timestamp: 782_000 }));
    expect(lines).toEqual(['Jan  2 03:13:00 db1 sshd[42]: Connection from 10.0.0.9']);
  });

  it('reads process keys from common headers', () => {
    expect(processKey('Jan  2 03:13:00 db1 sshd[42]: x')).toBe('42');
    expect(processKey('2015-10-18 18:06:01,840 ERROR [RMCommunicator Allocator] org.apache.X: y')).toBe('RMCommunicator Allocator');
    expect(processKey('[2024-05-10 09:21:41 +0200] [414070] [ERROR] Worker exited')).toBe('414070');
  });

  it('caps a diagnosis drawn from context alone and ranks it after sure ones', () => {
    const fromContext = diagnoseOffline({ text: 'ERROR IN CONTACTING RM.', context: ['Caused by: java.net.UnknownHostException: rm-1'] });
    expect(fromContext.confidence).toBeLessThanOrEqual(0.35);
    expect(['medium', 'low']).toContain(fromContext.severity);
    const sure: Diagnosis = { ...fromContext, confidence: 0.9 };
    const ranked = rankIncidents([
      { count: 500, diagnosis: fromContext },
      { count: 1, diagnosis: sure },
    ]);
    expect(ranked[0]!.diagnosis.confidence).toBe(0.9);
  });
});

describe('possible errors instead of a false all-clear', () => {
  it('reports warnings when nothing is at error level, and says so in the summary', () => {
    const { incidents, summary } = analyze('2024-01-02T03:04:05Z INFO start\n2024-01-02T03:04:06Z WARN Got exception while serving blk_1 to /10.0.0.2:\n2024-01-02T03:04:07Z WARN Got exception while serving blk_2 to /10.0.0.3:');
    expect(summary.errorEvents).toBe(0);
    expect(summary.possibleErrors).toBe(2);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ count: 2, possible: 'logged at warning level' });
  });

  it('keeps warnings out of the incidents when there are errors, as related signals', () => {
    const lines = [
      ...Array.from({ length: 6 }, (_, i) => `2024-01-02 03:04:0${i},000 [myid:1] - WARN  [WorkerSender[myid=1]:QuorumCnxManager@588] - Cannot open channel to 2 at election address zoo2/172.18.0.3:3888`),
      '2024-01-02 03:04:07,000 [myid:1] - ERROR [QuorumPeer[myid=1]:QuorumPeer@1000] - Unexpected exception, LEADER ELECTION TIMED OUT',
    ];
    const { incidents, summary } = analyze(lines.join('\n'));
    expect(summary.possibleErrors).toBe(6);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.possible).toBeUndefined();
    expect(incidents[0]!.related).toEqual([
      expect.objectContaining({ kind: 'warnings', count: 6, pattern: expect.stringContaining('Cannot open channel to') }),
    ]);
  });

  it('says nothing on a healthy log', () => {
    const { incidents, summary } = analyze('2024-01-02T03:04:05Z INFO start\n2024-01-02T03:04:06Z INFO processed 12 rows, 0 failed');
    expect(incidents).toEqual([]);
    expect(summary.possibleErrors).toBeUndefined();
  });
});

describe('correlation', () => {
  const base = { count: 1, sample: '', context: [], sources: ['a'], fingerprint: 'x', pattern: 'p' } satisfies Incident;

  it('links incidents that name the same peer, not stack-frame file:line pairs', () => {
    expect([...peersOf('Cannot open channel to 2 at election address zoo2/172.18.0.3:3888\n\tat java.net.Socket.connect(Socket.java:589)')]).toEqual(['172.18.0.3:3888']);
    const a: Incident = { ...base, fingerprint: 'a', sample: 'ERROR replication to 10.0.0.7:5432 failed' };
    const b: Incident = { ...base, fingerprint: 'b', pattern: 'timeout talking to <*>', sample: 'ERROR timeout talking to 10.0.0.7:5432' };
    const c: Incident = { ...base, fingerprint: 'c', sample: 'ERROR disk full on /var' };
    relateIncidents([a, b, c], []);
    expect(a.related).toEqual([expect.objectContaining({ kind: 'peer', fingerprint: 'b', reason: 'both name 10.0.0.7:5432' })]);
    expect(c.related).toBeUndefined();
  });

  it('shows a warning storm only when it is close in time', () => {
    const error: Incident = { ...base, firstSeen: 1_000_000, lastSeen: 1_000_000 };
    const near: Incident = { ...base, pattern: 'near', count: 40, firstSeen: 900_000, lastSeen: 990_000 };
    const far: Incident = { ...base, pattern: 'far', count: 40, firstSeen: 10_000_000, lastSeen: 10_000_000 };
    relateIncidents([error], [near, far]);
    expect(error.related?.map((r) => r.pattern)).toEqual(['near']);
  });

  it('aggregates login failures by source address', () => {
    const lines = ['45.1.1.1', '45.1.1.1', '45.1.1.1', '61.2.2.2'].map(
      (ip, i) => `Mar  3 02:11:4${i} bastion sshd[2031${i}]: Failed password for invalid user oracle from ${ip} port 5112${i} ssh2`,
    );
    const { incidents } = analyze(lines.join('\n'));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.addresses).toEqual([
      { address: '45.1.1.1', count: 3 },
      { address: '61.2.2.2', count: 1 },
    ]);
  });
});
