/** Normalised log levels, lowest to highest. */
export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * One log event: a header line plus the continuation lines (stack frames,
 * tracebacks, goroutine dumps, indented lines) that belong to it.
 */
export interface LogEvent {
  /** Whole event text, ANSI stripped, lines joined with "\n". */
  text: string;
  /** The message without its header (timestamp, level, pid…); for JSON logs the msg plus error text. */
  message: string;
  level?: Level;
  /** Epoch milliseconds when the event carried a timestamp. */
  timestamp?: number;
  /** 1-based number of the event's first line in its input. */
  line: number;
  /** How many physical lines the event spans. */
  lineCount: number;
  /** Input name: a file path, "stdin", "--text", a log group… */
  source?: string;
  /** Stream within the source (a CloudWatch log stream), when the input has streams. */
  stream?: string;
  /** Error level, or carries an error (exception, traceback, panic…). */
  isError: boolean;
  /** True when the event was longer than the kept bound (200 lines / 64 KiB); lineCount still counts every line. */
  truncated?: boolean;
  /**
   * Set on events that are not errors but may be one: a warning, or a failure sentence in a line logged at
   * info level. Says why ("logged at warning level"). Reported as possible errors when nothing is at error level.
   */
  possible?: string;
}
