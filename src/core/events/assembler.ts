import type { LogEvent } from '../events.js';
import { redactThenCut } from '../redact/cut.js';
import { stripAnsi } from './ansi.js';
import {
  BLOCK_GO,
  BLOCK_NONE,
  BLOCK_PYTHON_CHAIN,
  BLOCK_PYTHON_DONE,
  BLOCK_PYTHON_FRAMES,
  JOIN_CAUSE,
  JOIN_JAVA_EXCEPTION,
  JOIN_PYTHON_CHAIN,
  JOIN_PYTHON_EXCEPTION,
  JOIN_TRACEBACK,
  joining,
  NEW_EVENT,
  type EventSoFar,
  type Joining,
} from './continuation.js';
import { composeMessage } from './error-payload.js';
import { parseHeader, type Header } from './header.js';
import { isErrorLevel } from './levels.js';
import { failureAtInfo, failureSentence, SIGNAL_GO, SIGNAL_NONE, SIGNAL_TRACEBACK } from './signals.js';
import { stripDecorations } from './decorations.js';

/** Lines kept in one event's text; the rest are only counted, so garbage input stays bounded. */
export const MAX_EVENT_LINES = 200;
/** Characters kept in one event's text (and message). */
export const MAX_EVENT_CHARS = 64 * 1024;

/** Options for an assembler. */
export interface EventAssemblerOptions {
  /** Input name copied into every event. */
  source?: string;
  /** Stream within the source (a CloudWatch log stream), copied into every event. */
  stream?: string;
  /** Year for timestamps that carry none (syslog, glog); without it those events get no timestamp. */
  year?: number;
}

/** Turns physical log lines into LogEvents, joining stack traces and other continuation lines to their event. */
export class EventAssembler {
  private readonly onEvent: (event: LogEvent) => void;
  private readonly source: string | undefined;
  private readonly stream: string | undefined;
  private readonly headerOptions: { year?: number | undefined };
  private lineNumber = 0;

  /** The pending event's first-line header; undefined when no event is pending. */
  private header: Header | undefined;
  /** The pending event's time: the record's own when it came with one, else its header's. */
  private timestamp: number | undefined;
  private firstLine = '';
  private kept: string[] | undefined;
  private keptChars = 0;
  private truncated = false;
  private exceptionLine: string | undefined;
  private carriesError = false;
  private readonly state: EventSoFar & { startLine: number } = {
    block: BLOCK_NONE,
    lineCount: 0,
    errorLevel: false,
    logLine: false,
    blanks: 0,
    startLine: 0,
  };

  /** Calls onEvent once per assembled event, in input order. */
  constructor(onEvent: (event: LogEvent) => void, options: EventAssemblerOptions = {}) {
    this.onEvent = onEvent;
    this.source = options.source;
    this.stream = options.stream;
    this.headerOptions = { year: options.year };
  }

  /**
   * One physical line without its trailing "\n"; may still end in "\r" and contain ANSI escapes.
   * `timestamp` is the time the line's record carried (CloudWatch), which wins over its text's.
   */
  push(rawLine: string, timestamp?: number): void {
    this.lineNumber++;
    const line = cleanLine(rawLine, this.lineNumber === 1);
    if (isBlank(line)) {
      this.blank();
      return;
    }
    if (this.header !== undefined) {
      const join = joining(line, this.state);
      if (join !== NEW_EVENT) {
        this.join(line, join);
        return;
      }
      this.flush();
    }
    this.begin(line, timestamp);
  }

  /** Flush the pending event. */
  end(): void {
    this.flush();
  }

  private blank(): void {
    if (this.header === undefined) return;
    const block = this.state.block;
    // Python chains and Go dumps have blank lines inside them; hold those until the next line decides.
    if (block === BLOCK_NONE || block === BLOCK_PYTHON_FRAMES) this.flush();
    else this.state.blanks++;
  }

  private begin(line: string, timestamp: number | undefined): void {
    const header = parseHeader(line, this.headerOptions);
    const state = this.state;
    this.header = header;
    this.timestamp = timestamp ?? header.timestamp;
    this.kept = undefined;
    this.truncated = line.length > MAX_EVENT_CHARS;
    this.firstLine = this.truncated ? redactThenCut(line, MAX_EVENT_CHARS) : line;
    this.keptChars = this.firstLine.length;
    this.exceptionLine = undefined;
    this.carriesError = false;
    state.block = header.signal === SIGNAL_TRACEBACK ? BLOCK_PYTHON_FRAMES : header.signal === SIGNAL_GO ? BLOCK_GO : BLOCK_NONE;
    state.lineCount = 1;
    state.errorLevel = isErrorLevel(header.level);
    state.logLine = header.level !== undefined || header.timestamp !== undefined;
    state.blanks = 0;
    state.startLine = this.lineNumber;
    if (header.extra !== undefined) for (const extra of header.extra) this.keep(extra);
  }

