import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import type { Category } from '../../../src/core/taxonomy.js';

const samples = ['corpus.jsonl', 'holdout.jsonl', 'fresh.jsonl', 'blind.jsonl', 'blind2.jsonl', 'blind3.jsonl'].flatMap((name) =>
  readFileSync(new URL(`../../fixtures/knowledge/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; category: Category }),
);

/** The same events as real pipelines re-wrap them. */
const WRAPPERS: Record<string, (text: string) => string> = {
  'inside a JSON log line': (t) => JSON.stringify({ level: 'error', time: '2024-06-01T00:00:00Z', msg: 'Request failed', err: t }),
  'with a timestamp and level on every line': (t) =>
    t
      .split('\n')
      .map((l) => `2024-06-01T00:00:00.000Z a1b2c3 ERROR ${l}`)
      .join('\n'),
  'with Windows line endings': (t) => t.replace(/\n/g, '\r\n'),
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
