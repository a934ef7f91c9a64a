// A loopback S3 (REST-XML, path-style: the SDK addresses buckets by path when the endpoint is an IP)
// holding just what deploy uses: buckets, objects, listing and deletion.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface S3Request {
  method: string;
  bucket: string;
  key: string;
  query: string;
}

/** The fake with its state, for tests to arrange and inspect. */
export interface S3Fake {
  url: string;
  requests: S3Request[];
  buckets: Map<string, Map<string, Buffer>>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1. */
export async function startS3Fake(): Promise<S3Fake> {
  const buckets = new Map<string, Map<string, Buffer>>();
  const requests: S3Request[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, Buffer.concat(chunks)));
  });

  function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = req.method ?? 'GET';
    requests.push({ method, bucket, key, query: url.search });
    const objects = buckets.get(bucket);
    const error = (status: number, code: string, message: string): void => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    const ok = (xml?: string): void => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(xml === undefined ? undefined : `<?xml version="1.0" encoding="UTF-8"?>${xml}`);
    };
    if (key === '') {
      if (method === 'PUT') {
        if (objects) return error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
        buckets.set(bucket, new Map());
        return ok();
      }
      if (!objects) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (method === 'HEAD') return ok();
      if (method === 'GET' && url.searchParams.get('list-type') === '2') {
        const contents = [...objects.entries()].map(([k, v]) => `<Contents><Key>${k}</Key><Size>${v.length}</Size></Contents>`).join('');
        return ok(`<ListBucketResult><Name>${bucket}</Name><KeyCount>${objects.size}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`);
      }
      if (method === 'POST' && url.searchParams.has('delete')) {
        const keys = [...body.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
        for (const k of keys) objects.delete(k);
        return ok(`<DeleteResult>${keys.map((k) => `<Deleted><Key>${k}</Key></Deleted>`).join('')}</DeleteResult>`);
      }
      if (method === 'DELETE') {
        if (objects.size > 0) return error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
        buckets.delete(bucket);
        res.writeHead(204).end();
        return;
      }
      return error(501, 'NotImplemented', `fake S3 does not implement ${method} on a bucket`);
    }
    if (!objects) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (method === 'PUT') {
      objects.set(key, body);
      res.writeHead(200, { etag: '"fake"' }).end();
      return;
    }
    const object = objects.get(key);
    if (method === 'HEAD' || method === 'GET') {
      if (!object) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      res.writeHead(200, { 'content-length': String(object.length), etag: '"fake"' });
      res.end(method === 'GET' ? object : undefined);
      return;
    }
    if (method === 'DELETE') {
      objects.delete(key);
      res.writeHead(204).end();
      return;
    }
    error(501, 'NotImplemented', `fake S3 does not implement ${method} on an object`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    buckets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
