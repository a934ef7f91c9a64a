import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
it('blind', () => {
  const s = readFileSync('/tmp/ks/blind2.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; category: string });
  const miss = s.map((x) => ({ x, d: diagnoseOffline({ text: x.text }) })).filter(({ x, d }) => d.category !== x.category);
  console.log(`${s.length - miss.length}/${s.length}\n` + miss.map(({ x, d }) => `exp ${x.category} got ${d.category} [${d.title}] :: ${d.evidence}`).join('\n'));
});
