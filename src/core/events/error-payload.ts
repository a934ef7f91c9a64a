/** An error found in a structured record: one summary line plus the stack lines it carried. */
export interface ErrorPayload {
  /** "TypeError: x is undefined", or the message alone when no type is known. */
  summary: string;
  stack: string[];
}

type Fields = Record<string, unknown>;

const TYPE_KEYS = ['type', 'name', 'errorType', 'kind', 'class'] as const;
const MESSAGE_KEYS = ['message', 'errorMessage', 'msg', 'reason'] as const;
const STACK_KEYS = ['stack', 'stack_trace', 'stackTrace', 'stacktrace', 'backtrace'] as const;

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(record: Fields, keys: readonly string[]): string {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return '';
}

/** Stack lines of a stack given as one string or as an array of (possibly multi-line) strings. */
export function stackLines(value: unknown): string[] {
  if (typeof value === 'string') return splitLines(value);
  if (!Array.isArray(value)) return [];
  const lines: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') lines.push(...splitLines(item));
  }
  return lines;
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.length > 0);
}

/** First stack line for JS/Java stacks; the last one for Python tracebacks, where the exception comes last. */
function summaryOfStack(lines: string[]): string {
  if (lines[0] === undefined) return '';
  return lines[0].startsWith('Traceback') ? (lines[lines.length - 1] ?? '') : lines[0];
}

/** Reads an error given as a string (message or formatted stack) or as {type,message,stack}-like fields. */
export function describeError(value: unknown): ErrorPayload | undefined {
  if (typeof value === 'string') {
    if (value.length === 0) return undefined;
    if (!value.includes('\n')) return { summary: value, stack: [] };
    const stack = splitLines(value);
    return { summary: summaryOfStack(stack), stack };
  }
  if (!isRecord(value)) return undefined;
  const type = firstString(value, TYPE_KEYS);
  const message = firstString(value, MESSAGE_KEYS);
  let stack: string[] = [];
  for (const key of STACK_KEYS) {
    stack = stackLines(value[key]);
    if (stack.length > 0) break;
  }
  const summary = type && message ? `${type}: ${message}` : message || type || summaryOfStack(stack);
  return summary ? { summary, stack } : undefined;
}

/** The message of an event with an error: "msg: Type: detail", without saying the same thing twice. */
export function composeMessage(message: string, summary: string): string {
  if (!message) return summary;
  if (!summary || message.includes(summary)) return message;
  if (summary.includes(message)) return summary;
  // "relation x does not exist" already says what "error: relation x does not exist" would.
  const typed = summary.indexOf(': ');
  if (typed > 0 && message.includes(summary.slice(typed + 2))) return message;
  return `${message}: ${summary}`;
}
