import type { Header } from './header.js';
import { levelFromName } from './levels.js';
import { SIGNAL_ERROR } from './signals.js';
import { parseTimeValue } from './timestamps.js';

// "at" is the Heroku router's level key ("at=error code=H12 …").
const KEYS_THAT_START_LOGFMT = new Set(['time', 'ts', 't', 'timestamp', 'level', 'lvl', 'severity', 'msg', 'message', 'at']);

// Values that mean "no error" in err=/error= fields.
const NO_ERROR = new Set(['', '0', 'nil', '<nil>', 'null', 'none', 'false']);

const FIELD_OTHER = 0;
const FIELD_LEVEL = 1;
const FIELD_TIME = 2;
const FIELD_MESSAGE = 3;
const FIELD_ERROR = 4;

const FIELDS = new Map<string, number>([
  ['level', FIELD_LEVEL],
  ['lvl', FIELD_LEVEL],
  ['severity', FIELD_LEVEL],
  ['at', FIELD_LEVEL],
  ['time', FIELD_TIME],
  ['ts', FIELD_TIME],
  ['t', FIELD_TIME],
  ['timestamp', FIELD_TIME],
  ['msg', FIELD_MESSAGE],
  ['message', FIELD_MESSAGE],
  ['err', FIELD_ERROR],
  ['error', FIELD_ERROR],
]);

/** True when the token at pos opens a logfmt record (time=…, level=…, msg=…). */
export function startsLogfmt(s: string, pos: number, tokenEnd: number): boolean {
  let eq = pos;
  while (eq < tokenEnd && s.charCodeAt(eq) !== 61) eq++;
  return eq > pos && eq < tokenEnd && KEYS_THAT_START_LOGFMT.has(s.slice(pos, eq));
}

/** Fills h from a logfmt record starting at pos (logrus, go-kit, slog text, Grafana). */
export function parseLogfmt(s: string, pos: number, h: Header): void {
  let msg = '';
  let err = '';
  const n = s.length;
  let i = pos;
  while (i < n) {
    while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
    const keyStart = i;
    while (i < n && s.charCodeAt(i) !== 61 && s.charCodeAt(i) !== 32) i++;
    // A bare word: not logfmt from here on.
    if (s.charCodeAt(i) !== 61) break;
    const field = i - keyStart <= 9 ? (FIELDS.get(s.slice(keyStart, i)) ?? FIELD_OTHER) : FIELD_OTHER;
    const valueStart = i + 1;
    const valueEnd = valueEndAt(s, valueStart);
    i = valueEnd + (s.charCodeAt(valueStart) === 34 && valueEnd < n ? 1 : 0);
    if (field === FIELD_OTHER) continue;
    const value = valueAt(s, valueStart, valueEnd);
    if (field === FIELD_LEVEL) h.level ??= levelFromName(value);
    else if (field === FIELD_TIME) h.timestamp ??= parseTimeValue(value);
    else if (field === FIELD_MESSAGE) msg ||= value;
    else err ||= NO_ERROR.has(value.toLowerCase()) ? '' : value;
  }
  h.message = msg ? (err ? `${msg}: ${err}` : msg) : s.slice(pos);
  if (h.level === undefined && err) h.signal = SIGNAL_ERROR;
}

/** End of the value at i: the closing quote of a quoted value, else the next space. */
function valueEndAt(s: string, i: number): number {
  if (s.charCodeAt(i) !== 34) {
    const space = s.indexOf(' ', i);
    return space < 0 ? s.length : space;
  }
  let quote = s.indexOf('"', i + 1);
  while (quote > 0 && isEscaped(s, quote)) quote = s.indexOf('"', quote + 1);
  return quote < 0 ? s.length : quote;
}

function isEscaped(s: string, i: number): boolean {
  let backslashes = 0;
  while (s.charCodeAt(i - 1 - backslashes) === 92) backslashes++;
  return backslashes % 2 === 1;
}

/** The value between start and end, unquoted and unescaped. */
function valueAt(s: string, start: number, end: number): string {
  if (s.charCodeAt(start) !== 34) return s.slice(start, end);
  const raw = s.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}
