import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { costOf, DEFAULT_PRICES, priceFor, priceTable } from '../../../src/providers/claude/prices.js';
import { formatUsd } from '../../../src/providers/money.js';

describe('prices', () => {
  it('knows the default model and switches to long-context prices above 100k prompt tokens', () => {
    const haiku = priceFor(DEFAULT_PRICES, 'claude-haiku-5-5')!;
    expect(costOf(haiku, 100_000, 1_000_000)).toBeCloseTo(0.51);
    expect(costOf(haiku, 200_000, 0)).toBeCloseTo(0.1);
  });

  it('maps dated ids to their alias', () => {
    expect(priceFor(DEFAULT_PRICES, 'claude-haiku-4-5-20251001')).toEqual({ input: 1, output: 5 });
  });

  it('lets CLOUDSENTRY_PRICES override and extend the table', () => {
    const table = priceTable('{"claude-haiku-5-5": {"input": 1, "output": 2}, "my-proxy-model": {"input": 3, "output": 4}}');
    expect(table['claude-haiku-5-5']).toEqual({ input: 1, output: 2 });
    expect(table['my-proxy-model']).toEqual({ input: 3, output: 4 });
    expect(table['claude-opus-5']).toEqual(DEFAULT_PRICES['claude-opus-5']);
  });

  it.each(['not json', '{"m": {"input": "cheap"}}', '{"m": {"input": -1, "output": 1}}'])('rejects %s with a ConfigError', (value) => {
    expect(() => priceTable(value)).toThrow(ConfigError);
  });

  it('formats tiny amounts with significant digits', () => {
    expect([0, 0.0123456, 0.0001, 0.00004321, 0.000001].map(formatUsd)).toEqual(['$0', '$0.0123', '$0.0001', '$0.000043', '$0.000001']);
  });
});
