import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStringTap } from '../../../src/providers/claude/stream-tap.js';

function tapAll(pieces: string[]): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  let current: string[] = [];
  const tap = new JsonStringTap(new Set(['title', 'rootCause']), {
    start(field) {
      current = (seen[field] ??= []);
      current.push('');
    },
    text(_field, text) {
      current[current.length - 1] += text;
    },
  });
  for (const piece of pieces) tap.push(piece);
  return seen;
}

describe('JsonStringTap', () => {
  const answer = {
    diagnoses: [
      { id: 'i1', title: 'Pool "main" exhausted', rootCause: 'Line one\nline two \\ done é', remediation: ['title: no'] },
      { id: 'i2', title: 'Second', rootCause: 'Because \u2603', nested: { title: 'inner' } },
    ],
  };
  const json = JSON.stringify(answer);

  it('surfaces the chosen string fields, decoded, in order', () => {
    expect(tapAll([json])).toEqual({
      title: ['Pool "main" exhausted', 'Second', 'inner'],
      rootCause: ['Line one\nline two \\ done é', 'Because ☃'],
    });
  });

  it('gives the same result however the JSON is split into deltas', () => {
    const whole = tapAll([json]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: json.length }), { maxLength: 30 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const pieces: string[] = [];
        let last = 0;
        for (const p of points) {
          pieces.push(json.slice(last, p));
          last = p;
        }
        pieces.push(json.slice(last));
        expect(tapAll(pieces)).toEqual(whole);
      }),
    );
  });

  it('handles \\u escapes split across deltas', () => {
    expect(tapAll(['{"title":"a\\u26', '03b"}'])).toEqual({ title: ['a☃b'] });
  });
});
