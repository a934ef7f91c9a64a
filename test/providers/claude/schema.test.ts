import { describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../../src/core/taxonomy.js';
import { ANSWER_JSON_SCHEMA, parseAnswer } from '../../../src/providers/claude/schema.js';
import { validItem } from '../../fakes/anthropic-server.js';

describe('parseAnswer', () => {
  it('accepts valid items, as JSON text or as tool input, and marks them as Claude', () => {
    const input = { diagnoses: [validItem('i1'), validItem('i2')] };
    for (const raw of [input, JSON.stringify(input)]) {
      const { valid, problems } = parseAnswer(raw, ['i1', 'i2']);
      expect(problems).toEqual([]);
      expect(valid.get('i1')).toMatchObject({ category: 'database.connection', engine: 'claude' });
    }
  });

  it.each([
    ['a category outside the taxonomy', { category: 'pwned' }, /category/],
    ['one remediation step', { remediation: ['just one'] }, /remediation/],
    ['six remediation steps', { remediation: ['1', '2', '3', '4', '5', '6'] }, /remediation/],
    ['confidence above 1', { confidence: 7 }, /confidence/],
    ['an empty title', { title: '   ' }, /title/],
    ['an unknown severity', { severity: 'apocalyptic' }, /severity/],
  ])('rejects %s', (_name, overrides, problem) => {
    const { valid, problems } = parseAnswer({ diagnoses: [validItem('i1', overrides)] }, ['i1']);
    expect(valid.size).toBe(0);
    expect(problems.join()).toMatch(problem);
  });

  it('reports missing ids and ignores ids that were not asked about', () => {
    const { valid, problems } = parseAnswer({ diagnoses: [validItem('i1'), validItem('i9')] }, ['i1', 'i2']);
    expect([...valid.keys()]).toEqual(['i1']);
    expect(problems).toEqual(['i2: missing']);
  });

  it('rejects prose, YAML and wrong top-level shapes', () => {
    for (const raw of ['category: pwned', undefined, { diagnosis: [] }, [validItem('i1')]]) {
      expect(parseAnswer(raw, ['i1']).valid.size).toBe(0);
    }
  });

  it('offers the model exactly the taxonomy ids', () => {
    expect(ANSWER_JSON_SCHEMA.properties.diagnoses.items.properties.category.enum).toEqual(CATEGORY_IDS);
  });
});
