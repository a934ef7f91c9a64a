import { BARE_EXCEPTION_LINE, QUALIFIED_EXCEPTION_LINE, TRACEBACK } from './signals.js';

/** Not a continuation: the line starts a new event. */
export const NEW_EVENT = 0;
/** An indented line, stack frame or closing bracket: joins as is. */
export const JOIN = 1;
/** "Traceback (most recent call last):": a Python traceback starts inside the event. */
export const JOIN_TRACEBACK = 2;
/** The exception line that ends a Python traceback. */
export const JOIN_PYTHON_EXCEPTION = 3;
/** "During handling of the above exception…" between chained tracebacks. */
export const JOIN_PYTHON_CHAIN = 4;
/** "Caused by: …" in a Java trace. */
export const JOIN_CAUSE = 5;
/** A Java exception line ("java.lang.X: msg") right after the log line that reports it. */
export const JOIN_JAVA_EXCEPTION = 6;

/** How a line relates to the event being assembled: one of the NEW_EVENT/JOIN_* constants. */
export type Joining = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Not inside a multi-line block: indentation and Java markers decide what joins. */
export const BLOCK_NONE = 0;
/** Inside a Python traceback's frames, waiting for its exception line. */
export const BLOCK_PYTHON_FRAMES = 1;
/** After a traceback's exception line: a chain sentence may still follow. */
export const BLOCK_PYTHON_DONE = 2;
/** After "During handling…": the next traceback belongs to the event. */
export const BLOCK_PYTHON_CHAIN = 3;
/** Inside a Go panic or goroutine dump. */
export const BLOCK_GO = 4;

/** Block state of the event being assembled. */
export type Block = 0 | 1 | 2 | 3 | 4;

/** What the event so far looks like, as far as joining needs to know. */
export interface EventSoFar {
  block: Block;
  /** Physical lines so far. */
  lineCount: number;
  /** The first line had an error level. */
  errorLevel: boolean;
  /** The first line had a timestamp or level: a log line rather than raw output. */
  logLine: boolean;
  /** Blank lines seen since the last joined line. */
  blanks: number;
}

const POSTGRES_DETAIL = /^(?:LINE \d+|DETAIL|HINT|CONTEXT|QUERY):/;
const DURING_HANDLING = 'During handling of the above exception';
const DIRECT_CAUSE = 'The above exception was the direct cause';

/** Decides whether a non-blank, ANSI-free line continues the event or starts a new one. */
export function joining(line: string, event: EventSoFar): Joining {
  const c = line.charCodeAt(0);
  const block = event.block;
  if (block === BLOCK_PYTHON_DONE || block === BLOCK_PYTHON_CHAIN) {
    if (line.startsWith(DURING_HANDLING) || line.startsWith(DIRECT_CAUSE)) return JOIN_PYTHON_CHAIN;
    if (block === BLOCK_PYTHON_CHAIN && line.startsWith(TRACEBACK)) return JOIN_TRACEBACK;
  }
  if (block === BLOCK_GO && isGoDumpLine(line, c)) return JOIN;
  // Database drivers (psycopg2, asyncpg) put "LINE 1: …", "DETAIL: …", "HINT: …" in the exception message.
  if (block === BLOCK_PYTHON_DONE && event.blanks === 0 && POSTGRES_DETAIL.test(line)) return JOIN;
  // Outside Python and Go dumps a blank line has already ended the event.
  if (event.blanks > 0) return NEW_EVENT;
  if (c === 32 || c === 9) return JOIN;
  if (block === BLOCK_PYTHON_FRAMES) return pythonFrameLine(line, c);
  return unindentedJoin(line, c, event);
}

/** Inside a traceback: an unindented identifier line is the final "XxxError: msg". */
function pythonFrameLine(line: string, c: number): Joining {
  if (line.startsWith('File "')) return JOIN;
  const identifier = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return identifier ? JOIN_PYTHON_EXCEPTION : NEW_EVENT;
}

/** Unindented lines that still belong to the event (some shippers strip leading whitespace). */
function unindentedJoin(line: string, c: number, event: EventSoFar): Joining {
  switch (c) {
    case 67: // C
      return line.startsWith('Caused by: ') ? JOIN_CAUSE : NEW_EVENT;
    case 84: // T
      // logging.exception(): an error line, then the traceback. After any other line it is a new crash.
      if (event.lineCount === 1 && event.errorLevel && line.startsWith(TRACEBACK)) return JOIN_TRACEBACK;
      return bareException(line, event);
    case 97: // a
      return isUnindentedFrame(line) ? JOIN : javaException(line, event);
    case 46: // .
      return line.startsWith('... ') ? JOIN : NEW_EVENT;
    case 83: // S
      return line.startsWith('Suppressed: ') ? JOIN : NEW_EVENT;
    case 125: // }
    case 93: // ]
    case 41: // )
      return line.length <= 3 ? JOIN : NEW_EVENT;
    default:
      if (c >= 97 && c <= 122) return javaException(line, event);
      return c >= 65 && c <= 90 ? bareException(line, event) : NEW_EVENT;
  }
}

/** `logger.error(msg, err)` in Node.js prints the message, then `err.stack` starting "Error: …" unindented. */
function bareException(line: string, event: EventSoFar): Joining {
  if (event.lineCount !== 1 || !event.errorLevel) return NEW_EVENT;
  return BARE_EXCEPTION_LINE.test(line) ? JOIN_JAVA_EXCEPTION : NEW_EVENT;
}

/** "at com.x.Foo.bar(Foo.java:10)", "at /app/x.js:4:11" with the indentation stripped; not prose ("at noon"). */
function isUnindentedFrame(line: string): boolean {
  if (!line.startsWith('at ')) return false;
  const last = line.charCodeAt(line.length - 1);
  return last === 41 || (last >= 48 && last <= 57 && line.includes(':'));
}

function javaException(line: string, event: EventSoFar): Joining {
  if (event.lineCount !== 1 || !event.logLine) return NEW_EVENT;
  return QUALIFIED_EXCEPTION_LINE.test(line) ? JOIN_JAVA_EXCEPTION : NEW_EVENT;
}

/** Lines of a Go panic dump: goroutine headers, "pkg.fn(args)" frames, "created by", "exit status N". */
function isGoDumpLine(line: string, c: number): boolean {
  if (c === 32 || c === 9) return true;
  switch (c) {
    case 103: // g
      if (line.startsWith('goroutine ')) return true;
      break;
    case 91: // [
      return line.startsWith('[signal ');
    case 99: // c
      if (line.startsWith('created by ')) return true;
      break;
    case 101: // e
      if (line.startsWith('exit status ')) return true;
      break;
    case 112: // p
      if (line.startsWith('panic: ')) return true;
      break;
  }
  return isGoFrame(line);
}

/** "main.main()", "net/http.(*conn).serve(0xc000…)", "panic({0x4b2a40, …})": no space before the first "(". */
function isGoFrame(line: string): boolean {
  if (line.charCodeAt(line.length - 1) !== 41) return false;
  const paren = line.indexOf('(');
  if (paren <= 0) return false;
  const space = line.indexOf(' ');
  return space < 0 || space > paren;
}
