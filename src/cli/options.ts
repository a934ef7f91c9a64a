import { InvalidArgumentError } from 'commander';

/** Commander parser for a non-negative number flag. */
export function parseNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a non-negative number');
  return n;
}
