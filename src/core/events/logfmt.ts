import type { Header } from './header.js';
import { levelFromName } from './levels.js';
import { SIGNAL_ERROR } from './signals.js';
import { parseTimeValue } from './timestamps.js';

const KEYS_THAT_START_LOGFMT = new Set(['time', 'ts', 't', 'timestamp', 'level', 'lvl', 'severity', 'msg', 'message']);

// Values that mean "no error" in err=/error= fields.
const NO_ERROR = new Set(['', '0', 'nil', '<nil>', 'null', 'none', 'false']);

/** True when the token at pos opens a logfmt record (time=…, level=…, msg=…). */
export function startsLogfmt(s: string, pos: number, tokenEnd: number): boolean {
  const eq = s.indexOf('=', pos);
  return eq > pos && eq < tokenEnd && KEYS_THAT_START_LOGFMT.has(s.slice(pos, eq));
}

/** Fills h from a logfmt record starting at pos (logrus, go-kit, slog text, Grafana). */
export function parseLogfmt(s: string, pos: number, h: Header): void {
  let msg = '';
  let err = '';
  let i = pos;
  const n = s.length;
  while (i < n) {
    while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
    const eq = s.indexOf('=', i);
    const space = s.indexOf(' ', i);
    if (eq < 0 || (space >= 0 && space < eq)) {
      // A bare word: not logfmt from here on.
      break;
    }
    const key = s.slice(i, eq);
    const [value, end] = readValue(s, eq + 1);
    i = end;
    switch (key) {
      case 'level':
      case 'lvl':
      case 'severity':
        h.level ??= levelFromName(value);
        break;
      case 'time':
      case 'ts':
      case 't':
      case 'timestamp':
        h.timestamp ??= parseTimeValue(value);
        break;
      case 'msg':
      case 'message':
        msg ||= value;
        break;
      case 'err':
      case 'error':
        err ||= NO_ERROR.has(value.toLowerCase()) ? '' : value;
        break;
    }
  }
  h.message = msg ? (err ? `${msg}: ${err}` : msg) : s.slice(pos);
  if (h.level === undefined && err) h.signal = SIGNAL_ERROR;
}

/** A bare or double-quoted value at i, and the index after it. */
function readValue(s: string, i: number): [string, number] {
  if (s.charCodeAt(i) !== 34) {
    let end = s.indexOf(' ', i);
    if (end < 0) end = s.length;
    return [s.slice(i, end), end];
  }
  let out = '';
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 34) return [out, j + 1];
    if (c === 92 && j + 1 < s.length) {
      const next = s[j + 1];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      j += 2;
      continue;
    }
    out += s[j];
    j++;
  }
  return [out, j];
}
