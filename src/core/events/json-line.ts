import type { Level } from '../events.js';
import { composeMessage, describeError, isRecord, stackLines, type ErrorPayload } from './error-payload.js';
import { redactDeep } from '../redact/index.js';
import { stripAnsi } from './ansi.js';
import { parseHeader, type Header } from './header.js';
import { levelFromName, levelFromNumber } from './levels.js';
import { errorSignal, SIGNAL_ERROR } from './signals.js';
import { parseTimeValue } from './timestamps.js';

type Fields = Record<string, unknown>;

/** Fills h from a JSON log line (pino, bunyan, winston, structlog, zap, ECS, Lambda); false when not a JSON object. */
export function parseJsonLine(line: string, h: Header): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false;
  }
  if (!isRecord(parsed)) return false;
  applyRecord(parsed, h);
  if (h.message === '') h.message = line;
  return true;
}

/** Fills h from one structured log record. */
export function applyRecord(record: Fields, h: Header): void {
  h.level = recordLevel(record);
  h.timestamp = parseTimeValue(record.time ?? record.timestamp ?? record['@timestamp'] ?? record.ts);
  if (applyLambdaPlatform(record, h)) return;
  const rawMessage = record.msg ?? record.message ?? record.event;
  if (rawMessage === undefined && typeof record.log === 'string') {
    applyWrappedLine(record.log, h);
    return;
  }
  const text = typeof rawMessage === 'string' ? rawMessage : '';
  const error = recordError(record, rawMessage);
  h.message = error ? composeMessage(text, error.summary) : text;
  if (error && error.stack.length > 0) h.extra = error.stack;
  if (h.level === undefined) h.signal = error ? SIGNAL_ERROR : errorSignal(h.message, true);
}

/** Docker's json-file driver wraps each raw line: {"log":"…\n","stream":"stderr","time":"…"}. */
function applyWrappedLine(log: string, h: Header): void {
  const inner = parseHeader(stripAnsi(log.endsWith('\n') ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log));
  h.level = inner.level ?? h.level;
  h.timestamp = inner.timestamp ?? h.timestamp;
  h.message = inner.message;
  h.extra = inner.extra;
  h.signal = inner.signal;
}

function recordLevel(record: Fields): Level | undefined {
  const log = record.log;
  const value =
    record.level ??
    record.lvl ??
    record.severity ??
    record.levelname ??
    record['log.level'] ??
    (isRecord(log) ? log.level : undefined);
  if (typeof value === 'number') return levelFromNumber(value);
  if (typeof value !== 'string') return undefined;
  return /^\d{2}$/.test(value) ? levelFromNumber(Number(value)) : levelFromName(value);
}

/** The record's error: err/error/exception fields, a Lambda error payload, or a top-level stack. */
function recordError(record: Fields, rawMessage: unknown): ErrorPayload | undefined {
  const nested =
    describeError(record.err) ??
    describeError(record.error) ??
    describeError(record.exception) ??
    describeError(record.exc_info) ??
    (isRecord(rawMessage) ? describeError(rawMessage) : undefined);
  if (nested && nested.stack.length > 0) return nested;
  if (!nested && (typeof record.errorType === 'string' || typeof record.errorMessage === 'string')) return describeError(record);
  // zap and winston put the stack beside the error, not inside it.
  const stack = stackLines(record.stack ?? record.stack_trace ?? record.stackTrace ?? record.stacktrace);
  if (nested) return { summary: nested.summary, stack };
  const first = stack[0];
  return first === undefined ? undefined : { summary: first, stack };
}

/** Lambda telemetry records (platform.report, platform.runtimeDone…): an error when status is not success. */
function applyLambdaPlatform(record: Fields, h: Header): boolean {
  const type = record.type;
  const detail = record.record;
  if (typeof type !== 'string' || !type.startsWith('platform.') || !isRecord(detail)) return false;
  const status = typeof detail.status === 'string' ? detail.status : '';
  const errorType = typeof detail.errorType === 'string' ? detail.errorType : '';
  h.message = [type, status, errorType].filter(Boolean).join(' ');
  if (h.level === undefined && ((status && status !== 'success') || errorType)) h.signal = SIGNAL_ERROR;
  return true;
}

/**
 * A JSON log line longer than `max`, shortened inside its values so it stays valid JSON: its level,
 * message and error survive (a pino line with a 1,500-frame stack keeps its level 50). Values are
 * redacted before any is cut. Undefined when the line is not a JSON object or cannot be brought under `max`.
 */
export function shortenJsonLine(line: string, max: number): string | undefined {
  if (line.charCodeAt(0) !== 123) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const record = redactDeep(parsed);
  let text = JSON.stringify(record);
  // Each round halves the longest string (or cuts it just enough), so a few dozen rounds always suffice.
  for (let round = 0; round < 64 && text.length > max; round++) {
    const longest = longestString(record);
    if (!longest || longest.value.length < 16) return undefined;
    const excess = text.length - max;
    const justEnough = longest.value.length - excess - 16;
    const keep = justEnough >= 8 ? justEnough : longest.value.length >> 1;
    (longest.holder as Record<string | number, unknown>)[longest.key] = `${longest.value.slice(0, keep)}…`;
    text = JSON.stringify(record);
  }
  return text.length <= max ? text : undefined;
}

interface StringSlot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
}

/** The longest string anywhere in a parsed JSON value, with where it sits. */
function longestString(value: unknown, depth = 0): StringSlot | undefined {
  if (depth > 64) return undefined;
  let best: StringSlot | undefined;
  const consider = (holder: Record<string, unknown> | unknown[], key: string | number, child: unknown): void => {
    const found =
      typeof child === 'string' ? { holder, key, value: child } : child !== null && typeof child === 'object' ? longestString(child, depth + 1) : undefined;
    if (found && (!best || found.value.length > best.value.length)) best = found;
  };
  if (Array.isArray(value)) value.forEach((child, i) => consider(value, i, child));
  else if (isRecord(value)) for (const [key, child] of Object.entries(value)) consider(value, key, child);
  return best;
}
