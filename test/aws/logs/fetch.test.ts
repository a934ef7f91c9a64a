import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogsApi } from '../../../src/aws/logs/api.js';
import { createCloudWatchLogsApi } from '../../../src/aws/logs/client.js';
import { fetchEvents } from '../../../src/aws/logs/fetch.js';
import { closestNames, resolveLogGroups } from '../../../src/aws/logs/groups.js';
import { AwsAccessDeniedError, InputError, UpstreamError, UsageError } from '../../../src/errors.js';
import { type FakeCloudWatchLogs, startFakeCloudWatchLogs } from '../../fakes/cloudwatch-logs.js';

// The fetching logic through the real SDK client against the loopback fake.
let logs: FakeCloudWatchLogs;
let api: LogsApi;
const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

beforeAll(async () => {
  logs = await startFakeCloudWatchLogs();
  api = await createCloudWatchLogsApi({
    endpoint: logs.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
  });
});
afterAll(async () => {
  api.close();
  await logs.close();
});
afterEach(() => {
  logs.settings.pageSize = 10_000;
  logs.settings.describePageSize = 50;
  logs.settings.tps = undefined;
});

async function readAll(groupNames: string[], start = T0 - 1, end = T0 + 10_000_000, filterPattern?: string) {
  const groups = await resolveLogGroups(api, groupNames);
  const events: { group: string; message: string; timestamp: number }[] = [];
  let pages = 0;
  for await (const page of fetchEvents(api, groups, { start, end, ...(filterPattern ? { filterPattern } : {}) })) {
    pages++;
    events.push(...page.events);
  }
  return { events, pages };
}

function seed(group: string, n: number, message = (i: number) => `ERROR failure ${i}`, step = 1000): void {
  logs.putEvents(group, 'stream-1', Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i * step, message: message(i) })));
}

describe('fetchEvents', () => {
  it('follows nextToken until it is absent, through partial and empty pages', async () => {
    seed('/t/pages', 10);
    logs.settings.pageSize = 3;
    logs.emptyPages(2);
    const before = logs.requests.length;
    const { events, pages } = await readAll(['/t/pages']);
    expect(events.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `ERROR failure ${i}`));
    expect(pages).toBe(6); // two empty pages that carried a token, then 3 + 3 + 3 + 1
    const calls = logs.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents');
    expect(calls.filter((r) => r.body.nextToken === undefined)).toHaveLength(1);
  });

  it('keeps going when a selective pattern leaves pages empty mid-way', async () => {
    seed('/t/sparse', 50, (i) => (i % 20 === 0 ? `ERROR rare ${i}` : `INFO ok ${i}`));
    logs.settings.scanPerPage = 7;
    const { events, pages } = await readAll(['/t/sparse'], T0 - 1, T0 + 10_000_000, 'ERROR');
    logs.settings.scanPerPage = Number.POSITIVE_INFINITY;
    expect(events.map((e) => e.message)).toEqual(['ERROR rare 0', 'ERROR rare 20', 'ERROR rare 40']);
    expect(pages).toBe(8);
  });

  it('retries ThrottlingException with backoff, then succeeds', async () => {
    seed('/t/throttle', 3);
    logs.fail('FilterLogEvents', 'ThrottlingException', { times: 2 });
    const before = logs.requests.length;
    const { events } = await readAll(['/t/throttle']);
    expect(events).toHaveLength(3);
    const calls = logs.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents');
    expect(calls.map((r) => r.error ?? 'ok')).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
  });

  it('gives up with a retryable UpstreamError when throttling does not stop', async () => {
    seed('/t/throttled', 1);
    logs.fail('FilterLogEvents', 'ThrottlingException', { times: 2 });
    const impatient = await createCloudWatchLogsApi({ endpoint: logs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' }, maxAttempts: 2 });
    const groups = await resolveLogGroups(impatient, ['/t/throttled']);
    const error = await fetchEvents(impatient, groups, { start: T0, end: T0 + 1000 }).next().catch((e: unknown) => e);
    impatient.close();
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/kept throttling/);
  });

  it('reads only the time window, both ends included', async () => {
    seed('/t/window', 10);
    const { events } = await readAll(['/t/window'], T0 + 2000, T0 + 5000);
    expect(events.map((e) => e.timestamp - T0)).toEqual([2000, 3000, 4000, 5000]);
  });

  it('reads several groups concurrently within 5 requests per second, and merges them', async () => {
    for (const g of ['a', 'b', 'c', 'd']) seed(`/t/multi/${g}`, 8, (i) => `ERROR ${g} ${i}`);
    logs.settings.pageSize = 2;
    logs.settings.tps = 5; // the fake throttles above the real quota
    const before = logs.requests.length;
    const { events } = await readAll(['/t/multi/a', '/t/multi/b', '/t/multi/c', '/t/multi/d']);
    expect(events).toHaveLength(32);
    expect(new Set(events.map((e) => e.group))).toEqual(new Set(['/t/multi/a', '/t/multi/b', '/t/multi/c', '/t/multi/d']));
    // 4 groups × 4 pages: at 5 per second the calls span at least 3 seconds (the limiter's own pacing is tested
    // with a fake clock in rate-limit.test.ts; arrival times here jitter on a loaded machine, so a rare throttle
    // the SDK retried is not a failure).
    const calls = logs.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents' && r.error === undefined);
    expect(calls).toHaveLength(16);
    expect(calls.at(-1)!.at - calls[0]!.at).toBeGreaterThanOrEqual(2900);
  });

  it('streams 100,000 events in pages of 10,000', async () => {
    const group = '/t/big';
    seed(group, 100_000, (i) => `ERROR [worker-${i % 7}] job ${i} failed: connection reset`, 10);
    let count = 0;
    let pages = 0;
    const groups = await resolveLogGroups(api, [group]);
    for await (const page of fetchEvents(api, groups, { start: T0, end: T0 + 10_000_000 })) {
      pages++;
      count += page.events.length;
    }
    expect(count).toBe(100_000);
    expect(pages).toBe(10);
  });

  it('stops fetching when the consumer stops early', async () => {
    seed('/t/early', 100);
    logs.settings.pageSize = 10;
    const before = logs.requests.length;
    const groups = await resolveLogGroups(api, ['/t/early']);
    for await (const page of fetchEvents(api, groups, { start: T0, end: T0 + 10_000_000 })) {
      expect(page.events).toHaveLength(10);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(logs.requests.slice(before).filter((r) => r.operation === 'FilterLogEvents').length).toBeLessThanOrEqual(2);
  });

  it('names the missing action on AccessDenied', async () => {
    seed('/t/denied', 1);
    logs.deny('FilterLogEvents');
    const error = await readAll(['/t/denied']).catch((e: unknown) => e);
    logs.allow('FilterLogEvents');
    expect(error).toBeInstanceOf(AwsAccessDeniedError);
    expect((error as AwsAccessDeniedError).action).toBe('logs:FilterLogEvents');
  });

  it('turns an invalid filter pattern into a UsageError carrying the service message', async () => {
    seed('/t/pattern', 1);
    const error = await readAll(['/t/pattern'], T0, T0 + 1000, '"unbalanced').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/rejected the filter pattern "\\"unbalanced": Invalid filter pattern: unbalanced "/);
  });
});

