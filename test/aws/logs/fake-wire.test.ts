import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeSubscriptionFiltersCommand,
  FilterLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCloudWatchLogs, startFakeCloudWatchLogs } from '../../fakes/cloudwatch-logs.js';
import { compileFilterPattern } from '../../fakes/filter-pattern.js';

// The fake is what every CloudWatch test stands on: check it answers the real SDK as the service would.
let logs: FakeCloudWatchLogs;
let client: CloudWatchLogsClient;
const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

beforeAll(async () => {
  logs = await startFakeCloudWatchLogs();
  client = new CloudWatchLogsClient({
    endpoint: logs.endpoint,
    region: logs.settings.region,
    credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'secret' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await logs.close();
});

describe('fake CloudWatch Logs over AWS JSON 1.1', () => {
  it('answers FilterLogEvents with pages and a nextToken until the window is read', async () => {
    logs.putEvents('/wire/a', 's1', Array.from({ length: 25 }, (_, i) => ({ timestamp: T0 + i * 1000, message: i % 2 ? `ERROR ${i}` : `INFO ${i}` })));
    logs.settings.pageSize = 4;
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new FilterLogEventsCommand({ logGroupName: '/wire/a', startTime: T0 + 2000, endTime: T0 + 20_000, filterPattern: 'ERROR', nextToken: token }),
      );
      pages++;
      seen.push(...(page.events ?? []).map((e) => e.message!));
      token = page.nextToken;
    } while (token);
    logs.settings.pageSize = 10_000;
    expect(seen).toEqual(['ERROR 3', 'ERROR 5', 'ERROR 7', 'ERROR 9', 'ERROR 11', 'ERROR 13', 'ERROR 15', 'ERROR 17', 'ERROR 19']);
    expect(pages).toBe(3);
    expect(logs.requests.at(-1)).toMatchObject({ operation: 'FilterLogEvents', region: 'us-east-1', accessKeyId: 'AKIAFAKE' });
  });

  it('returns __type errors the SDK turns into named exceptions', async () => {
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: '/missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: '/wire/a', filterPattern: '"unbalanced' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    logs.fail('FilterLogEvents', 'ThrottlingException');
    await expect(client.send(new FilterLogEventsCommand({ logGroupName: '/wire/a' }))).rejects.toMatchObject({ name: 'ThrottlingException', $fault: 'client' });
    logs.deny('DescribeSubscriptionFilters');
    await expect(client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: '/wire/a' }))).rejects.toThrow(/logs:DescribeSubscriptionFilters/);
    logs.allow('DescribeSubscriptionFilters');
  });

  it('pages DescribeLogGroups by prefix and pattern', async () => {
    for (let i = 0; i < 7; i++) logs.addGroup(`/wire/many/g${i}`);
    logs.settings.describePageSize = 3;
    const first = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/wire/many/' }));
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(['/wire/many/g0', '/wire/many/g1', '/wire/many/g2']);
    expect(first.logGroups?.[0]).toMatchObject({ arn: expect.stringMatching(/:log-group:\/wire\/many\/g0:\*$/), logGroupArn: logs.groupArn('/wire/many/g0') });
    const second = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/wire/many/', nextToken: first.nextToken }));
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(['/wire/many/g3', '/wire/many/g4', '/wire/many/g5']);
    const byPattern = await client.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'many/g6' }));
    expect(byPattern.logGroups).toEqual([{ logGroupName: '/wire/many/g6', creationTime: expect.any(Number), arn: expect.stringMatching(/:\*$/) }]);
    logs.settings.describePageSize = 50;
  });

  it('describes subscription filters, page by page', async () => {
    logs.addSubscriptionFilter('/wire/sub', { filterName: 'cloudsentry', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:cs' });
    logs.addSubscriptionFilter('/wire/sub', { filterName: 'other', destinationArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/x', filterPattern: 'ERROR' });
    const first = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: '/wire/sub', limit: 1 }));
    expect(first.subscriptionFilters).toEqual([
      expect.objectContaining({ filterName: 'cloudsentry', logGroupName: '/wire/sub', filterPattern: '', destinationArn: expect.stringContaining(':function:cs') }),
    ]);
    const second = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: '/wire/sub', limit: 1, nextToken: first.nextToken }));
    expect(second.subscriptionFilters?.map((f) => f.filterPattern)).toEqual(['ERROR']);
    expect(second.nextToken).toBeUndefined();
    await expect(client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: '/wire/none' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('streams Live Tail as event-stream frames: sessionStart, sessionUpdate (sampled), SessionTimeoutException', async () => {
    logs.putEvents('/wire/live', 's1', []);
    logs.settings.liveTailUpdateMs = 50;
    logs.settings.liveTailMaxEvents = 3;
    const response = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: [logs.groupArn('/wire/live')], logEventFilterPattern: 'ERROR' }));
    const items: StartLiveTailResponseStream[] = [];
    let thrown: unknown;
    try {
      for await (const item of response.responseStream!) {
        items.push(item);
        if (item.sessionStart) logs.putEvents('/wire/live', 's1', Array.from({ length: 5 }, (_, i) => ({ timestamp: Date.now(), message: `ERROR live ${i}` })));
        if (item.sessionUpdate?.sessionResults?.length) logs.expireLiveSessions();
      }
    } catch (error) {
      thrown = error;
    }
    logs.settings.liveTailUpdateMs = 1000;
    logs.settings.liveTailMaxEvents = 500;
    expect(items[0]?.sessionStart?.logGroupIdentifiers).toEqual([logs.groupArn('/wire/live')]);
    const update = items.find((i) => i.sessionUpdate?.sessionResults?.length)?.sessionUpdate;
    expect(update?.sessionMetadata?.sampled).toBe(true);
    expect(update?.sessionResults).toHaveLength(3);
    expect(update?.sessionResults?.[0]).toMatchObject({ logStreamName: 's1', logGroupIdentifier: logs.groupArn('/wire/live'), message: 'ERROR live 0' });
    expect(thrown).toMatchObject({ name: 'SessionTimeoutException' });
    expect(logs.liveSessions()).toBe(0);
  });

  it('refuses Live Tail on a group given with :* or when denied', async () => {
    await expect(client.send(new StartLiveTailCommand({ logGroupIdentifiers: [`${logs.groupArn('/wire/live')}:*`] }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    logs.fail('StartLiveTail', 'LimitExceededException');
    await expect(client.send(new StartLiveTailCommand({ logGroupIdentifiers: [logs.groupArn('/wire/live')] }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });
});

describe('fake filter patterns', () => {
  it.each([
    ['ERROR', 'Exiting with ERRORCODE: -1', true],
    ['ERROR Exception', '[ERROR] Caught IllegalArgumentException', true],
    ['ERROR -Exiting', 'Exiting with ERRORCODE: -1', false],
    ['?ERROR ?WARN', '[WARN] slow', true],
    ['?ERROR ?WARN', '[INFO] fine', false],
    ['?"Task timed out" ?panic', '2026-01-01 Task timed out after 3.00 seconds', true],
    ['%^Err[a-z]+%', 'TypeError: x', false],
    ['%Err[a-z]+%', 'Error: x', true],
    ['{ $.level = "error" }', '{"level":"error","msg":"x"}', true],
    ['{ $.level = "error" }', 'level error', false],
    ['{ $.level >= 50 }', '{"level":60}', true],
    ['{ ($.level = "warn" || $.level = "error") && $.svc = "pay*" }', '{"level":"warn","svc":"payments"}', true],
    ['{ $.err.code NOT EXISTS }', '{"err":{}}', true],
  ])('%s on %s → %s', (pattern, message, expected) => {
    expect(compileFilterPattern(pattern)(message)).toBe(expected);
  });

  it.each(['"unbalanced', '{ $.level = "x" ', '{ level = 1 }', 'bad-term', '%a(b)%'])('rejects %s', (pattern) => {
    expect(() => compileFilterPattern(pattern)).toThrow();
  });
});
