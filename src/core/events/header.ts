import type { Level } from '../events.js';
import { composeMessage, describeError } from './error-payload.js';
import { parseJsonLine } from './json-line.js';
import { levelAt, levelFromSyslogPriority, levelInHeader } from './levels.js';
import { parseLogfmt, startsLogfmt } from './logfmt.js';
import { errorSignal, failureSentence, SIGNAL_ERROR, SIGNAL_NONE, type Signal } from './signals.js';
import {
  parseClfAt,
  parseCtimeAt,
  parseGlogAt,
  parseIsoAt,
  parseSyslogAt,
  timeOfDayEnd,
  type TimeOut,
} from './timestamps.js';

/** What the first line of an event says about itself. */
export interface Header extends TimeOut {
  level: Level | undefined;
  timestamp: number | undefined;
  /** The line without its header (timestamp, level, pid, thread, logger). */
  message: string;
  /** Lines a structured record carries inline (a JSON stack), kept in the event text. */
  extra: string[] | undefined;
  signal: Signal;
  /** Why a line with no error level still counts as an error ("failure sentence …"); undefined otherwise. */
  reason?: string | undefined;
}

/** Parse options: syslog and glog timestamps carry no year. */
export interface HeaderOptions {
  year?: number | undefined;
}

const MAX_HEADER_TOKENS = 12;
const UPTIME = /^ *\d+\.\d+$/;
const MAX_BRACKET = 80;

/** Reads the header of one (ANSI-free, non-empty) line: JSON, logfmt, or text with timestamp/level prefixes. */
export function parseHeader(line: string, options: HeaderOptions = {}): Header {
  const h: Header = { level: undefined, timestamp: undefined, message: line, extra: undefined, signal: SIGNAL_NONE };
  const c0 = line.charCodeAt(0);
  if (c0 === 123 && parseJsonLine(line, h)) return h;
  if (c0 === 60) {
    const priority = syslogPriority(line, options);
    if (priority !== undefined) return priority;
  }
  let pos = 0;
  if (c0 >= 65 && c0 <= 90) pos = prefixWithoutYear(line, c0, options.year, h);
  if (pos >= 0) pos = headerTokens(line, pos, h);
  if (pos > 0) h.message = line.slice(pos);
  if (pos >= 0) {
    // The level may sit where the walk above did not reach (after a host, a program, an epoch…).
    h.level ??= levelInHeader(line);
    h.signal = errorSignal(h.message, h.level === undefined);
  }
  if (h.level === undefined && h.signal === SIGNAL_NONE) {
    h.reason = failureSentence(h.message);
    if (h.reason !== undefined) h.signal = SIGNAL_ERROR;
  }
  return h;
}

const SYSLOG_PRIORITY = /^<(\d{1,3})>(?:1 )?/;

/** A syslog line sent with its `<PRI>` (RFC 3164/5424): the rest is parsed as usual, PRI's severity is the fallback level. */
function syslogPriority(line: string, options: HeaderOptions): Header | undefined {
  const match = SYSLOG_PRIORITY.exec(line);
  if (match === null || match[0].length === line.length) return undefined;
  const h = parseHeader(line.slice(match[0].length), options);
  if (h.level === undefined) {
    h.level = levelFromSyslogPriority(Number(match[1]));
    h.signal = errorSignal(h.message, false);
    h.reason = undefined;
  }
  return h;
}

/**
 * Syslog ("Jan  2 03:04:05 host app[1]: …") and glog ("E0102 03:04:05.123456 1 file.go:10] …") prefixes.
 * Returns where the rest of the header starts, 0 when neither matched, -1 when h is complete.
 */
function prefixWithoutYear(s: string, c0: number, year: number | undefined, h: Header): number {
  // Ruby's Logger: "E, [2024-01-02T03:04:05.123456 #1234] ERROR -- : msg"; the bracket and level follow.
  if (s.charCodeAt(1) === 44 && s.charCodeAt(2) === 32 && s.charCodeAt(3) === 91) return 3;
  if (s.charCodeAt(3) === 32) {
    const end = parseSyslogAt(s, 0, year, h);
    if (end > 0) return skipSyslogHostAndTag(s, end);
  }
  if ((c0 === 73 || c0 === 87 || c0 === 69 || c0 === 70) && s.charCodeAt(5) === 32) {
    const end = parseGlogAt(s, 1, year, h);
    if (end > 0) {
      h.level = c0 === 73 ? 'info' : c0 === 87 ? 'warn' : c0 === 69 ? 'error' : 'fatal';
      const close = s.indexOf('] ', end);
      h.message = close > 0 && close - end < 200 ? s.slice(close + 2) : s.slice(end).trimStart();
      h.signal = errorSignal(h.message, false);
      return -1;
    }
  }
  return 0;
}

