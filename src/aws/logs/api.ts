/**
 * The narrow surface of CloudWatch Logs that `watch` uses, so the fetching logic sees no SDK types
 * (implemented once over `@aws-sdk/client-cloudwatch-logs` in client.ts).
 */

/** A log group: its name and its ARN without the trailing `:*` (the form StartLiveTail takes). */
export interface LogGroupRef {
  name: string;
  arn: string;
  /** What FilterLogEvents is given: the ARN when the user named the group by ARN (cross-account), else the name. */
  identifier: string;
}

/** One CloudWatch event with its own timestamp and origin; `message` is whole (a multi-line stack trace stays one record). */
export interface CloudWatchEvent {
  group: string;
  stream: string;
  /** The service's eventId; Live Tail results carry none, so they get a local `live:` id. */
  id: string;
  /** Epoch ms. */
  timestamp: number;
  message: string;
}

/** What one FilterLogEvents call asks for. */
export interface FilterQuery {
  group: LogGroupRef;
  /** Epoch ms, inclusive. */
  start?: number;
  end?: number;
  filterPattern?: string;
  streamPrefix?: string;
  nextToken?: string;
}

/** One item of a Live Tail session, SDK exceptions turned into values. */
export type LiveTailItem =
  | { kind: 'start'; sessionId: string }
  | { kind: 'update'; sampled: boolean; records: CloudWatchEvent[] }
  /** The service ended the session after its 3-hour limit (SessionTimeoutException). */
  | { kind: 'timeout' }
  /** The service broke the stream (SessionStreamingException). */
  | { kind: 'interrupted'; message: string };

/** The calls `watch` makes; errors are already CloudsentryErrors whose `cause` is the SDK error. */
export interface LogsApi {
  /** The resolved Region (for console links and messages). */
  readonly region: string;
  describeLogGroups(query: { prefix?: string; pattern?: string; nextToken?: string }, signal?: AbortSignal): Promise<{ groups: LogGroupRef[]; nextToken?: string }>;
  filterLogEvents(query: FilterQuery, signal?: AbortSignal): Promise<{ records: CloudWatchEvent[]; nextToken?: string }>;
  /** Opens a session; the iterable ends after `timeout`/`interrupted` or when `signal` aborts. */
  startLiveTail(query: { groups: LogGroupRef[]; filterPattern?: string; streamPrefix?: string }, signal: AbortSignal): Promise<AsyncIterable<LiveTailItem>>;
  close(): void;
}

/** Parses `arn:aws:logs:<region>:<account>:log-group:<name>[:*]`; undefined for anything else. */
export function parseLogGroupArn(text: string): { region: string; account: string; name: string; arn: string } | undefined {
  const match = /^arn:(aws[\w-]*):logs:([\w-]+):(\d{12}):log-group:(.+?)(:\*)?$/.exec(text);
  if (!match) return undefined;
  const arn = match[5] ? text.slice(0, -2) : text;
  return { region: match[2]!, account: match[3]!, name: match[4]!, arn };
}
