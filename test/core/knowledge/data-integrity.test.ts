import { describe, expect, it } from 'vitest';
import { ENTRIES, ENTRIES_BY_TECH } from '../../../src/core/knowledge/entries/index.js';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import { CATEGORY_IDS, SEVERITIES, isCategory } from '../../../src/core/taxonomy.js';

describe('knowledge base data integrity', () => {
  it.each(ENTRIES.map((e) => [e.id, e] as const))('%s is well formed', (_id, entry) => {
    expect(entry.remediation.length).toBeGreaterThanOrEqual(2);
    expect(entry.remediation.length).toBeLessThanOrEqual(5);
    for (const step of entry.remediation) expect(step.trim().length).toBeGreaterThan(15);
    expect(isCategory(entry.category)).toBe(true);
    expect(entry.category).not.toBe('unknown');
    if (entry.onDatabase !== undefined) expect(isCategory(entry.onDatabase)).toBe(true);
    expect(SEVERITIES).toContain(entry.severity);
    expect(entry.confidence).toBeGreaterThanOrEqual(0);
    expect(entry.confidence).toBeLessThanOrEqual(1);
    expect(Number.isFinite(entry.priority)).toBe(true);
    expect(entry.title.trim()).not.toBe('');
    expect(entry.rootCause.trim()).not.toBe('');
    expect(entry.match.length).toBeGreaterThan(0);
    for (const p of [...entry.match, ...(entry.requires ?? []), ...(entry.unless ?? [])]) {
      if (typeof p === 'string') expect(p.trim().length).toBeGreaterThan(1);
      // Global or sticky regexes carry lastIndex between calls; the engine adds `g` itself.
      else expect(p.flags).not.toMatch(/[gy]/);
    }
  });

  it('has unique ids prefixed by their technology family', () => {
    const ids = ENTRIES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('covers every category of the taxonomy except unknown', () => {
    const covered = new Set(ENTRIES.flatMap((e) => [e.category, ...(e.onDatabase ? [e.onDatabase] : [])]));
    for (const id of CATEGORY_IDS) if (id !== 'unknown') expect(covered, id).toContain(id);
  });

  it('has entries for every technology the issue names', () => {
    for (const tech of ['node', 'python', 'java', 'go', 'postgres', 'mysql', 'redis', 'mongodb', 'aws', 'lambda', 'nginx', 'kubernetes', 'http', 'network']) {
      expect(ENTRIES_BY_TECH[tech]?.length ?? 0, tech).toBeGreaterThan(0);
    }
  });

  it('has no control characters in its matchers (a `\b` written through an unescaped string becomes a backspace)', () => {
    for (const entry of ENTRIES) {
      for (const p of [...entry.match, ...(entry.requires ?? []), ...(entry.unless ?? [])]) {
        const src = typeof p === 'string' ? p : p.source;
        expect(/[\u0000-\u0008\u000b-\u001f]/.test(src), `${entry.id}: ${JSON.stringify(src)}`).toBe(false);
      }
    }
  });

  it('stays linear: every regex is fast on large hostile input', () => {
    const hostile = ['a'.repeat(65_536), ' '.repeat(65_536), `${'x: '.repeat(20_000)}`, `${'"a'.repeat(30_000)}`, `${'\tat a.b(C.java:1)\n'.repeat(3_000)}`];
    for (const text of hostile) {
      const started = performance.now();
      diagnoseOffline({ text });
      expect(performance.now() - started, `input starting ${JSON.stringify(text.slice(0, 10))}`).toBeLessThan(500);
    }
  });

  it('diagnoses a 64 KiB sample with the evidence at the very end quickly', () => {
    const frames = '    at Object.<anonymous> (/app/node_modules/some-lib/dist/index.js:10:20)\n'.repeat(900);
    const text = `Error: wrapper\n${frames}  [cause]: Error: getaddrinfo ENOTFOUND api.partner.com`;
    expect(text.length).toBeGreaterThan(60_000);
    const started = performance.now();
    const d = diagnoseOffline({ text });
    expect(performance.now() - started).toBeLessThan(250);
    expect(d.category).toBe('network.dns');
    expect(d.evidence).toContain('ENOTFOUND');
  });
});