/** After a syslog time: the host name, then a "tag[pid]:" when present. */
function skipSyslogHostAndTag(s: string, pos: number): number {
  let i = pos + 1;
  const host = s.indexOf(' ', i);
  if (host < 0) return s.length;
  i = host + 1;
  const tagEnd = s.indexOf(' ', i);
  if (tagEnd > i && s.charCodeAt(tagEnd - 1) === 58) return tagEnd + 1;
  return i;
}

/**
 * Walks the header tokens from pos: timestamps, [bracketed] fields, level words, pids, request ids,
 * separators and a logger name. Returns where the message starts, or -1 when h is already complete.
 */
function headerTokens(s: string, pos: number, h: Header): number {
  const n = s.length;
  let inHeader = pos > 0;
  let afterBracket = false;
  let loggerSkipped = false;
  let messageStart = pos;
  for (let guard = 0; guard < MAX_HEADER_TOKENS; guard++) {
    let c = s.charCodeAt(pos);
    while (c === 32 || c === 9) c = s.charCodeAt(++pos);
    if (pos >= n) break;

    if (inHeader && isUuidToken(s, pos)) {
      pos = messageStart = pos + 36;
      continue;
    }

    if (c >= 48 && c <= 57) {
      if (h.timestamp === undefined) {
        const end = timestampAt(s, pos, messageStart === 0 && !inHeader, h);
        if (end > 0) {
          if (s.charCodeAt(end) === 9 && isLambdaRequestField(s, end + 1)) return lambdaTabFields(s, end + 1, h);
          pos = messageStart = end;
          inHeader = true;
          afterBracket = s.charCodeAt(end - 1) === 93;
          continue;
        }
      }
      if (!inHeader) break;
      const end = pidEnd(s, pos);
      if (end < 0) break;
      pos = messageStart = end;
      continue;
    }

    if (c === 91) {
      const close = indexIn(s, pos + 1, Math.min(n, pos + MAX_BRACKET), 93);
      if (close < 0) break;
      if (bracketField(s, pos + 1, close, h) || inHeader) {
        pos = messageStart = close + 1;
        if (s.charCodeAt(pos) === 58) pos = messageStart = pos + 1;
        inHeader = true;
        afterBracket = true;
        continue;
      }
      break;
    }

    if (inHeader && (c === 45 || c === 124 || c === 58)) {
      let end = pos + 1;
      while (s.charCodeAt(end) === c) end++;
      if (end < n && s.charCodeAt(end) !== 32 && s.charCodeAt(end) !== 9) break;
      pos = messageStart = end;
      continue;
    }

    let end = pos;
    while (end < n && s.charCodeAt(end) !== 32 && s.charCodeAt(end) !== 9) end++;

    if (h.level === undefined) {
      const levelEnd = levelTokenEnd(s, pos, end, c, inHeader, h);
      if (levelEnd > 0) {
        pos = messageStart = levelEnd;
        inHeader = true;
        afterBracket = false;
        continue;
      }
      if ((c === 116 || c === 108 || c === 109 || c === 115 || c === 97) && startsLogfmt(s, pos, end)) {
        parseLogfmt(s, pos, h);
        return -1;
      }
    }

    if (inHeader && isStreamOrTag(s, pos, end)) {
      pos = messageStart = s.charCodeAt(end - 1) === 58 ? end : end + 3;
      continue;
    }

    const messageAfterLogger = !loggerSkipped && inHeader ? afterLoggerSeparator(s, end) : 0;
    if (messageAfterLogger > 0) {
      if (h.level === undefined || afterBracket || indexIn(s, pos, end, 46) >= 0) {
        pos = messageStart = messageAfterLogger;
        loggerSkipped = true;
        inHeader = true;
        continue;
      }
    }
    break;
  }
  return skipSpace(s, messageStart);
}

