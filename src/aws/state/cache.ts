import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { cacheKeyOf, epochSeconds, type StateTable } from './table.js';

/** A small string store with expiry: the shape the diagnosis cache needs, whatever holds it. */
export interface KeyValueStore {
  /** The value stored under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** DynamoDB items hold at most 400 KB; a diagnosis is a few KB, so anything near this is refused rather than cut. */
const MAX_VALUE_BYTES = 300_000;

/**
 * A KeyValueStore in the agent's table, shared by every copy of the function, so the fleet pays once per problem.
 * DynamoDB deletes expired items lazily (within days), so `get` checks `expiresAt` itself.
 */
export function createDynamoKeyValueStore(table: StateTable, clock: { now: () => number } = { now: Date.now }): KeyValueStore {
  return {
    async get(key) {
      const out = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: cacheKeyOf(key) } } }));
      const item = out.Item;
      if (!item || !item.answer || !('S' in item.answer) || typeof item.answer.S !== 'string') return undefined;
      const expiresAt = item.expiresAt && 'N' in item.expiresAt ? Number(item.expiresAt.N) : 0;
      return expiresAt > epochSeconds(clock.now()) ? item.answer.S : undefined;
    },
    async set(key, value, ttlMs) {
      if (Buffer.byteLength(value) > MAX_VALUE_BYTES) return;
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: {
            pk: { S: cacheKeyOf(key) },
            answer: { S: value },
            expiresAt: { N: String(epochSeconds(clock.now() + ttlMs)) },
          },
        }),
      );
    },
  };
}
