import { gunzipSync } from 'node:zlib';
import { z } from 'zod';

/** One log event as CloudWatch Logs delivers it; `id` is an opaque string. */
export interface SubscriptionLogEvent {
  id: string;
  timestamp: number;
  message: string;
}

/** The decoded `awslogs.data` of a DATA_MESSAGE (platform-facts §1). */
export interface SubscriptionPayload {
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: SubscriptionLogEvent[];
}

/** What one invocation's event turned out to be. */
export type DecodedEvent =
  | { kind: 'data'; payload: SubscriptionPayload; bytes: number }
  | { kind: 'control' }
  | { kind: 'malformed'; reason: string };

/**
 * Bound on the decompressed payload. An async invocation carries at most 1 MB of base64 (platform-facts §1);
 * real log text compresses about 10:1, so 64 MB is far above any genuine batch and stops a gzip bomb.
 */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

const payloadSchema = z.object({
  messageType: z.literal('DATA_MESSAGE'),
  owner: z.string(),
  logGroup: z.string().min(1),
  logStream: z.string(),
  subscriptionFilters: z.array(z.string()),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** base64 → gunzip → JSON, validated; never throws: a bad payload is `malformed` with a one-line reason. */
export function decodeSubscriptionEvent(event: unknown): DecodedEvent {
  const data = (event as { awslogs?: { data?: unknown } } | null)?.awslogs?.data;
  if (typeof data !== 'string') return { kind: 'malformed', reason: 'the event has no awslogs.data string (not a CloudWatch Logs subscription event)' };
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return { kind: 'malformed', reason: 'awslogs.data is not base64' };
  let json: Buffer;
  try {
    json = gunzipSync(Buffer.from(compact, 'base64'), { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'malformed', reason: code === 'ERR_BUFFER_TOO_LARGE' ? `awslogs.data decompresses to more than ${MAX_DECOMPRESSED_BYTES} bytes` : 'awslogs.data is not gzip' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'awslogs.data is not JSON once decompressed' };
  }
  if ((value as { messageType?: unknown } | null)?.messageType === 'CONTROL_MESSAGE') return { kind: 'control' };
  const parsed = payloadSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'malformed', reason: `the decoded payload is not a DATA_MESSAGE (${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid'})` };
  }
  const { messageType: _type, ...payload } = parsed.data;
  return { kind: 'data', payload, bytes: json.length };
}
