import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../../src/core/analyze.js';

const T0 = Date.UTC(2026, 10, 24, 9, 15, 31);

describe('LogAnalyzer records', () => {
  it('takes a record’s own timestamp, not one parsed from its text', () => {
    const analyzer = new LogAnalyzer();
    analyzer.pushRecord({ message: '2020-01-01T00:00:00Z ERROR Error: connect ECONNREFUSED 10.0.0.5:5432', timestamp: T0, source: '/prod/api', stream: 's1' });
    const [incident] = analyzer.end().incidents;
    expect(incident?.firstSeen).toBe(T0);
    expect(incident?.lastSeen).toBe(T0);
  });

  it('keeps a multi-line record whole (a Lambda stack trace in one event)', () => {
    const analyzer = new LogAnalyzer();
    const message = 'ERROR\tInvoke Error\tTypeError: Cannot read properties of undefined (reading \'id\')\n    at handler (/var/task/index.js:10:5)\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)\n';
    analyzer.pushRecord({ message, timestamp: T0, source: '/aws/lambda/fn', stream: '2026/11/24/[$LATEST]abc' });
    const { incidents, summary } = analyzer.end();
    expect(summary.events).toBe(1);
    expect(incidents[0]?.sample).toContain('at handler (/var/task/index.js:10:5)');
    expect(incidents[0]?.sample.endsWith('\n')).toBe(false);
  });

  it('assembles a stack trace split across records of one stream while another stream interleaves', () => {
    const analyzer = new LogAnalyzer();
    const a = { source: '/prod/api', stream: 'task-a' };
    const b = { source: '/prod/api', stream: 'task-b' };
    analyzer.pushRecord({ ...a, timestamp: T0, message: '2026-11-24 09:15:31,004 ERROR [main] c.a.Repo - insert failed' });
    analyzer.pushRecord({ ...b, timestamp: T0 + 1, message: '2026-11-24 09:15:31,005 INFO [main] c.a.Web - GET /health 200' });
    analyzer.pushRecord({ ...a, timestamp: T0 + 2, message: 'java.sql.SQLException: Connection refused' });
    analyzer.pushRecord({ ...a, timestamp: T0 + 3, message: '\tat org.postgresql.Driver.connect(Driver.java:285)' });
    analyzer.pushRecord({ ...b, timestamp: T0 + 4, message: '2026-11-24 09:15:31,009 INFO [main] c.a.Web - GET /health 200' });
    const { incidents, summary } = analyzer.end();
    expect(summary.events).toBe(3);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.sample.split('\n')).toHaveLength(3);
    expect(incidents[0]?.streams).toEqual(['task-a']);
    expect(incidents[0]?.sources).toEqual(['/prod/api']);
  });

  it('merges one problem across groups and names every group and stream it came from', () => {
    const analyzer = new LogAnalyzer();
    for (const [source, stream] of [['/prod/a', 's1'], ['/prod/b', 's2'], ['/prod/a', 's3']] as const) {
      analyzer.pushRecord({ source, stream, timestamp: T0, message: 'ERROR Error: connect ECONNREFUSED 10.0.3.17:5432' });
    }
    const { incidents } = analyzer.end();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.count).toBe(3);
    expect(incidents[0]?.sources).toEqual(['/prod/a', '/prod/b']);
    expect(incidents[0]?.streams).toEqual(['s1', 's2', 's3']);
  });

  it('loses no event when more streams are open than it keeps lanes for', () => {
    const analyzer = new LogAnalyzer();
    for (let i = 0; i < 1000; i++) {
      analyzer.pushRecord({ source: '/prod/a', stream: `s${i}`, timestamp: T0 + i, message: `ERROR job ${i} failed: timeout` });
    }
    const { incidents, summary } = analyzer.end();
    expect(summary.errorEvents).toBe(1000);
    expect(incidents.reduce((sum, incident) => sum + incident.count, 0)).toBe(1000);
  });

  it('shows incidents in a snapshot before the input ends', () => {
    const analyzer = new LogAnalyzer();
    analyzer.pushRecord({ source: 'g', stream: 's', timestamp: T0, message: 'ERROR disk full: ENOSPC' });
    analyzer.flush();
    expect(analyzer.snapshot().incidents).toHaveLength(1);
    analyzer.pushRecord({ source: 'g', stream: 's', timestamp: T0 + 1, message: 'ERROR disk full: ENOSPC' });
    analyzer.flush();
    expect(analyzer.snapshot().incidents[0]?.count).toBe(2);
  });
});
