import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { validItem } from './anthropic-server.js';

/** How the fake answers the next InvokeModel. */
export type BedrockReply =
  | { kind: 'answer' }
  /** A Bedrock error: status, `x-amzn-ErrorType` and `{"message"}` body, e.g. 429 ThrottlingException, 403 AccessDeniedException. */
  | { kind: 'error'; status: number; type: string; message?: string };

/** One request as received, with whether its SigV4 signature checked out. */
export interface BedrockRequest {
  path: string;
  modelId: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  signatureValid: boolean;
}

/** A loopback fake of the Amazon Bedrock runtime's InvokeModel for Anthropic models, checking real SigV4 signatures. */
export interface FakeBedrock {
  /** For the Bedrock SDK's `baseURL` (or ANTHROPIC_BEDROCK_BASE_URL). */
  url: string;
  requests: BedrockRequest[];
  script(...replies: BedrockReply[]): void;
  close(): Promise<void>;
}

/** The credentials the fake accepts (a real service knows the secret of each access key). */
export interface FakeBedrockOptions {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeBedrock(options: FakeBedrockOptions): Promise<FakeBedrock> {
  const requests: BedrockRequest[] = [];
  const queue: BedrockReply[] = [];
  const signer = new SignatureV4({ service: 'bedrock', region: options.region, credentials: options.credentials, sha256: Sha256 });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          // answered as a validation error below
        }
        const url = new URL(req.url ?? '/', 'http://fake');
        const match = /^\/model\/([^/]+)\/invoke$/.exec(url.pathname);
        const request: BedrockRequest = {
          path: url.pathname,
          modelId: match ? decodeURIComponent(match[1]!) : '',
          headers: req.headers,
          body,
          signatureValid: await signatureValid(signer, req, url, raw),
        };
        requests.push(request);
        const error = (status: number, type: string, message: string) => {
          res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': `req-${requests.length}` });
          res.end(JSON.stringify({ message }));
        };
        if (req.method !== 'POST' || !match) return error(404, 'UnknownOperationException', `no route ${url.pathname}`);
        if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) return error(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
        if (!request.signatureValid) {
          return error(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
        }
        // What Bedrock's Anthropic models require of the body: the version inside it, no model or stream field.
        if (typeof body.anthropic_version !== 'string' || 'model' in body || 'stream' in body || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
          return error(400, 'ValidationException', 'Malformed input request, please reformat your input and try again.');
        }
        const reply = queue.shift() ?? { kind: 'answer' };
        if (reply.kind === 'error') return error(reply.status, reply.type, reply.message ?? reply.type);
        const ids = [...JSON.stringify(body.messages).matchAll(/<incident id=\\"([^"\\]+)\\"/g)].map((m) => m[1]!);
        const input = { diagnoses: ids.map((id) => validItem(id, { title: `Bedrock diagnosis for ${id}` })) };
        const tool = (body.tools as { name: string }[] | undefined)?.[0]?.name ?? 'tool';
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': `req-${requests.length}`, 'x-amzn-bedrock-input-token-count': '1200', 'x-amzn-bedrock-output-token-count': '150' });
        res.end(
          JSON.stringify({
            id: `msg_bdrk_${requests.length}`,
            type: 'message',
            role: 'assistant',
            model: request.modelId,
            content: [{ type: 'tool_use', id: 'toolu_bdrk_1', name: tool, input }],
            stop_reason: 'tool_use',
            stop_sequence: null,
            usage: { input_tokens: 1200, output_tokens: 150 },
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Recomputes the SigV4 signature over the headers the client says it signed, as the service does. */
async function signatureValid(signer: SignatureV4, req: IncomingMessage, url: URL, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!signature || !/^\d{8}T\d{6}Z$/.test(amzDate)) return false;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const request = new HttpRequest({ method: req.method ?? 'POST', protocol: 'http:', hostname: url.hostname, path: url.pathname, query: {}, headers, body });
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signed = await signer.sign(request, { signingDate: date });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1];
  return expected === signature;
}
