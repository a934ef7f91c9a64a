import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../../../src/core/knowledge/index.js';
import { requiredLiterals } from '../../../src/core/knowledge/literal.js';
import { allSamples } from './corpora.js';

describe('requiredLiterals', () => {
  it.each([
    [/connection refused/i, 'connection refused'],
    [/\bECONNREFUSED\b/, 'ECONNREFUSED'],
    [/Task timed out after \d+(?:\.\d+)? seconds/, 'Task timed out after '],
    [/java\.lang\.OutOfMemoryError/, 'java.lang.OutOfMemoryError'],
    [/colou?r scheme/, 'r scheme'],
    [/a{0,3}bcdef/, 'bcdef'],
    [/abcx+yz/, 'abcx'],
    [/\x41BCD/, 'BCD'],
  ])('%s needs %j', (re, literal) => {
    expect(requiredLiterals(re)).toEqual([literal]);
  });

  it('needs one literal per top-level alternative, lower-cased when the regex ignores case', () => {
    expect(requiredLiterals(/Foo bar|baz\.qux/i)).toEqual(['foo bar', 'baz.qux']);
    expect(requiredLiterals(/(a|b)cde|fgh/)).toEqual(['cde', 'fgh']);
  });

  it.each([/foo|ba/, /(?:foo|bar)/, /[abc]+/, /ab/, /\d+\.\d+/])('%s has no required literal', (re) => {
    expect(requiredLiterals(re)).toBeUndefined();
  });
});

// Soundness: the prefilter may only skip a regex on a text it cannot match.
describe('required literals of the knowledge base are sound', () => {
  const samples = allSamples().map((sample) => sample.text);
  const regexes = ENTRIES.flatMap((entry) => [...entry.match, ...(entry.requires ?? []), ...(entry.unless ?? [])]).filter(
    (p): p is RegExp => p instanceof RegExp,
  );

  it('covers the corpora', () => {
    expect(samples.length).toBeGreaterThan(500);
    expect(regexes.length).toBeGreaterThan(100);
  });

  it('never rejects a sample that the regex matches', () => {
    const unsound: string[] = [];
    for (const re of regexes) {
      const literals = requiredLiterals(re);
      if (literals === undefined) continue;
      const probe = new RegExp(re.source, re.flags.replace('g', ''));
      for (const text of samples) {
        const haystack = re.flags.includes('i') ? text.toLowerCase() : text;
        if (probe.test(text) && !literals.some((l) => haystack.includes(l))) unsound.push(`${re} needs ${JSON.stringify(literals)}`);
      }
    }
    expect(unsound).toEqual([]);
  });
});
