/**
 * The filter pattern `watch` sends when none is given: any event containing one of the usual failure words.
 * CloudWatch terms are case-sensitive substrings (`Error` also matches `TypeError`), `?` makes them
 * alternatives. Lower-case `error`/`fatal` catch JSON and logfmt level fields (`"level":"error"`,
 * `level=fatal`); the upper-case words catch `"level":"ERROR"`, Lambda's `[ERROR]` and Python's levelname.
 * Extra matches cost a little transfer, never a false incident: the core decides what is an error.
 */
export const DEFAULT_FILTER_PATTERN = '?ERROR ?Error ?error ?Exception ?FATAL ?fatal ?CRITICAL ?panic ?Traceback ?"Task timed out"';
