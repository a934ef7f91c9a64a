import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
it('ev', () => {
  const s = readFileSync('test/fixtures/knowledge/corpus.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; category: string });
  console.log(s.map((x) => { const d = diagnoseOffline({ text: x.text }); return `${d.confidence.toFixed(2)} ${d.category.padEnd(20)} ${d.evidence.slice(0, 110)}`; }).join('\n'));
});
