import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuppressionStore, type Sighting, type StateTable } from '../../../src/aws/state/index.js';
import { incidentKey } from '../../../src/aws/state/table.js';
import { type LocalDynamo, startDynalite } from './dynalite.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 3, 16, 0, 0);
const sighting = (count = 1, fingerprint = 'f00dfacecafe0001', logGroup = '/prod/payment-service'): Sighting => ({
  logGroup,
  fingerprint,
  count,
  firstSeen: T0 - 5_000,
});

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

async function item(table: StateTable, s: Sighting) {
  const out = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: incidentKey(s.logGroup, s.fingerprint) } } }));
  return out.Item;
}

describe('suppression store over DynamoDB (dynalite)', () => {
  it('gives a new incident to exactly one of many concurrent invocations; the others add to its count', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30 });
    const verdicts = await Promise.all(Array.from({ length: 8 }, (_, i) => store.decide(sighting(i + 1), T0)));
    expect(verdicts.filter((v) => v.kind === 'new')).toHaveLength(1);
    expect(verdicts.filter((v) => v.kind === 'suppressed')).toHaveLength(7);
    expect((await item(table, sighting()))?.occurrences).toEqual({ N: String(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8) });
  });

  it('keeps one log group from suppressing another, and one fingerprint from another', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30 });
    expect((await store.decide(sighting(1, 'aaaa'), T0)).kind).toBe('new');
    expect((await store.decide(sighting(1, 'bbbb'), T0)).kind).toBe('new');
    expect((await store.decide(sighting(1, 'aaaa', '/prod/other'), T0)).kind).toBe('new');
    expect((await store.decide(sighting(1, 'aaaa'), T0)).kind).toBe('suppressed');
  });

  it('posts nothing within the cooldown, then exactly one follow-up with the running count', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30 });
    expect((await store.decide(sighting(10), T0)).kind).toBe('new');
    expect(await store.decide(sighting(5), T0 + 29 * MINUTE)).toMatchObject({ kind: 'suppressed', total: 15 });

    const later = await Promise.all([1, 2, 3].map(() => store.decide(sighting(2), T0 + 31 * MINUTE)));
    const followUps = later.filter((v) => v.kind === 'follow-up');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ since: T0 - 5_000, previousPostedAt: T0 });
    // The follow-up's total includes whatever was counted before it won (15 + its own 2, maybe + others' 2s).
    expect([17, 19, 21]).toContain((followUps[0] as { total: number }).total);
    expect((await item(table, sighting()))?.occurrences).toEqual({ N: '21' });

    // The follow-up starts a new cooldown.
    expect((await store.decide(sighting(1), T0 + 45 * MINUTE)).kind).toBe('suppressed');
    expect((await store.decide(sighting(1), T0 + 62 * MINUTE)).kind).toBe('follow-up');
  });

  it('treats an incident unseen for the whole retention period as new again, even before DynamoDB deletes it', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30, retentionSeconds: 3600 });
    expect((await store.decide(sighting(3), T0)).kind).toBe('new');
    const verdict = await store.decide(sighting(4), T0 + 2 * 3600_000);
    expect(verdict.kind).toBe('new');
    expect((await item(table, sighting()))?.occurrences).toEqual({ N: '4' });
  });

  it('gives a released new claim back, so the retried event posts the card', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30 });
    const first = await store.decide(sighting(), T0);
    expect(first.kind).toBe('new');
    if (first.kind !== 'new') return;
    await store.release(first);
    expect((await store.decide(sighting(), T0 + 1000)).kind).toBe('new');
    expect((await store.decide(sighting(), T0 + 2000)).kind).toBe('suppressed');
  });

  it('gives a released follow-up back with the previous cooldown intact', async () => {
    const table = await dynamo.createTable();
    const store = createSuppressionStore(table, { cooldownMinutes: 30 });
    await store.decide(sighting(), T0);
    const follow = await store.decide(sighting(), T0 + 40 * MINUTE);
    expect(follow.kind).toBe('follow-up');
    if (follow.kind !== 'follow-up') return;
    await store.release(follow);
    expect((await item(table, sighting()))?.postedAt).toEqual({ N: String(T0) });
    expect((await store.decide(sighting(), T0 + 41 * MINUTE)).kind).toBe('follow-up');
  });

  it('does not undo a claim that is no longer its own', async () => {
    const table = await dynamo.createTable();
    const tokens = ['one', 'two'];
    const store = createSuppressionStore(table, { cooldownMinutes: 30, newToken: () => tokens.shift() ?? 'x' });
    const first = await store.decide(sighting(), T0);
    await store.release(first as never);
    const second = await store.decide(sighting(), T0 + 1000);
    expect(second).toMatchObject({ kind: 'new', token: 'two' });
    await store.release(first as never);
    expect((await store.decide(sighting(), T0 + 2000)).kind).toBe('suppressed');
  });
});
