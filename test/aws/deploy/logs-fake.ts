// A minimal CloudWatch Logs (AWS JSON 1.1) for deploy's pre-flight: DescribeLogGroups and
// DescribeSubscriptionFilters. Replace with test/fakes/cloudwatch-logs.ts once it lands on main.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fake: log groups with their subscription filters. */
export interface LogsFake {
  url: string;
  groups: Map<string, { filterName: string; destinationArn: string }[]>;
  targets: string[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with these groups (no filters). */
export async function startLogsFake(groupNames: string[]): Promise<LogsFake> {
  const groups = new Map(groupNames.map((name) => [name, [] as { filterName: string; destinationArn: string }[]]));
  const targets: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '').replace('Logs_20140328.', '');
      targets.push(target);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
      const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(value));
      if (target === 'DescribeLogGroups') {
        const prefix = body.logGroupNamePrefix ?? '';
        const logGroups = [...groups.keys()].filter((n) => n.startsWith(prefix)).map((n) => ({ logGroupName: n, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${n}:*` }));
        return send(200, { logGroups });
      }
      if (target === 'DescribeSubscriptionFilters') {
        const filters = groups.get(body.logGroupName ?? '');
        if (!filters) return send(400, { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
        return send(200, { subscriptionFilters: filters.map((f) => ({ ...f, logGroupName: body.logGroupName, filterPattern: '' })) });
      }
      send(400, { __type: 'InvalidAction', message: `fake logs does not implement ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    groups,
    targets,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
