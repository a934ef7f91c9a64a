import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One diagnosis item as the fake model writes it (any shape: tests send invalid ones on purpose). */
export type FakeItem = Record<string, unknown>;

/** How the fake answers one request. */
export type FakeReply =
  /** A model answer: through the forced tool, or as JSON text when the request used `output_config.format`. */
  | { kind: 'answer'; items?: FakeItem[] | ((ids: string[]) => FakeItem[]); stopReason?: string; usage?: { input_tokens: number; output_tokens: number } }
  /** Plain text instead of structured output (a model that ignored the format). */
  | { kind: 'text'; text: string }
  /** An API error with the real error body; `headers` e.g. `{ 'retry-after-ms': '10' }`. */
  | { kind: 'error'; status: number; type: string; message?: string; headers?: Record<string, string> }
  /** Closes the connection without an answer (a connection reset). */
  | { kind: 'reset' }
  /** Waits, then answers normally (a slow model, for timeouts). */
  | { kind: 'slow'; delayMs: number }
  /** Starts a 200 SSE stream, then sends an `error` event (the API overloaded mid-answer). */
  | { kind: 'stream-error'; type: string }
  /** Serves a body as is, e.g. a recorded SSE transcript from test/fixtures/anthropic/. */
  | { kind: 'raw'; status?: number; contentType: string; body: string };

/** One request as received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
  /** Incident ids found in the user message, in order. */
  ids: string[];
}

/** A loopback fake of the Anthropic Messages API, driven through the real SDK. */
export interface FakeAnthropic {
  /** `http://127.0.0.1:<port>`, for ANTHROPIC_BASE_URL / `baseURL`. */
  url: string;
  requests: RecordedRequest[];
  /** Queues replies for the next requests; once used up, every request gets a valid answer. */
  script(...replies: FakeReply[]): void;
  /** Forgets recorded requests and unused replies (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Models that always think, so forced tool use gets a 400 (as the real API answers). */
  alwaysThinking?: string[];
}

/** A valid diagnosis item for incident `id`, with any field overridden. */
export function validItem(id: string, overrides: FakeItem = {}): FakeItem {
  return {
    id,
    title: `Fake diagnosis for ${id}`,
    rootCause: `The fake model explains ${id}: the database refused the connection.`,
    category: 'database.connection',
    severity: 'high',
    remediation: ['Check that the database is up.', 'Check the connection string.'],
    confidence: 0.8,
    evidence: 'connection refused',
    ...overrides,
  };
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeAnthropic(options: FakeOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as {}; answered 400 below
      }
      const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body, ids: idsIn(body) };
      requests.push(recorded);
      void respond(recorded, req, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function respond(request: RecordedRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const protocolError = checkProtocol(request, options);
    if (protocolError) return sendError(res, protocolError.status, protocolError.type, protocolError.message);
    const reply = queue.shift() ?? { kind: 'answer' };
    switch (reply.kind) {
      case 'error':
        return sendError(res, reply.status, reply.type, reply.message ?? reply.type, reply.headers);
      case 'reset':
        req.socket.destroy();
        return;
      case 'stream-error':
        res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_fake' });
        res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { ...answerMessage(request, { kind: 'text', text: '' }), content: [], stop_reason: null } })}\n\n`);
        res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.type } })}\n\n`);
        return;
      case 'raw':
        res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType, 'request-id': 'req_fake' });
        res.end(reply.body);
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed || req.socket.destroyed) return;
        return sendMessage(request, res, answerMessage(request, { kind: 'answer' }));
      default:
        return sendMessage(request, res, answerMessage(request, reply));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: Record<string, unknown>[];
  stop_reason: string;
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number };
}

/** What the real API rejects that a client could get wrong (platform-facts §6). */
function checkProtocol(request: RecordedRequest, options: FakeOptions): { status: number; type: string; message: string } | undefined {
  const auth = request.headers.authorization ?? '';
  if (!/^Bearer \S+/.test(auth) && !request.headers['x-api-key']) {
    return { status: 401, type: 'authentication_error', message: 'missing credentials' };
  }
  if (request.method !== 'POST' || request.path !== '/v1/messages') return { status: 404, type: 'not_found_error', message: `no route ${request.path}` };
  const body = request.body;
  for (const removed of ['temperature', 'top_p', 'top_k']) {
    if (removed in body) return { status: 400, type: 'invalid_request_error', message: `${removed}: Extra inputs are not permitted` };
  }
  if (typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
    return { status: 400, type: 'invalid_request_error', message: 'model, max_tokens and messages are required' };
  }
  const choice = body.tool_choice as { type?: string } | undefined;
  const forced = choice?.type === 'tool' || choice?.type === 'any';
  const thinking = (body.thinking as { type?: string } | undefined)?.type;
  if (forced && (thinking !== 'disabled' || options.alwaysThinking?.includes(body.model))) {
    return { status: 400, type: 'invalid_request_error', message: 'Thinking may not be enabled when tool_choice forces tool use.' };
  }
  return undefined;
}

function answerMessage(request: RecordedRequest, reply: Extract<FakeReply, { kind: 'answer' | 'text' }>): ApiMessage {
  const model = String(request.body.model);
  const base = { id: `msg_${Date.now()}`, type: 'message' as const, role: 'assistant' as const, model, stop_sequence: null };
  if (reply.kind === 'text') {
    return { ...base, content: [{ type: 'text', text: reply.text }], stop_reason: 'end_turn', usage: usageFor(request.raw, reply.text) };
  }
  const items = typeof reply.items === 'function' ? reply.items(request.ids) : (reply.items ?? request.ids.map((id) => validItem(id)));
  const input = { diagnoses: items };
  const json = JSON.stringify(input);
  const usage = reply.usage ?? usageFor(request.raw, json);
  if (request.body.output_config) {
    return { ...base, content: [{ type: 'text', text: json }], stop_reason: reply.stopReason ?? 'end_turn', usage };
  }
  const tool = (request.body.tools as { name: string }[] | undefined)?.[0]?.name ?? 'tool';
  return { ...base, content: [{ type: 'tool_use', id: 'toolu_1', name: tool, input }], stop_reason: reply.stopReason ?? 'tool_use', usage };
}

function usageFor(raw: string, answer: string): { input_tokens: number; output_tokens: number } {
  return { input_tokens: Math.ceil(raw.length / 4), output_tokens: Math.ceil(answer.length / 4) };
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_fake' }));
}

function sendMessage(request: RecordedRequest, res: ServerResponse, message: ApiMessage): void {
  if (request.body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake' });
    res.end(JSON.stringify(message));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_fake' });
  const event = (name: string, data: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  event('message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { input_tokens: message.usage.input_tokens, output_tokens: 1 } },
  });
  event('ping', { type: 'ping' });
  message.content.forEach((block, index) => {
    if (block.type === 'tool_use') {
      event('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const piece of pieces(JSON.stringify(block.input))) {
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    } else {
      event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of pieces(String(block.text))) {
        event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    }
    event('content_block_stop', { type: 'content_block_stop', index });
  });
  event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  event('message_stop', { type: 'message_stop' });
  res.end();
}

/** Splits text into small deltas, as the API streams them. */
function pieces(text: string, size = 23): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function idsIn(body: Record<string, unknown>): string[] {
  const messages = body.messages as { content?: unknown }[] | undefined;
  const content = messages?.[0]?.content;
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? '');
  return [...text.matchAll(/<incident id="([^"]+)"/g)].map((match) => match[1]!);
}
