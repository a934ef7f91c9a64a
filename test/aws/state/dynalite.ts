import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { StateTable } from '../../../src/aws/state/index.js';

/** Fixed test credentials: dynalite checks that requests are signed, not by whom. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTTESTTESTTEST', secretAccessKey: 'test-secret-key' } as const;

/** A real DynamoDB implementation (dynalite, in memory) on 127.0.0.1. */
export interface LocalDynamo {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL_DYNAMODB or the client's `endpoint`. */
  url: string;
  client: DynamoDBClient;
  /** Creates a fresh table with the agent's schema (as the template does) and returns it. */
  createTable(name?: string): Promise<StateTable>;
  close(): Promise<void>;
}

let tables = 0;

/** Starts dynalite in this process on an ephemeral loopback port. */
export async function startDynalite(): Promise<LocalDynamo> {
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  return {
    url,
    client,
    async createTable(name = `cloudsentry-test-${++tables}-${process.pid}`) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // dynalite does not implement TTL deletion; the stores must not rely on it (they check expiresAt themselves).
      await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } })).catch(() => {});
      return { client, tableName: name };
    },
    close: () =>
      new Promise<void>((resolve) => {
        client.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