  private join(line: string, join: Joining): void {
    const state = this.state;
    for (; state.blanks > 0; state.blanks--) {
      state.lineCount++;
      this.keep('');
    }
    state.lineCount++;
    this.keep(line);
    // "Reason: OOMKilled" and "Warning  FailedScheduling …" sit indented under kubectl's blocks; only
    // unlevelled events need the scan, and stack frames never decide it.
    if (!this.carriesError && this.header?.level === undefined && !isFrame(line) && failureSentence(line) !== undefined) {
      this.carriesError = true;
    }
    switch (join) {
      case JOIN_TRACEBACK:
        state.block = BLOCK_PYTHON_FRAMES;
        this.carriesError = true;
        break;
      case JOIN_PYTHON_EXCEPTION:
        state.block = BLOCK_PYTHON_DONE;
        this.exceptionLine = line;
        break;
      case JOIN_PYTHON_CHAIN:
        state.block = BLOCK_PYTHON_CHAIN;
        break;
      case JOIN_CAUSE:
        this.carriesError = true;
        break;
      case JOIN_JAVA_EXCEPTION:
        this.exceptionLine = line;
        this.carriesError = true;
        break;
    }
  }

  private keep(line: string): void {
    if (this.truncated) return;
    const kept = (this.kept ??= [this.firstLine]);
    const room = MAX_EVENT_CHARS - this.keptChars - 1;
    if (kept.length >= MAX_EVENT_LINES || room <= 0) {
      this.truncated = true;
      return;
    }
    const text = line.length > room ? redactThenCut(line, room) : line;
    if (text !== line) this.truncated = true;
    kept.push(text);
    this.keptChars += text.length + 1;
  }

  private flush(): void {
    const header = this.header;
    if (header === undefined) return;
    const state = this.state;
    const event: LogEvent = {
      text: this.kept === undefined ? this.firstLine : this.kept.join('\n'),
      message: boundedMessage(this.eventMessage(header)),
      level: header.level,
      timestamp: this.timestamp,
      line: state.startLine,
      lineCount: state.lineCount,
      source: this.source,
      ...(this.stream !== undefined ? { stream: this.stream } : {}),
      isError: header.level !== undefined ? isErrorLevel(header.level) : header.signal !== SIGNAL_NONE || this.carriesError,
      truncated: this.truncated ? true : undefined,
    };
    if (!event.isError) {
      const possible = possibleReason(header, event.message);
      if (possible !== undefined) event.possible = possible;
    }
    state.blanks = 0;
    this.header = undefined;
    this.kept = undefined;
    this.onEvent(event);
  }

  /** A traceback's own message is its final exception line; a log line's gets that line appended. */
  private eventMessage(header: Header): string {
    const exception = this.exceptionLine;
    if (exception === undefined) return header.message;
    if (header.signal === SIGNAL_TRACEBACK) return exception;
    return composeMessage(header.message, exception);
  }
}

/** Drops a trailing CR, ANSI escapes, terminal-UI borders and compose prefixes and, on the first line, a byte-order mark. */
function cleanLine(raw: string, first: boolean): string {
  let line = first && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const last = line.length - 1;
  if (last >= 0 && line.charCodeAt(last) === 13) line = line.slice(0, last);
  return stripDecorations(stripAnsi(line));
}

/** Why an event that is not an error may still be one; undefined when it looks healthy. */
function possibleReason(header: Header, message: string): string | undefined {
  if (header.level === 'warn') return 'logged at warning level';
  if (header.level === undefined || header.level === 'info' || header.level === 'debug' || header.level === 'trace') {
    return failureAtInfo(message);
  }
  return undefined;
}

const FRAME = /^\s*(?:at |File "|from \/|#\d+ )/;

function isFrame(line: string): boolean {
  return FRAME.test(line);
}

/** Empty, or only spaces and tabs (checked only when the line starts with one). */
function isBlank(line: string): boolean {
  const n = line.length;
  if (n === 0) return true;
  const c = line.charCodeAt(0);
  if (c !== 32 && c !== 9) return false;
  for (let i = 1; i < n; i++) {
    const d = line.charCodeAt(i);
    if (d !== 32 && d !== 9) return false;
  }
  return true;
}

function boundedMessage(message: string): string {
  // Redacted before the cut, so no part of a secret straddling it survives.
  return message.length > MAX_EVENT_CHARS ? redactThenCut(message, MAX_EVENT_CHARS) : message;
}
