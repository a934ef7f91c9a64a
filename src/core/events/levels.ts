import type { Level } from '../events.js';

const RANK: Record<Level, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

const WORDS: ReadonlyArray<readonly [Level, readonly string[]]> = [
  ['trace', ['trace', 'trc', 'finest', 'finer', 'verbose']],
  ['debug', ['debug', 'dbg', 'dbug', 'fine']],
  ['info', ['info', 'inf', 'notice']],
  ['warn', ['warn', 'warning', 'wrn']],
  ['error', ['error', 'err', 'eror', 'severe']],
  ['fatal', ['fatal', 'ftl', 'critical', 'crit', 'emerg', 'emergency', 'alert', 'panic']],
];

// Exact-case lookups avoid a toLowerCase allocation on every candidate token.
const BY_WORD = new Map<string, Level>();
for (const [level, words] of WORDS) {
  for (const word of words) {
    BY_WORD.set(word, level);
    BY_WORD.set(word.toUpperCase(), level);
    BY_WORD.set(word[0]!.toUpperCase() + word.slice(1), level);
  }
}

/** Level named by a word in upper, lower or title case ("ERROR", "warning", "Crit"); undefined otherwise. */
export function levelFromWord(word: string): Level | undefined {
  if (word.length < 3 || word.length > 9) return undefined;
  return BY_WORD.get(word);
}

/** Like levelFromWord but in any case, for structured fields ("Warning", "eRRor"). */
export function levelFromName(name: string): Level | undefined {
  return levelFromWord(name) ?? levelFromWord(name.toLowerCase());
}

/** Level of a pino/bunyan numeric level (10 trace … 60 fatal). */
export function levelFromNumber(value: number): Level {
  if (value >= 60) return 'fatal';
  if (value >= 50) return 'error';
  if (value >= 40) return 'warn';
  if (value >= 30) return 'info';
  if (value >= 20) return 'debug';
  return 'trace';
}

/** True for error and fatal. */
export function isErrorLevel(level: Level | undefined): boolean {
  return level !== undefined && RANK[level] >= RANK.error;
}

/** Orders levels: trace 0 … fatal 5. */
export function levelRank(level: Level): number {
  return RANK[level];
}