function skipSpace(s: string, pos: number): number {
  let c = s.charCodeAt(pos);
  while (c === 32 || c === 9) c = s.charCodeAt(++pos);
  return pos;
}

/** A timestamp at pos: ISO-like, or (at line start) a common-log-format host line "1.2.3.4 - - [02/Jan/…]". */
function timestampAt(s: string, pos: number, lineStart: boolean, h: Header): number {
  const end = parseIsoAt(s, pos, h);
  if (end > 0 || !lineStart) return end;
  // log4j2's default "03:04:05.123 [main] ERROR …" starts with a time of day only.
  const timeEnd = timeOfDayEnd(s, pos);
  if (timeEnd > 0) return timeEnd;
  const open = indexIn(s, pos, Math.min(s.length, 64), 91);
  if (open < 1 || s.charCodeAt(open - 1) !== 32) return -1;
  const close = parseClfAt(s, open + 1, h);
  return close > 0 && s.charCodeAt(close) === 93 ? close + 1 : -1;
}

/** End of a pid-like token in a header: nginx "1234#1234:", Spring "1234 ---", MySQL "0 [ERROR]". -1 otherwise. */
function pidEnd(s: string, pos: number): number {
  let end = pos;
  let digitsOnly = true;
  for (let c = s.charCodeAt(end); end < s.length && c !== 32; c = s.charCodeAt(++end)) {
    if (c < 48 || c > 57) digitsOnly = false;
  }
  if (s.charCodeAt(end - 1) === 58 && indexIn(s, pos, end, 35) > pos) return end;
  if (s.startsWith(' --- ', end)) return end + 4;
  if (digitsOnly && s.charCodeAt(end + 1) === 91) return end;
  return -1;
}

/**
 * Reads a [bracketed] header field between from and close into h: a timestamp ([2024-01-02 03:04:05],
 * [02/Jan/2024:…], [Tue Jan 02 …]) or a level ([ERROR], [core:error]). False for other fields (thread, pid).
 */
function bracketField(s: string, from: number, close: number, h: Header): boolean {
  const c = s.charCodeAt(from);
  if (h.timestamp === undefined) {
    if (c >= 48 && c <= 57) {
      if (parseIsoAt(s, from, h) > 0 || parseClfAt(s, from, h) > 0) return true;
    } else if (c >= 65 && c <= 90 && s.charCodeAt(from + 3) === 32 && parseCtimeAt(s, from, h) > 0) {
      return true;
    }
  }
  // A time of day alone ("[11:10:02]", gulp and friends) is header but gives no date.
  if (c >= 48 && c <= 57 && s.charCodeAt(from + 2) === 58) return true;
  // The kernel's seconds since boot ("[  306.925807]" in dmesg and journald kernel lines).
  if ((c === 32 || (c >= 48 && c <= 57)) && UPTIME.test(s.slice(from, close))) return true;
  if (h.level !== undefined) return false;
  let wordStart = close;
  while (wordStart > from && s.charCodeAt(wordStart - 1) !== 58) wordStart--;
  const level = levelAt(s, wordStart, close);
  if (level === undefined) return false;
  h.level = level;
  return true;
}

/**
 * When the token between pos and end is a level ("ERROR", "error:", "[lowercase after a timestamp]",
 * Python's "ERROR:root:msg", Laravel's "production.ERROR:"), sets h.level and returns where the message
 * continues; otherwise 0.
 */
