import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/events.js';
import { IncidentCollector, createSimpleMatcher, incidentKey, maskVariables } from '../../src/core/incidents.js';

function event(text: string, extra: Partial<LogEvent> = {}): LogEvent {
  return { text, message: text, line: 1, lineCount: text.split('\n').length, isError: true, source: 'test', ...extra };
}

describe('simple fingerprint', () => {
  it('ignores numbers, ids, IPs, quoted values and paths', () => {
    const a = maskVariables('request 42 from 10.0.0.1 for "alice" failed at /srv/app/a.js id=7d1f0c6e-2b1a-4d33-9f3e-1c8a9b0e4f21');
    const b = maskVariables('request 977 from 192.168.3.4 for "bob" failed at /opt/x/b.js id=0b6f2a55-9c41-4c7e-a0a2-65b1f3d2c901');
    expect(a).toBe(b);
    expect(a).toContain('request');
    expect(a).toContain('failed');
  });

  it('gives different problems different ids, and the same id every time', () => {
    const matcher = createSimpleMatcher();
    const x = matcher.match('connect ECONNREFUSED 10.0.0.1:5432');
    expect(createSimpleMatcher().match('connect ECONNREFUSED 10.9.9.9:5432').id).toBe(x.id);
    expect(matcher.match('getaddrinfo ENOTFOUND db.internal').id).not.toBe(x.id);
  });

  it('keys a wrapped stack trace on its root cause', () => {
    const key = incidentKey(
      event('ERROR Request failed\njava.lang.RuntimeException: wrap\n\tat A.b(A.java:1)\nCaused by: java.net.UnknownHostException: db', {
        message: 'Request failed',
      }),
    );
    expect(key).toContain('java.net.UnknownHostException');
  });
});

describe('IncidentCollector', () => {
  it('counts repeats with first and last seen, keeping one sample', () => {
    const collector = new IncidentCollector();
    collector.add(event('ERROR timeout after 30s', { timestamp: 2000 }), ['before']);
    collector.add(event('ERROR timeout after 31s', { timestamp: 1000 }), []);
    collector.add(event('ERROR timeout after 32s', { timestamp: 3000 }), []);
    const [incident, ...rest] = collector.incidents();
    expect(rest).toHaveLength(0);
    expect(incident).toMatchObject({ count: 3, firstSeen: 1000, lastSeen: 3000, sample: 'ERROR timeout after 30s', context: ['before'] });
  });

  it('prefers a fuller stack trace as the sample', () => {
    const collector = new IncidentCollector();
    collector.add(event('ERROR boom 1'), []);
    collector.add(event('ERROR boom 2', { text: 'ERROR boom 2\n    at f (a.js:1:1)', lineCount: 2 }), []);
    expect(collector.incidents()[0]!.sample).toContain('at f');
  });

  it('never loses an error past the incident limit: it folds into an overflow incident', () => {
    const collector = new IncidentCollector({ maxIncidents: 2 });
    for (const word of ['alpha', 'beta', 'gamma', 'delta']) collector.add(event(`ERROR ${word} broke`), []);
    const incidents = collector.incidents();
    expect(incidents).toHaveLength(3);
    expect(incidents.reduce((sum, incident) => sum + incident.count, 0)).toBe(4);
  });
});
