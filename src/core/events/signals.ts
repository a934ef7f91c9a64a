/** No error signal in the message. */
export const SIGNAL_NONE = 0;
/** The message itself reports an error (exception line, Lambda timeout, OOM kill…). */
export const SIGNAL_ERROR = 1;
/** A Python traceback starts here; its frames and final exception line follow. */
export const SIGNAL_TRACEBACK = 2;
/** A Go panic or fatal error starts here; goroutine dumps follow. */
export const SIGNAL_GO = 3;

/** What a message's first words say about errors: one of the SIGNAL_* constants. */
export type Signal = typeof SIGNAL_NONE | typeof SIGNAL_ERROR | typeof SIGNAL_TRACEBACK | typeof SIGNAL_GO;

/** Header line of every Python traceback. */
export const TRACEBACK = 'Traceback (most recent call last):';

// Anchored and only tried on letter-initial messages without a level, so ordinary lines pay little.
const EXCEPTION_LINE =
  /^(?:[A-Za-z_$][\w$]*\.)*(?:[A-Z][\w$]*)?(?:Error|Exception|Throwable)(?: \[[\w.]+\])?(?::|$)/;

/** A package-qualified exception class at line start: "java.lang.IllegalStateException: boom". */
/** A bare exception line as Node.js and others print it: "Error: msg", "TypeError: msg", "MongoServerError: msg". */
export const BARE_EXCEPTION_LINE = /^(?:[A-Z][\w$]*)?(?:Exception|Error)(?: \[[A-Z_]+\])?: /;

export const QUALIFIED_EXCEPTION_LINE = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/;

const GOROUTINE = /^goroutine \d+ /;

/**
 * Reads the error signal at the start of a message (header already removed). With `full` false only
 * the block starters (traceback, panic) are looked for: an explicit level decides error-ness then.
 */
export function errorSignal(message: string, full: boolean): Signal {
  const c = message.charCodeAt(0);
  const blockStart = blockSignal(message, c);
  if (blockStart !== SIGNAL_NONE || !full) return blockStart;
  if (lineSignal(message, c)) return SIGNAL_ERROR;
  const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (isLetter && EXCEPTION_LINE.test(message)) return SIGNAL_ERROR;
  return message.includes('OOMKilled') ? SIGNAL_ERROR : SIGNAL_NONE;
}

/** Traceback, Go panic, Go fatal error, goroutine dump. */
function blockSignal(message: string, c: number): Signal {
  switch (c) {
    case 84: // T
      return message.startsWith(TRACEBACK) ? SIGNAL_TRACEBACK : SIGNAL_NONE;
    case 112: // p
      return message.startsWith('panic: ') ? SIGNAL_GO : SIGNAL_NONE;
    case 102: // f
      return message.startsWith('fatal error: ') ? SIGNAL_GO : SIGNAL_NONE;
    case 103: // g
      return GOROUTINE.test(message) ? SIGNAL_GO : SIGNAL_NONE;
    default:
      return SIGNAL_NONE;
  }
}

/** Single-line error reports that carry no level word. */
function lineSignal(message: string, c: number): boolean {
  switch (c) {
    case 69: // E
      return message.startsWith('Exception in thread ');
    case 73: // I
      return message.startsWith('INIT_REPORT ') && lambdaReportFailed(message);
    case 70: // F
      return message.startsWith('Fatal error: ');
    case 75: // K
      return message === 'Killed' || message.startsWith('Killed process ');
    case 79: // O
      return message.startsWith('Out of memory') || message.startsWith('OOMKilled');
    case 82: // R
      return lambdaRuntimeError(message);
    case 80: // P
      return message.startsWith('PHP Fatal error');
    case 83: // S
      return message.startsWith('Segmentation fault');
    case 84: // T
      return message.startsWith('Task timed out after ');
    case 85: // U
      return message.startsWith('Uncaught') || message.startsWith('Unhandled');
    case 110: // n
      return message.startsWith('npm ERR!');
    default:
      return false;
  }
}

/** Lambda runtime failures: "Runtime exited with error…", "RequestId: … Error: …", "Runtime.ExitError", failed REPORT. */
function lambdaRuntimeError(message: string): boolean {
  if (message.startsWith('Runtime')) {
    return message.startsWith('Runtime exited with error') || /^Runtime\.\w*Error\b/.test(message);
  }
  if (message.startsWith('RequestId: ')) return message.includes(' Error: ');
  return message.startsWith('REPORT RequestId: ') && lambdaReportFailed(message);
}

/** A Lambda REPORT / INIT_REPORT line whose Status is not success, or that names an Error Type. */
export function lambdaReportFailed(line: string): boolean {
  if (line.includes('Error Type: ')) return true;
  const at = line.indexOf('Status: ');
  return at >= 0 && !line.startsWith('success', at + 8);
}
