// The AWS Query protocol as CloudFormation and STS speak it (platform-facts §4):
// a form-encoded POST with Action=…, answered with XML; lists are <member> elements.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received: its Action and the flattened form fields. */
export interface QueryRequest {
  action: string;
  params: Record<string, string>;
}

/** An error the fake answers with, as `<ErrorResponse>` (the SDK throws it with `name === code`). */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** XML-ready data: objects become elements, arrays become <member> lists, undefined is left out. */
export type Xml = string | number | boolean | undefined | Xml[] | { [key: string]: Xml };

/** Renders `value` as the children of an element. */
export function xml(value: Xml): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${xml(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** `Parameters.member.1.ParameterKey` style fields → an array of objects (1-based, in order). */
export function members(params: Record<string, string>, prefix: string): Record<string, string>[] {
  const found = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(params)) {
    const match = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`).exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const entry = found.get(index) ?? {};
    entry[match[2] ?? ''] = value;
    found.set(index, entry);
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

/** A loopback server answering Query actions through `handle`, recording every request. */
export interface QueryServer {
  url: string;
  requests: QueryRequest[];
  close(): Promise<void>;
}

/** Starts a Query-protocol server on 127.0.0.1; `handle` returns the `<ActionResult>` content or throws a QueryError. */
export async function startQueryServer(namespace: string, handle: (request: QueryRequest) => Xml): Promise<QueryServer> {
  const requests: QueryRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const action = params.Action ?? '';
      const request = { action, params };
      requests.push(request);
      const requestId = `req-${requests.length}`;
      try {
        const result = handle(request);
        const body = `<${action}Response xmlns="${namespace}"><${action}Result>${xml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
        res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }).end(body);
      } catch (error) {
        const e = error instanceof QueryError ? error : new QueryError('InternalFailure', String(error), 500);
        const body = `<ErrorResponse xmlns="${namespace}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
        res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }).end(body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
