import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createCallCap, createDynamoDiagnosisStore } from '../../../src/aws/state/index.js';
import { type LocalDynamo, startDynalite } from './dynalite.js';

const T0 = Date.UTC(2026, 11, 3, 16, 0, 10);
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

describe('DynamoDB diagnosis store (the fleet-wide diagnosis cache)', () => {
  const diagnosis = {
    category: 'database.connection' as const,
    severity: 'high' as const,
    title: 'Database refused the connection',
    rootCause: 'The database is down.',
    remediation: ['Check the database.', 'Check the connection string.'],
    confidence: 0.8,
    evidence: 'ECONNREFUSED',
    engine: 'claude' as const,
  };

  it('returns what was put, shared between two store instances on one table, with a TTL for DynamoDB', async () => {
    const table = await dynamo.createTable();
    const a = createDynamoDiagnosisStore(table, { ttlMs: 60_000 });
    const b = createDynamoDiagnosisStore(table);
    expect(await b.get('k1')).toBeUndefined();
    await a.put('k1', { storedAt: T0, diagnosis });
    expect(await b.get('k1')).toEqual({ storedAt: T0, diagnosis });
    const item = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: 'cache|k1' } } }));
    expect(item.Item?.expiresAt).toEqual({ N: String(Math.floor((T0 + 60_000) / 1000)) });
  });

  it('reads a foreign or corrupt entry as a miss', async () => {
    const table = await dynamo.createTable();
    await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'cache|bad' }, entry: { S: '{"storedAt":1,"diagnosis":{"engine":"rules"}}' } } }));
    await table.client.send(new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'cache|worse' }, entry: { S: 'not json' } } }));
    const store = createDynamoDiagnosisStore(table);
    expect(await store.get('bad')).toBeUndefined();
    expect(await store.get('worse')).toBeUndefined();
  });
});

describe('per-minute LLM call cap', () => {
  it('lets exactly the limit through among concurrent takers, then opens again the next minute', async () => {
    const table = await dynamo.createTable();
    const cap = createCallCap(table, 3);
    const takes = await Promise.all(Array.from({ length: 10 }, () => cap.tryTake(T0)));
    expect(takes.filter(Boolean)).toHaveLength(3);
    expect(await cap.tryTake(T0 + 40_000)).toBe(false);
    expect(await cap.tryTake(T0 + 60_000)).toBe(true);
  });

  it('takes nothing when the limit is 0', async () => {
    const table = await dynamo.createTable();
    expect(await createCallCap(table, 0).tryTake(T0)).toBe(false);
  });
});
