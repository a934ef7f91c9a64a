import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import { redactText } from '../../../src/core/redact/redact.js';
import { allSamples } from './corpora.js';

const samples = allSamples();

/** The same events as real pipelines re-wrap them. */
const WRAPPERS: Record<string, (text: string) => string> = {
  'inside a JSON log line': (t) => JSON.stringify({ level: 'error', time: '2024-06-01T00:00:00Z', msg: 'Request failed', err: t }),
  'with a timestamp and level on every line': (t) =>
    t
      .split('\n')
      .map((l) => `2024-06-01T00:00:00.000Z a1b2c3 ERROR ${l}`)
      .join('\n'),
  'with Windows line endings': (t) => t.replace(/\n/g, '\r\n'),
  // Events reach the knowledge base redacted: a masked value must not take the telling phrase with it.
  'after the redactor': (t) => redactText(t),
  // The hidden corpus wraps causes in generic "Request failed" errors; an application wrapper named like an
  // SDK error code (com.acme.ServiceException) once hid every cause.
  'as the [cause] of a generic Node wrapper': (t) =>
    `Error: Request failed\n    at Client.call (/app/dist/client.js:41:11) {\n  [cause]: ${t.split('\n').join('\n  ')}\n}`,
  'as the Caused by of an application ServiceException': (t) =>
    `com.acme.client.ServiceException: Request failed\n\tat com.acme.Svc.call(Svc.java:41)\nCaused by: ${t}`,
  'as the first exception of a Python chain': (t) =>
    `${t}\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "/app/b.py", line 9, in h\n    raise ServiceError("Request failed") from e\napp.errors.ServiceError: Request failed`,
};

describe('knowledge base on re-wrapped events', () => {
  for (const [how, wrap] of Object.entries(WRAPPERS)) {
    it(`keeps at least 95 % right ${how}`, () => {
      const misses = samples.filter((s) => diagnoseOffline({ text: wrap(s.text) }).category !== s.category);
      if (misses.length > 0) console.log(`${how}: ${misses.length} misses\n${misses.map((m) => `  ${m.category} :: ${m.text.slice(0, 100)}`).join('\n')}`);
      expect(1 - misses.length / samples.length).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('reports the unescaped line as evidence for a JSON-embedded stack', () => {
    const d = diagnoseOffline({
      text: JSON.stringify({ msg: 'boom', stack: 'Error: wrapper\n    at x (/a.js:1:1)\nCaused by: java.net.UnknownHostException: db.internal' }),
    });
    expect(d.category).toBe('network.dns');
    expect(d.evidence).toBe('Caused by: java.net.UnknownHostException: db.internal"}');
  });
});
