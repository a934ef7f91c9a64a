import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import type { Category } from '../../../src/core/taxonomy.js';
import { CORPORA, loadCorpus } from './corpora.js';

describe.each(CORPORA)('knowledge base accuracy on $file', ({ file, min }) => {
  const samples = loadCorpus(file);

  it(`has at least ${min} samples`, () => {
    expect(samples.length).toBeGreaterThanOrEqual(min);
  });

  it('files at least 95 % of the samples under the right category', () => {
    const misses: string[] = [];
    samples.forEach((sample, i) => {
      const d = diagnoseOffline({ text: sample.text });
      if (d.category !== sample.category) {
        misses.push(`  #${i + 1} expected ${sample.category}, got ${d.category} (${d.title}) :: ${d.evidence}`);
      }
    });
    const accuracy = 1 - misses.length / samples.length;
    // Printed on purpose: the misses are the to-do list for the next entries.
    console.log(
      `knowledge ${file}: ${samples.length - misses.length}/${samples.length} = ${(accuracy * 100).toFixed(1)} %` +
        (misses.length > 0 ? `\nmisclassified:\n${misses.join('\n')}` : ''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the first corpus', () => {
  it('covers every category with at least 8 samples', () => {
    const perCategory = new Map<Category, number>();
    for (const s of loadCorpus('corpus.jsonl')) perCategory.set(s.category, (perCategory.get(s.category) ?? 0) + 1);
    for (const [category, n] of perCategory) {
      if (category !== 'unknown') expect(n, category).toBeGreaterThanOrEqual(8);
    }
  });
});
