/** Where a timestamp parser writes its result (epoch ms), so the hot path allocates nothing. */
export interface TimeOut {
  timestamp: number | undefined;
}

// Keyed by the three char codes so a lookup needs no substring.
const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [
    monthKey(name, 0),
    i + 1,
  ]),
);

function monthKey(s: string, i: number): number {
  return (s.charCodeAt(i) << 16) | (s.charCodeAt(i + 1) << 8) | s.charCodeAt(i + 2);
}

const DAY_MS = 86_400_000;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Value of the n digits at i, or -1 when any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let value = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(s, i + k);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Epoch ms of a UTC wall-clock time, or NaN when a field is out of range. */
export function utcMs(year: number, month: number, day: number, h: number, m: number, sec: number, ms: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS + ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** Month number of the three-letter English abbreviation at i, or 0. */
export function monthAt(s: string, i: number): number {
  return MONTHS.get(monthKey(s, i)) ?? 0;
}

/** End of a bare time of day (HH:MM:SS[.fraction]) at i, or -1; such headers carry no date. */
export function timeOfDayEnd(s: string, i: number): number {
  return s.charCodeAt(i + 2) === 58 ? timeOfDayAt(s, i, scratch) : -1;
}

/** Parses HH:MM:SS[.,fraction] at i into ms of the day; returns the end index or -1. */
function timeOfDayAt(s: string, i: number, out: { ms: number }): number {
  const h = digits(s, i, 2);
  const m = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (h < 0 || m < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return -1;
  if (h > 23 || m > 59 || sec > 60) return -1;
  let end = i + 8;
  let frac = 0;
  const sep = s.charCodeAt(end);
  if ((sep === 46 || sep === 44) && digit(s, end + 1) >= 0) {
    end++;
    let scale = 100;
    for (let d = digit(s, end); d >= 0; d = digit(s, end)) {
      frac += d * scale;
      scale /= 10;
      end++;
    }
    frac = Math.floor(frac);
  }
  out.ms = ((h * 60 + m) * 60 + sec) * 1000 + frac;
  return end;
}

/** Parses a zone (Z, ±HH:MM, ±HHMM, ±HH, " UTC", " GMT") at i into offset minutes; returns the end index. */
function zoneAt(s: string, i: number, out: { offset: number }): number {
  const c = s.charCodeAt(i);
  out.offset = 0;
  if (c === 90) return i + 1; // Z
  if (c === 43 || c === 45) {
    const sign = c === 43 ? 1 : -1;
    const hh = digits(s, i + 1, 2);
    if (hh < 0) return i;
    if (s.charCodeAt(i + 3) === 58) {
      const mm = digits(s, i + 4, 2);
      if (mm < 0) return i;
      out.offset = sign * (hh * 60 + mm);
      return i + 6;
    }
    const mm = digits(s, i + 3, 2);
    out.offset = sign * (hh * 60 + (mm < 0 ? 0 : mm));
    return mm < 0 ? i + 3 : i + 5;
  }
  if (c === 32 && (s.startsWith('UTC', i + 1) || s.startsWith('GMT', i + 1))) {
    const after = s.charCodeAt(i + 4);
    if (Number.isNaN(after) || after === 32 || after === 9 || after === 93) return i + 4;
  }
  return i;
}

const scratch = { ms: 0, offset: 0 };

/** "+0100" or "-05:00" (not "- name", which Python's format puts there). */
function isNumericZone(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c === 43 || c === 45) && digits(s, i + 1, 2) >= 0 && (digits(s, i + 3, 2) >= 0 || digits(s, i + 4, 2) >= 0);
}

/**
 * Parses an ISO 8601-like timestamp at pos: 2024-01-02T03:04:05.123Z, "2024-01-02 03:04:05,123",
 * 2024/01/02 03:04:05 (nginx, Go), with an optional zone. No zone means UTC.
 * Returns the end index and sets out.timestamp, or returns -1.
 */
export function parseIsoAt(s: string, pos: number, out: TimeOut): number {
  const sep = s.charCodeAt(pos + 4);
  if ((sep !== 45 && sep !== 47) || s.charCodeAt(pos + 7) !== sep) return -1;
  const year = digits(s, pos, 4);
  const month = digits(s, pos + 5, 2);
  const day = digits(s, pos + 8, 2);
  if (year < 0 || month < 0 || day < 0) return -1;
  const t = s.charCodeAt(pos + 10);
  if (t !== 84 && t !== 32) return -1;
  let end = timeOfDayAt(s, pos + 11, scratch);
  if (end < 0) return -1;
  const ms = scratch.ms;
  end = zoneAt(s, end, scratch);
  if (scratch.offset === 0 && s.charCodeAt(end) === 32 && isNumericZone(s, end + 1)) end = zoneAt(s, end + 1, scratch);
  return setTimestamp(out, utcMs(year, month, day, 0, 0, 0, ms) - scratch.offset * 60_000, end);
}

/** Stores a parsed time and returns end, or returns -1 for an impossible date (NaN). */
function setTimestamp(out: TimeOut, value: number, end: number): number {
  if (Number.isNaN(value)) return -1;
  out.timestamp = value;
  return end;
}

/** Parses a common-log-format time at pos: 02/Jan/2024:03:04:05 +0000. Returns the end index or -1. */
export function parseClfAt(s: string, pos: number, out: TimeOut): number {
  const day = digits(s, pos, 2);
  const month = monthAt(s, pos + 3);
  const year = digits(s, pos + 7, 4);
  if (day < 0 || month === 0 || year < 0 || s.charCodeAt(pos + 2) !== 47 || s.charCodeAt(pos + 11) !== 58) return -1;
  let end = timeOfDayAt(s, pos + 12, scratch);
  if (end < 0) return -1;
  const ms = scratch.ms;
  if (s.charCodeAt(end) === 32) end = zoneAt(s, end + 1, scratch);
  else scratch.offset = 0;
  return setTimestamp(out, utcMs(year, month, day, 0, 0, 0, ms) - scratch.offset * 60_000, end);
}

/**
 * Parses a syslog time at pos ("Jan  2 03:04:05", "Jan 12 03:04:05"). Syslog carries no year, so the
 * caller passes one; without it the time is recognised (end index returned) but out.timestamp is unset.
 */
export function parseSyslogAt(s: string, pos: number, year: number | undefined, out: TimeOut): number {
  const month = monthAt(s, pos);
  if (month === 0 || s.charCodeAt(pos + 3) !== 32) return -1;
  let i = pos + 4;
  if (s.charCodeAt(i) === 32) i++;
  let day = digit(s, i);
  if (day < 0) return -1;
  i++;
  const d2 = digit(s, i);
  if (d2 >= 0) {
    day = day * 10 + d2;
    i++;
  }
  if (s.charCodeAt(i) !== 32) return -1;
  const end = timeOfDayAt(s, i + 1, scratch);
  if (end < 0) return -1;
  return year === undefined ? end : setTimestamp(out, utcMs(year, month, day, 0, 0, 0, scratch.ms), end);
}

/** Parses a ctime-style time at pos (Apache error log): "Tue Jan 02 03:04:05.123456 2024". */
export function parseCtimeAt(s: string, pos: number, out: TimeOut): number {
  if (s.charCodeAt(pos + 3) !== 32) return -1;
  const month = monthAt(s, pos + 4);
  const day = digits(s, pos + 8, 2);
  if (month === 0 || day < 0 || s.charCodeAt(pos + 10) !== 32) return -1;
  const end = timeOfDayAt(s, pos + 11, scratch);
  if (end < 0 || s.charCodeAt(end) !== 32) return -1;
  const year = digits(s, end + 1, 4);
  if (year < 0) return -1;
  return setTimestamp(out, utcMs(year, month, day, 0, 0, 0, scratch.ms), end + 5);
}

/** Parses glog's "mmdd HH:MM:SS.ffffff" at pos (after the level letter); needs the year from the caller. */
export function parseGlogAt(s: string, pos: number, year: number | undefined, out: TimeOut): number {
  const month = digits(s, pos, 2);
  const day = digits(s, pos + 2, 2);
  if (month < 0 || day < 0 || s.charCodeAt(pos + 4) !== 32) return -1;
  const end = timeOfDayAt(s, pos + 5, scratch);
  if (end < 0) return -1;
  return year === undefined ? end : setTimestamp(out, utcMs(year, month, day, 0, 0, 0, scratch.ms), end);
}

/** Epoch ms of a numeric epoch in seconds, ms, µs or ns (chosen by magnitude). */
export function epochToMs(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1e3);
  return Math.round(value / 1e6);
}

/** Epoch ms of a structured field's time: ISO string, numeric string or epoch number. */
export function parseTimeValue(value: unknown): number | undefined {
  if (typeof value === 'number') return epochToMs(value);
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const out: TimeOut = { timestamp: undefined };
  if (parseIsoAt(value, 0, out) > 0) return out.timestamp;
  const c = value.charCodeAt(0);
  if (c >= 48 && c <= 57 && /^\d+(?:\.\d+)?$/.test(value)) return epochToMs(Number(value));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
