import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import type { Category } from '../../../src/core/taxonomy.js';

describe('knowledge base accuracy on the hold-out corpus', () => {
  it('files at least 95 % of hold-out samples under the right category', () => {
    const url = new URL('../../fixtures/knowledge/holdout.jsonl', import.meta.url);
    const samples = readFileSync(url, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { text: string; category: Category });
    const misses = samples
      .map((s) => ({ s, d: diagnoseOffline({ text: s.text }) }))
      .filter(({ s, d }) => d.category !== s.category)
      .map(({ s, d }) => `  expected ${s.category}, got ${d.category} (${d.title}) :: ${d.evidence}`);
    const accuracy = 1 - misses.length / samples.length;
    console.log(
      `knowledge hold-out: ${samples.length - misses.length}/${samples.length} = ${(accuracy * 100).toFixed(1)} %` +
        (misses.length > 0 ? `\nmisclassified:\n${misses.join('\n')}` : ''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
