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

/** Level of a syslog `<PRI>`: severity is PRI mod 8 (0 emerg … 7 debug). */
export function levelFromSyslogPriority(priority: number): Level {
  const severity = priority % 8;
  if (severity <= 2) return 'fatal';
  if (severity === 3) return 'error';
  if (severity === 4) return 'warn';
  return severity === 7 ? 'debug' : 'info';
}

const SYSLOG_FACILITY = /^(?:kern|user|mail|daemon|auth|authpriv|syslog|lpr|news|uucp|cron|ftp|local[0-7])\.([a-z]+)$/;
const HEADER_SCAN_TOKENS = 10;
const HEADER_SCAN_CHARS = 240;
const OPENERS = '[(<{"\'';
const CLOSERS = '])>}"\',;:|';

/**
 * A level word anywhere among a line's first tokens, for headers the position-based parser did not
 * follow: BGL's "… RAS KERNEL FATAL …", a Go service's "svc 2024/01/02 10:00:00 ERROR …",
 * "proxy.go:44: error : …", "[proxy:error]", logcat's single letters, syslog facilities ("daemon.err").
 * Upper-case words and delimited words ("[warn]", "error:", "error :") count anywhere in the scan;
 * a capitalised word ("Info") only after header-like tokens that carry digits (a timestamp, a pid).
 */
export function levelInHeader(line: string): Level | undefined {
  const head = line.length > HEADER_SCAN_CHARS ? line.slice(0, HEADER_SCAN_CHARS) : line;
  // "][" splits Elasticsearch's "[2026-…][WARN ][logger]" into its fields.
  const tokens = head.split(/[ \t]+|\]\[/, HEADER_SCAN_TOKENS + 1);
  let allHeaderLike = true;
  for (let i = 0; i < Math.min(tokens.length, HEADER_SCAN_TOKENS); i++) {
    const token = tokens[i]!;
    const level = tokenLevel(token, tokens[i + 1], allHeaderLike && i > 0, tokens[i - 1]);
    if (level !== undefined) return level;
    if (!/\d/.test(token)) allHeaderLike = false;
  }
  return undefined;
}

function tokenLevel(token: string, next: string | undefined, afterHeader: boolean, previous: string | undefined): Level | undefined {
  let from = 0;
  let to = token.length;
  while (from < to && OPENERS.includes(token[from]!)) from++;
  while (to > from && CLOSERS.includes(token[to - 1]!)) to--;
  const delimited = from > 0 || to < token.length || next === ':' || next === '-' || next === '|';
  let core = token.slice(from, to);
  // "[proxy:error]", "[core:warn]": Apache 2.4 puts module:level in one bracket.
  const colon = core.lastIndexOf(':');
  if (colon > 0 && from > 0) core = core.slice(colon + 1);
  const facility = SYSLOG_FACILITY.exec(core);
  if (facility) return levelFromName(facility[1]!);
  if (core.length === 1) return logcatLevel(core, next, previous);
  const level = levelFromName(core);
  if (level === undefined) return undefined;
  if (delimited && !core.startsWith('Error') && !core.startsWith('panic')) return level;
  if (core.length >= 3 && core === core.toUpperCase()) return level;
  return afterHeader && core.charCodeAt(0) <= 90 ? level : undefined;
}

/** Android logcat's threadtime format: "<date> <time> <pid> <tid> E Tag: msg". */
function logcatLevel(letter: string, next: string | undefined, previous: string | undefined): Level | undefined {
  if (previous === undefined || !/^\d+$/.test(previous) || next === undefined || !next.endsWith(':')) return undefined;
  switch (letter) {
    case 'V':
      return 'trace';
    case 'D':
      return 'debug';
    case 'I':
      return 'info';
    case 'W':
      return 'warn';
    case 'E':
      return 'error';
    case 'F':
    case 'A':
      return 'fatal';
    default:
      return undefined;
  }
}
