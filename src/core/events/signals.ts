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

// "Failed", "failure", "refused"… as words, not "0 failed", "failed=0", "no failures", "fail2ban" or "/error-pages".
const NOT_NEGATED = String.raw`(?<![\w/.-])(?<!\b(?:0|no|zero|without|non)[ -])`;
const NOT_ZERO = String.raw`(?![\w/-])(?!\s{0,2}[=:]\s{0,2}0\b)`;

/** Words that say something failed, strong enough to count on a line that names no level. */
const FAILURE_WORDS = new RegExp(
  `${NOT_NEGATED}(?:fatal|panic|panicked|segfault|segmentation fault|core dumped|aborted|failed|failure|fail|denied|refused|unreachable|not responding|timed out|invalid user|break-in|unrecovered|uncorrectable|corrupted|corruption|notready|bad superblock|wrong fs type|read-only file ?system|(?:quota|rate|limit|deadline) exceeded|(?:above|exceeds(?: the)?(?: warning| critical)?) threshold|low on resource|dazed and confused)${NOT_ZERO}`,
  'i',
);

/** Error phrases that are not prose about errors ("error handling middleware", "on error, retry"). */
const ERROR_PHRASE =
  /\b(?:I\/O|read|write|medium|media|parity|hardware|disk|link|fatal|internal|kernel|system|fs|unrecoverable|uncorrectable|critical|protocol|socket|network|connection|access) error\b|\berror count since last fsck\b|\berror (?:occurr?ed|while|when|during|returned|reading|writing|opening|loading|creating|connecting|getting|sending|receiving|running|executing|parsing|processing|starting|from)\b|\berror: |\berrno[=:]? ?[1-9]/i;

/** A process that ended badly: "exited with code 2", systemd's "status=11/SEGV" and "code=dumped". */
const BAD_EXIT =
  /\bexit(?:ed)?(?: with)?(?: exit)? (?:code|status)[ :=]{0,3}[1-9]\d*|\bstatus=[1-9]\d*\/[A-Z]+|\bcode=(?:killed|dumped)\b|\bterminated (?:abnormally|due to signal|by signal)/i;

/** An exception named at the end (Ruby's "… (NoMethodError)") or through an `exceptions` module (google.api_core). */
const NAMED_EXCEPTION = /\((?:[A-Z]\w*::)*[A-Z]\w*(?:Error|Exception)\)\s*$|^(?:[a-z_]\w*\.)+exceptions?\.[A-Z]\w*: /;

/** Kubernetes reasons and states that are failures by name. */
const KUBERNETES_FAILURE =
  /\b(?:OOMKilled|Evicted|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|DeadlineExceeded|BackoffLimitExceeded|FailedScheduling|FailedMount|FailedAttachVolume|FailedCreatePodSandBox|NodeNotReady|Unhealthy)\b/;

/** The same failure words, on a line logged at info level: only the unambiguous ones. */
const INFO_FAILURE = new RegExp(
  `${NOT_NEGATED}(?:fatal|panic|panicked|segfault|failed|failure|denied|refused)${NOT_ZERO}|HRESULT = 0x8`,
  'i',
);

/**
 * Why a line that names no level still reads as a failure ("Failed password for root…",
 * "I/O error, dev sda…", "Main process exited, code=killed"); undefined when it does not.
 */
export function failureSentence(message: string): string | undefined {
  const text = message.length > 1000 ? message.slice(0, 1000) : message;
  const word =
    FAILURE_WORDS.exec(text) ?? ERROR_PHRASE.exec(text) ?? BAD_EXIT.exec(text) ?? KUBERNETES_FAILURE.exec(text) ?? NAMED_EXCEPTION.exec(text);
  return word === null ? undefined : `failure sentence "${word[0]}"`;
}

/** Why a line logged at info or debug level still looks like a failure (Windows CBS "Info … Failed … HRESULT"). */
export function failureAtInfo(message: string): string | undefined {
  const text = message.length > 1000 ? message.slice(0, 1000) : message;
  const word = INFO_FAILURE.exec(text);
  return word === null ? undefined : `"${word[0]}" in a line logged at info level`;
}
