/** Dollars for people: four decimals, or two significant digits when smaller than that (kept zod-free for start-up). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd >= 0.0001 ? `$${usd.toFixed(4)}` : `$${Number(usd.toPrecision(2))}`;
}
