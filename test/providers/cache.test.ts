import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/core/diagnosis.js';
import { CACHE_TTL_MS, createCachedProvider, createFileCacheStore } from '../../src/providers/cache.js';
import type { DiagnosisRequest, Provider } from '../../src/providers/provider.js';
import { request, requests } from './helpers.js';

/** Counts what reaches the wrapped provider; answers as Claude unless told to fail over. */
function countingProvider(engine: 'claude' | 'rules' = 'claude') {
  const seen: DiagnosisRequest[][] = [];
  const provider: Provider = {
    name: 'claude',
    async diagnose(batch) {
      seen.push(batch);
      return batch.map((r): Diagnosis => ({ ...r.offline, title: `answer for ${r.incident.fingerprint}`, engine }));
    },
    report: () => ({ usage: { model: 'm', inputTokens: 10, outputTokens: 5, costUsd: 0.001, requests: seen.length, cached: 0 } }),
  };
  return { provider, seen };
}

function setup(options: { now?: () => number; engine?: 'claude' | 'rules'; model?: string; dir?: string } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'cloudsentry-cache-'));
  const inner = countingProvider(options.engine);
  const cached = createCachedProvider(inner.provider, {
    store: createFileCacheStore(dir),
    model: options.model ?? 'claude-haiku-5-5',
    promptVersion: 'p1',
    now: options.now ?? (() => 1_000_000),
    warn: () => {},
  });
  return { dir, cached, seen: inner.seen };
}

describe('cache wrapper', () => {
  it('answers a repeat from disk without calling the provider', async () => {
    const { dir, cached, seen } = setup();
    const first = await cached.diagnose(requests(3));
    const again = setup({ dir });
    const second = await again.cached.diagnose(requests(3));
    expect(seen).toHaveLength(1);
    expect(again.seen).toHaveLength(0);
    expect(second).toEqual(first);
    expect(again.cached.report!().usage.cached).toBe(3);
    const files = readdirSync(join(dir, 'diagnoses'));
    expect(files).toHaveLength(3);
    expect(statSync(join(dir, 'diagnoses', files[0]!)).mode & 0o777).toBe(0o600);
  });

  it('sends only the misses', async () => {
    const { dir, cached } = setup();
    await cached.diagnose(requests(2));
    const again = setup({ dir });
    const result = await again.cached.diagnose(requests(4));
    expect(again.seen).toHaveLength(1);
    expect(again.seen[0]!.map((r) => r.incident.fingerprint)).toEqual(['fp3', 'fp4']);
    expect(result.map((d) => d.title)).toEqual(['answer for fp1', 'answer for fp2', 'answer for fp3', 'answer for fp4']);
  });

  it('hits for the same error with new timestamps and ids, misses for another stack trace', async () => {
    const { dir, cached } = setup();
    await cached.diagnose([request(1, { sample: '2026-11-25T10:00:00Z ERROR job 1234 failed\n  at a.b(C.java:1)' })]);
    const again = setup({ dir });
    await again.cached.diagnose([request(1, { sample: '2026-11-26T11:22:33Z ERROR job 9876 failed\n  at a.b(C.java:1)' })]);
    expect(again.seen).toHaveLength(0);
    await again.cached.diagnose([request(1, { sample: '2026-11-26T11:22:33Z ERROR job 9876 failed\n  at other.Thing(D.java:1)' })]);
    expect(again.seen).toHaveLength(1);
  });

  it('expires entries after the TTL', async () => {
    const { dir, cached } = setup({ now: () => 0 });
    await cached.diagnose(requests(1));
    const fresh = setup({ dir, now: () => CACHE_TTL_MS - 1 });
    await fresh.cached.diagnose(requests(1));
    expect(fresh.seen).toHaveLength(0);
    const stale = setup({ dir, now: () => CACHE_TTL_MS + 1 });
    await stale.cached.diagnose(requests(1));
    expect(stale.seen).toHaveLength(1);
  });

  it('is keyed by model', async () => {
    const { dir, cached } = setup();
    await cached.diagnose(requests(1));
    const other = setup({ dir, model: 'claude-sonnet-5-5' });
    await other.cached.diagnose(requests(1));
    expect(other.seen).toHaveLength(1);
  });

  it('never stores offline fallbacks, so the next run asks again', async () => {
    const { dir, cached } = setup({ engine: 'rules' });
    await cached.diagnose(requests(1));
    const again = setup({ dir });
    await again.cached.diagnose(requests(1));
    expect(again.seen).toHaveLength(1);
  });

  it('treats a corrupt entry as a miss', async () => {
    const { dir, cached } = setup();
    await cached.diagnose(requests(1));
    const [file] = readdirSync(join(dir, 'diagnoses'));
    writeFileSync(join(dir, 'diagnoses', file!), '{"storedAt": 1, "diagnosis": {"category": "pwned"}}');
    const again = setup({ dir });
    await again.cached.diagnose(requests(1));
    expect(again.seen).toHaveLength(1);
    expect(readFileSync(join(dir, 'diagnoses', file!), 'utf8')).toContain('answer for fp1');
  });

  it('keeps working when the cache directory cannot be written', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'cloudsentry-cache-')), 'file');
    writeFileSync(blocker, '');
    const warnings: string[] = [];
    const inner = countingProvider();
    const cached = createCachedProvider(inner.provider, { store: createFileCacheStore(blocker), model: 'm', promptVersion: 'p1', now: () => 0, warn: (m) => warnings.push(m) });
    const result = await cached.diagnose(requests(2));
    expect(result).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write the diagnosis cache/);
  });
});