function levelTokenEnd(s: string, pos: number, end: number, c: number, inHeader: boolean, h: Header): number {
  const isUpper = c >= 65 && c <= 90;
  if (!isUpper && !(c >= 97 && c <= 122)) return 0;
  const colon = indexIn(s, pos, end, 58);
  const wordEnd = colon > pos ? colon : end;
  const hasColon = wordEnd < end;
  const dot = hasColon ? indexIn(s, pos, wordEnd, 46) : -1;
  const wordStart = dot > pos ? dot + 1 : pos;
  if (wordEnd - wordStart < 3 || wordEnd - wordStart > 9) return 0;
  const level = levelAt(s, wordStart, wordEnd);
  if (level === undefined) return 0;
  // "Error: boom" is a JavaScript exception and, at line start, "panic: …" a Go panic: not levels.
  if (s.startsWith('Error:', wordStart) || (!inHeader && s.startsWith('panic:', wordStart))) return 0;
  // A lowercase word at line start with no colon is prose ("error connecting to db"), not a level.
  if (!hasColon && !inHeader && !isUpper) return 0;
  if (!hasColon && !inHeader && s.charCodeAt(wordStart + 1) >= 97) return 0;
  h.level = level;
  if (!hasColon || wordEnd + 1 === end) return end;
  // Python's default format "LEVEL:logger:message".
  const nameEnd = s.indexOf(':', wordEnd + 1);
  const space = s.indexOf(' ', wordEnd + 1);
  return nameEnd > 0 && (space < 0 || nameEnd < space) ? nameEnd + 1 : wordEnd + 1;
}

/**
 * Where the message starts when a logger-name token ending at end is followed by " - " or " : "
 * (Spring pads the name: "o.s.b.SpringApplication      : msg"); 0 when it is not.
 */
function afterLoggerSeparator(s: string, end: number): number {
  if (s.charCodeAt(end) !== 32) return 0;
  let i = end + 1;
  while (s.charCodeAt(i) === 32 && i - end < 48) i++;
  const sep = s.charCodeAt(i);
  return (sep === 45 || sep === 58) && s.charCodeAt(i + 1) === 32 ? i + 2 : 0;
}

/** Index of the char code within [from, to), or -1; bounded, unlike indexOf. */
function indexIn(s: string, from: number, to: number, code: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
}

/** Lambda's request-id field: a UUID, or "undefined" outside a request, followed by a tab. */
function isLambdaRequestField(s: string, pos: number): boolean {
  if (s.charCodeAt(pos + 36) === 9 && isUuid(s, pos)) return true;
  return s.startsWith('undefined\t', pos);
}

/**
 * Header tokens after a timestamp: a process tag ending in "]:" (Heroku "app[web.1]:"), or the CRI
 * container-log stream and tag ("stdout F ", "stderr P ").
 */
function isStreamOrTag(s: string, pos: number, end: number): boolean {
  if (s.charCodeAt(end - 1) === 58 && s.charCodeAt(end - 2) === 93) return true;
  if (end - pos !== 6 || !(s.startsWith('stdout', pos) || s.startsWith('stderr', pos))) return false;
  const tag = s.charCodeAt(end + 1);
  return (tag === 70 || tag === 80) && s.charCodeAt(end + 2) === 32;
}

/** A 36-character UUID (Lambda request id) followed by whitespace or the end. */
function isUuidToken(s: string, pos: number): boolean {
  const after = s.charCodeAt(pos + 36);
  return (after === 32 || after === 9 || Number.isNaN(after)) && isUuid(s, pos);
}

function isUuid(s: string, pos: number): boolean {
  return (
    s.charCodeAt(pos + 8) === 45 &&
    s.charCodeAt(pos + 13) === 45 &&
    s.charCodeAt(pos + 18) === 45 &&
    s.charCodeAt(pos + 23) === 45
  );
}

/**
 * Lambda's tab-separated format after the timestamp: "<requestId>\t<LEVEL>\t<message>", where an
 * "Invoke Error" message ends in a JSON payload {errorType, errorMessage, stack}.
 */
function lambdaTabFields(s: string, pos: number, h: Header): number {
  const idEnd = s.indexOf('\t', pos);
  let start = idEnd < 0 ? pos : idEnd + 1;
  const levelEnd = s.indexOf('\t', start);
  if (levelEnd > start) {
    const level = levelAt(s, start, levelEnd);
    if (level !== undefined) {
      h.level ??= level;
      start = levelEnd + 1;
    }
  }
  const message = s.slice(start);
  const json = message.indexOf('\t{');
  const payload = json >= 0 ? parseJsonObject(message.slice(json + 1)) : undefined;
  const error = payload === undefined ? undefined : describeError(payload);
  if (error) {
    h.message = composeMessage(message.slice(0, json).trim(), error.summary);
    if (error.stack.length > 0) h.extra = error.stack;
  } else {
    h.message = message;
  }
  h.signal = errorSignal(h.message, h.level === undefined);
  return -1;
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
