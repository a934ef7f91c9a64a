import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallCap, createDynamoKeyValueStore } from '../../../src/aws/state/index.js';
import { type LocalDynamo, startDynalite } from './dynalite.js';

const T0 = Date.UTC(2026, 11, 3, 16, 0, 10);
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

describe('DynamoDB key-value store (the fleet-wide diagnosis cache)', () => {
  it('returns what was set, shared between two store instances on one table', async () => {
    const table = await dynamo.createTable();
    let now = T0;
    const a = createDynamoKeyValueStore(table, { now: () => now });
    const b = createDynamoKeyValueStore(table, { now: () => now });
    expect(await b.get('k1')).toBeUndefined();
    await a.set('k1', '{"title":"x"}', 60_000);
    expect(await b.get('k1')).toBe('{"title":"x"}');
    now = T0 + 61_000;
    expect(await b.get('k1')).toBeUndefined();
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
