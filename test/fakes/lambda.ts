// A loopback Lambda (REST-JSON): Invoke, answered by a function the test supplies
// (a scripted result, or the real handler run in-process).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What an invocation returns: a result, or a function error as Lambda reports it. */
export type InvokeOutcome = { result: unknown } | { functionError: { errorType: string; errorMessage: string } };

/** One Invoke as received. */
export interface InvokeRequest {
  functionName: string;
  invocationType: string;
  payload: unknown;
}

/** The fake with what it received. */
export interface LambdaFake {
  url: string;
  invocations: InvokeRequest[];
  /** Every request line received (method and path), mutating or not. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the fake; `functions` maps a function name to what invoking it does. */
export async function startLambdaFake(functions: Record<string, (event: unknown) => Promise<InvokeOutcome> | InvokeOutcome>): Promise<LambdaFake> {
  const invocations: InvokeRequest[] = [];
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      requests.push(`${req.method} ${req.url}`);
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
      if (!match || req.method !== 'POST') {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' });
        res.end(JSON.stringify({ Type: 'User', message: `fake Lambda does not implement ${req.method} ${req.url}` }));
        return;
      }
      const functionName = decodeURIComponent(match[1]!);
      const text = Buffer.concat(chunks).toString('utf8');
      const payload: unknown = text === '' ? undefined : JSON.parse(text);
      invocations.push({ functionName, invocationType: String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse'), payload });
      const fn = functions[functionName];
      if (!fn) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        res.end(JSON.stringify({ Type: 'User', Message: `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${functionName}` }));
        return;
      }
      const outcome = await fn(payload);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
      if ('functionError' in outcome) {
        res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify({ ...outcome.functionError, trace: [] }));
      } else {
        res.writeHead(200, headers).end(JSON.stringify(outcome.result));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    invocations,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
