import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers the next GetSecretValue. */
export type SecretsReply =
  | { kind: 'value' }
  /** An AWS JSON 1.1 error, e.g. ResourceNotFoundException (400), ThrottlingException (400), InternalServiceError (500). */
  | { kind: 'error'; status: number; type: string; message?: string };

/** One request as received. */
export interface SecretsRequest {
  target: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** A loopback fake of AWS Secrets Manager (GetSecretValue only) speaking AWS JSON 1.1, for the real SDK. */
export interface FakeSecretsManager {
  /** For AWS_ENDPOINT_URL_SECRETS_MANAGER or the client's `endpoint`. */
  url: string;
  requests: SecretsRequest[];
  /** Stores a secret string under an ARN (the fake also answers to the secret's name). */
  put(arn: string, secretString: string): void;
  script(...replies: SecretsReply[]): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, string>();
  const requests: SecretsRequest[] = [];
  const queue: SecretsReply[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // answered as a serialization error below
      }
      const request: SecretsRequest = {
        target: header(req, 'x-amz-target'),
        contentType: header(req, 'content-type'),
        authorization: header(req, 'authorization'),
        body,
      };
      requests.push(request);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}` });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, type: string, message: string) => send(status, { __type: type, message });

      // What the real service checks before anything else (platform-facts §4: JSON 1.1, SigV4).
      if (req.method !== 'POST' || req.url !== '/') return error(404, 'UnknownOperationException', 'not found');
      if (!request.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=')) return error(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (request.contentType !== 'application/x-amz-json-1.1') return error(400, 'SerializationException', 'bad content type');
      if (request.target !== 'secretsmanager.GetSecretValue') return error(400, 'UnknownOperationException', `unsupported ${request.target}`);

      const reply = queue.shift() ?? { kind: 'value' };
      if (reply.kind === 'error') return error(reply.status, reply.type, reply.message ?? reply.type);
      const id = typeof body.SecretId === 'string' ? body.SecretId : '';
      const arn = [...secrets.keys()].find((key) => key === id || key.endsWith(`:secret:${id}`) || nameOf(key) === id);
      if (!arn) return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      send(200, {
        ARN: arn,
        Name: nameOf(arn),
        SecretString: secrets.get(arn),
        VersionId: '00000000-0000-0000-0000-000000000001',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_764_000_000,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    put: (arn, value) => void secrets.set(arn, value),
    script: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `arn:aws:secretsmanager:us-east-1:123:secret:cloudsentry-AbCdEf` → `cloudsentry` (AWS adds a 6-character suffix). */
function nameOf(arn: string): string {
  const name = arn.split(':secret:')[1] ?? arn;
  return name.replace(/-[A-Za-z0-9]{6}$/, '');
}
