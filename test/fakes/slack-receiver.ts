import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request. */
export type SlackReply =
  | { status: 200 }
  | { status: 429; retryAfter?: string }
  | { status: number; body: string }
  /** Answers 200 only after `delayMs` (a timeout for a client with a shorter bound). */
  | { status: 'slow'; delayMs: number };

/** One request as received, with what was wrong with it against Slack's limits. */
export interface ReceivedRequest {
  at: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  payload: unknown;
  violations: string[];
}

/** A loopback Slack incoming-webhook receiver that validates, records and answers as scripted. */
export interface SlackReceiver {
  /** `http://127.0.0.1:<port>/services/T000/B000/XXXX` */
  url: string;
  requests: ReceivedRequest[];
  /** Queues replies for the next requests; once used up, requests get 200 `ok`. */
  script(...replies: SlackReply[]): void;
  /** Every limit violation seen, across all requests. */
  violations(): string[];
  close(): Promise<void>;
}

/** Canned Slack error replies (status + body as Slack sends them; platform-facts §5). */
export const SLACK_ERRORS = {
  invalidPayload: { status: 400, body: 'invalid_payload' },
  actionProhibited: { status: 403, body: 'action_prohibited' },
  noService: { status: 404, body: 'no_service' },
  channelIsArchived: { status: 410, body: 'channel_is_archived' },
  rollupError: { status: 500, body: 'rollup_error' },
} as const satisfies Record<string, SlackReply>;

/** Starts a receiver on 127.0.0.1 with an ephemeral port. */
export async function startSlackReceiver(): Promise<SlackReceiver> {
  const requests: ReceivedRequest[] = [];
  const queue: SlackReply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const { payload, violations } = validate(raw, req);
      requests.push({ at: Date.now(), method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, payload, violations });
      const reply: SlackReply = violations.length > 0 ? SLACK_ERRORS.invalidPayload : (queue.shift() ?? { status: 200 });
      answer(res, reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    requests,
    script: (...replies) => void queue.push(...replies),
    violations: () => requests.flatMap((r) => r.violations),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: import('node:http').ServerResponse, reply: SlackReply): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(body);
  };
  if (reply.status === 'slow') {
    const timer = setTimeout(() => send(200, 'ok'), reply.delayMs);
    res.on('close', () => clearTimeout(timer));
  } else if (reply.status === 200) send(200, 'ok');
  else if (reply.status === 429 && !('body' in reply)) {
    send(429, 'rate_limited', reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter });
  } else send(reply.status, 'body' in reply ? reply.body : '');
}

/** Slack's limits for a webhook message (platform-facts §5); each broken rule is one line. */
export function validate(raw: string, req?: IncomingMessage): { payload: unknown; violations: string[] } {
  const violations: string[] = [];
  if (req && req.method !== 'POST') violations.push(`method ${req.method}`);
  if (req && !String(req.headers['content-type'] ?? '').startsWith('application/json')) violations.push('content-type is not JSON');
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return { payload: undefined, violations: [...violations, 'body is not JSON'] };
  }
  if (typeof payload !== 'object' || payload === null) return { payload, violations: [...violations, 'payload is not an object'] };
  const message = payload as { text?: unknown; blocks?: unknown };
  if (typeof message.text !== 'string' && !Array.isArray(message.blocks)) violations.push('neither text nor blocks');
  if (typeof message.text === 'string' && message.text.length > 40_000) violations.push('text over 40,000');
  if (message.blocks !== undefined) {
    if (!Array.isArray(message.blocks)) violations.push('blocks is not an array');
    else {
      if (message.blocks.length > 50) violations.push(`${message.blocks.length} blocks (max 50)`);
      message.blocks.forEach((block, i) => violations.push(...validateBlock(block, i)));
    }
  }
  return { payload, violations };
}

type TextObject = { type?: unknown; text?: unknown };

function validateBlock(block: unknown, i: number): string[] {
  const out: string[] = [];
  const b = block as { type?: unknown; text?: TextObject; fields?: unknown; elements?: unknown };
  const where = `block ${i} (${String(b.type)})`;
  const checkText = (t: TextObject | undefined, max: number, label: string, plainOnly = false): void => {
    if (!t || typeof t.text !== 'string') return void out.push(`${where}: ${label} missing`);
    if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) out.push(`${where}: ${label} has type ${String(t.type)}`);
    if (t.text.length < 1) out.push(`${where}: ${label} is empty`);
    if (t.text.length > max) out.push(`${where}: ${label} is ${t.text.length} chars (max ${max})`);
  };
  switch (b.type) {
    case 'header':
      checkText(b.text, 150, 'text', true);
      break;
    case 'section':
      if (b.text === undefined && b.fields === undefined) out.push(`${where}: neither text nor fields`);
      if (b.text !== undefined) checkText(b.text, 3000, 'text');
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) out.push(`${where}: fields is not an array`);
        else {
          if (b.fields.length > 10) out.push(`${where}: ${b.fields.length} fields (max 10)`);
          b.fields.forEach((f, j) => checkText(f as TextObject, 2000, `field ${j}`));
        }
      }
      break;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0) out.push(`${where}: no elements`);
      else {
        if (b.elements.length > 10) out.push(`${where}: ${b.elements.length} elements (max 10)`);
        b.elements.forEach((e, j) => checkText(e as TextObject, 3000, `element ${j}`));
      }
      break;
    case 'divider':
      break;
    default:
      out.push(`${where}: unexpected block type`);
  }
  return out;
}
