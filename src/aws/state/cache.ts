import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CACHE_TTL_MS, cachedDiagnosisSchema, type DiagnosisCacheStore } from '../../providers/cache.js';
import { cacheKeyOf, epochSeconds, type StateTable } from './table.js';

/** DynamoDB items hold at most 400 KB; a diagnosis is a few KB, so anything near this is not stored. */
const MAX_ENTRY_BYTES = 300_000;

/**
 * The diagnosis cache (src/providers/cache.ts) in the agent's table, shared by every copy of the function,
 * so the fleet pays once per problem. The entry is checked on read like the CLI's files; `expiresAt` lets
 * DynamoDB's TTL delete it afterwards (the cache wrapper itself decides freshness from `storedAt`).
 */
export function createDynamoDiagnosisStore(table: StateTable, options: { ttlMs?: number } = {}): DiagnosisCacheStore {
  const ttl = options.ttlMs ?? CACHE_TTL_MS;
  return {
    location: `DynamoDB table ${table.tableName}`,
    async get(key) {
      const out = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: cacheKeyOf(key) } } }));
      const text = out.Item?.entry && 'S' in out.Item.entry ? out.Item.entry.S : undefined;
      if (typeof text !== 'string') return undefined;
      try {
        const parsed = cachedDiagnosisSchema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, entry) {
      const text = JSON.stringify(entry);
      if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) return;
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: { pk: { S: cacheKeyOf(key) }, entry: { S: text }, expiresAt: { N: String(epochSeconds(entry.storedAt + ttl)) } },
        }),
      );
    },
  };
}
