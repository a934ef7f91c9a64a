import type { Level } from '../events.js';

const RANK: Record<Level, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

const WORDS: ReadonlyArray<readonly [Level, readonly string[]]> = [
  ['trace', ['trace', 'trc', 'trce', 'finest', 'finer', 'verbose']],
  ['debug', ['debug', 'dbg', 'dbug', 'fine']],
  ['info', ['info', 'inf', 'notice']],
  ['warn', ['warn', 'warning', 'wrn']],
  // "fail" and "crit" are .NET's console-logger spellings.
  ['error', ['error', 'err', 'eror', 'fail', 'severe']],
  ['fatal', ['fatal', 'ftl', 'critical', 'crit', 'emerg', 'emergency', 'alert', 'panic']],
];

// Candidates keyed by lowercased first letter and length, so the header scan can match without slicing.
const BY_SHAPE = new Map<number, Array<readonly [string, Level]>>();
for (const [level, words] of WORDS) {
  for (const word of words) {
    const key = shapeKey(word.charCodeAt(0), word.length);
    const list = BY_SHAPE.get(key) ?? [];
    list.push([word, level]);
    BY_SHAPE.set(key, list);
  }
}

function shapeKey(firstCode: number, length: number): number {
  return ((firstCode | 32) << 4) | length;
}

/** Level named by s[from, to) in any letter case, without allocating; undefined when it is not a level. */
export function levelAt(s: string, from: number, to: number): Level | undefined {
  const length = to - from;
  if (length < 3 || length > 9) return undefined;
  const candidates = BY_SHAPE.get(shapeKey(s.charCodeAt(from), length));
  if (candidates === undefined) return undefined;
  for (const [word, level] of candidates) if (sameLetters(s, from, word)) return level;
  return undefined;
}

/** ASCII case-insensitive comparison of s at from with a lowercase word. */
function sameLetters(s: string, from: number, word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    if ((s.charCodeAt(from + i) | 32) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Level named by a structured field's value ("ERROR", "Warning", "crit"); undefined otherwise. */
export function levelFromName(name: string): Level | undefined {
  return levelAt(name, 0, name.length);
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