describe('resolveLogGroups', () => {
  beforeAll(() => {
    for (let i = 0; i < 7; i++) logs.addGroup(`/aws/lambda/orders-${i}`);
    logs.addGroup('/aws/lambda/payments');
  });

  it('expands a trailing * over every DescribeLogGroups page', async () => {
    logs.settings.describePageSize = 2;
    const groups = await resolveLogGroups(api, ['/aws/lambda/orders-*']);
    expect(groups.map((g) => g.name)).toEqual(Array.from({ length: 7 }, (_, i) => `/aws/lambda/orders-${i}`));
    expect(groups[0]?.arn).toBe(logs.groupArn('/aws/lambda/orders-0'));
  });

  it('takes names and ARNs (with or without :*), dropping duplicates', async () => {
    const arn = logs.groupArn('/aws/lambda/payments');
    const groups = await resolveLogGroups(api, ['/aws/lambda/payments', `${arn}:*`, arn]);
    expect(groups).toEqual([{ name: '/aws/lambda/payments', arn, identifier: '/aws/lambda/payments' }]);
    const byArn = await resolveLogGroups(api, [`${arn}:*`]);
    expect(byArn).toEqual([{ name: '/aws/lambda/payments', arn, identifier: arn }]);
  });

  it('suggests close names for a group that is not there', async () => {
    const error = await resolveLogGroups(api, ['/aws/lambda/payment']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('log group /aws/lambda/payment was not found in us-east-1; did you mean /aws/lambda/payments?');
    const prefix = await resolveLogGroups(api, ['/aws/lambda/nothing-*']).catch((e: unknown) => e);
    expect((prefix as Error).message).toMatch(/^no log group starts with \/aws\/lambda\/nothing-/);
  });

  it('refuses an ARN from another Region than the run’s', async () => {
    const error = await resolveLogGroups(api, ['arn:aws:logs:eu-west-1:123456789012:log-group:/x']).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/is in eu-west-1, but this run reads us-east-1: pass --region eu-west-1/);
  });

  it('ranks suggestions by edit distance, ignoring case', () => {
    expect(closestNames('/Prod/api', ['/prod/api', '/prod/apix', '/staging/web'])).toEqual(['/prod/api', '/prod/apix']);
    expect(closestNames('/prod/zzz', ['/prod/api'])).toEqual([]);
  });
});
