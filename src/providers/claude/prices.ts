import { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** USD per million tokens; `long` applies to the whole request when its prompt exceeds `long.above` tokens. */
export interface Price {
  input: number;
  output: number;
  long?: { above: number; input: number; output: number };
}

export type PriceTable = Record<string, Price>;

/** List prices, November 2026 (platform.claude.com models overview); CLOUDSENTRY_PRICES overrides them. */
export const DEFAULT_PRICES: PriceTable = {
  'claude-haiku-5-5': { input: 0.1, output: 0.5, long: { above: 100_000, input: 0.5, output: 2.5 } },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-5-5': { input: 2, output: 10 },
  'claude-sonnet-5': { input: 2, output: 10 },
  'claude-opus-5-5': { input: 4, output: 20 },
  'claude-opus-5': { input: 5, output: 25 },
  'claude-fable-5-2': { input: 8, output: 40 },
  'claude-fable-5-1': { input: 10, output: 50 },
  'claude-fable-5': { input: 10, output: 50 },
  'claude-mythos-5': { input: 10, output: 50 },
};

const priceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  long: z.object({ above: z.number().positive(), input: z.number().nonnegative(), output: z.number().nonnegative() }).optional(),
});

/** The built-in table with the user's CLOUDSENTRY_PRICES JSON (`{"model": {"input": 1, "output": 5}}`) laid over it. */
export function priceTable(override: string | undefined): PriceTable {
  if (override === undefined) return DEFAULT_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(override);
  } catch (error) {
    throw new ConfigError('CLOUDSENTRY_PRICES is not valid JSON; expected {"<model>": {"input": <usd/Mtok>, "output": <usd/Mtok>}}', { cause: error });
  }
  const parsed = z.record(z.string(), priceSchema).safeParse(json);
  if (!parsed.success) {
    throw new ConfigError('CLOUDSENTRY_PRICES must map model ids to {"input": <usd/Mtok>, "output": <usd/Mtok>}', { cause: parsed.error });
  }
  return { ...DEFAULT_PRICES, ...parsed.data };
}

/** The price of a model; dated ids (`claude-haiku-4-5-20251001`) fall back to their alias. */
export function priceFor(table: PriceTable, model: string): Price | undefined {
  return table[model] ?? table[model.replace(/-\d{8}$/, '')];
}

/** Cost in USD of one request. */
export function costOf(price: Price, inputTokens: number, outputTokens: number): number {
  const rate = price.long && inputTokens > price.long.above ? price.long : price;
  return (inputTokens * rate.input + outputTokens * rate.output) / 1_000_000;
}
