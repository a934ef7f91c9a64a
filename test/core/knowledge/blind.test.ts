import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import { isCategory, type Category } from '../../../src/core/taxonomy.js';

interface Sample {
  text: string;
  category: Category;
}

/** A blind batch written before the rules were tuned against it (test/fixtures/knowledge/README.md). */
function load(name: string): Sample[] {
  const url = new URL(`../../fixtures/knowledge/${name}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const sample = JSON.parse(line) as Sample;
      if (!isCategory(sample.category)) throw new Error(`${name}:${i + 1}: bad category ${String(sample.category)}`);
      return sample;
    });
}

const BATCHES = [
  { file: 'blind.jsonl', min: 200 },
  { file: 'blind2.jsonl', min: 60 },
  { file: 'blind3.jsonl', min: 50 },
] as const;

describe.each(BATCHES)('knowledge base accuracy on the blind corpus $file', ({ file, min }) => {
  const samples = load(file);

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
