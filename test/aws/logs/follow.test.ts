import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudWatchEvent, LogsApi } from '../../../src/aws/logs/api.js';
import { createCloudWatchLogsApi } from '../../../src/aws/logs/client.js';
import { type FollowNotice, followEvents } from '../../../src/aws/logs/follow.js';
import { resolveLogGroups } from '../../../src/aws/logs/groups.js';
import { type FakeCloudWatchLogs, startFakeCloudWatchLogs } from '../../fakes/cloudwatch-logs.js';

// --follow: Live Tail through the real SDK's event-stream decoding, and the polling fallback.
let logs: FakeCloudWatchLogs;
let api: LogsApi;

beforeAll(async () => {
  logs = await startFakeCloudWatchLogs({ liveTailUpdateMs: 50 });
  api = await createCloudWatchLogsApi({ endpoint: logs.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' } });
});
afterAll(async () => {
  api.close();
  await logs.close();
});

/** Follows `groups` and runs `script` step by step as batches arrive; returns what was seen. */
async function follow(
  groupNames: string[],
  script: (step: { batches: CloudWatchEvent[][]; notices: FollowNotice[] }) => Promise<boolean> | boolean,
  options: { since?: number; pollIntervalMs?: number } = {},
) {
  const groups = await resolveLogGroups(api, groupNames);
  const controller = new AbortController();
  const notices: FollowNotice[] = [];
  const batches: CloudWatchEvent[][] = [];
  const watchdog = setTimeout(() => controller.abort(), 15_000);
  const stream = followEvents(api, groups, {
    since: options.since ?? Date.now(),
    pollIntervalMs: options.pollIntervalMs ?? 100,
    signal: controller.signal,
    onNotice: (notice) => notices.push(notice),
  });
  const ticker = setInterval(async () => {
    if (await script({ batches, notices })) controller.abort();
  }, 30);
  for await (const batch of stream) batches.push(batch);
  clearInterval(ticker);
  clearTimeout(watchdog);
  return { batches, notices, events: batches.flat() };
}

describe('followEvents with Live Tail', () => {
  it('starts a session, yields sessionUpdate results, and warns once when sampled', async () => {
    logs.putEvents('/f/live', 's1', []);
    logs.settings.liveTailMaxEvents = 3;
    let step = 0;
    const { events, notices } = await follow(['/f/live'], ({ batches }) => {
      if (step === 0 && logs.liveSessions() === 1) {
        step = 1;
        logs.putEvents('/f/live', 's1', Array.from({ length: 6 }, (_, i) => ({ timestamp: Date.now(), message: `ERROR burst ${i}` })));
      } else if (step === 1 && batches.length === 1) {
        step = 2;
        logs.putEvents('/f/live', 's1', [{ timestamp: Date.now(), message: 'ERROR single' }]);
      }
      return step === 2 && batches.length === 2;
    });
    logs.settings.liveTailMaxEvents = 500;
    expect(notices[0]).toEqual({ kind: 'live', groups: 1 });
    expect(notices.filter((n) => n.kind === 'sampled')).toHaveLength(1);
    expect(events.map((e) => e.message)).toEqual(['ERROR burst 0', 'ERROR burst 2', 'ERROR burst 4', 'ERROR single']);
    expect(events[0]).toMatchObject({ group: '/f/live', stream: 's1' });
    expect(requestsOf('StartLiveTail').at(-1)?.body.logGroupIdentifiers).toEqual([logs.groupArn('/f/live')]);
  });

  it('reconnects after SessionTimeoutException and keeps following', async () => {
    logs.putEvents('/f/timeout', 's1', []);
    const before = requestsOf('StartLiveTail').length;
    let step = 0;
    const { events, notices } = await follow(['/f/timeout'], ({ batches, notices: seen }) => {
      if (step === 0 && logs.liveSessions() === 1) {
        step = 1;
        logs.expireLiveSessions();
      } else if (step === 1 && logs.liveSessions() === 1 && requestsOf('StartLiveTail').length === before + 2) {
        step = 2;
        logs.putEvents('/f/timeout', 's1', [{ timestamp: Date.now(), message: 'ERROR after reconnect' }]);
      }
      return step === 2 && seen.length > 0 && batches.length > 0;
    });
    expect(notices).toContainEqual({ kind: 'reconnect', reason: 'timeout' });
    expect(events.map((e) => e.message)).toEqual(['ERROR after reconnect']);
  });
});

describe('followEvents falling back to polling', () => {
  it('polls FilterLogEvents when Live Tail is denied, from the newest timestamp, without repeats', async () => {
    const t = Date.now();
    logs.putEvents('/f/poll', 's1', [
      { timestamp: t, message: 'ERROR a' },
      { timestamp: t, message: 'ERROR b' },
    ]);
    logs.deny('StartLiveTail');
    let step = 0;
    const { events, notices } = await follow(
      ['/f/poll'],
      ({ batches }) => {
        if (step === 0 && batches.flat().length === 2) {
          step = 1;
          // Same timestamp as the newest seen: only its event id tells it apart.
          logs.putEvents('/f/poll', 's1', [{ timestamp: t, message: 'ERROR c' }]);
        } else if (step === 1 && batches.flat().length === 3) {
          step = 2;
          logs.putEvents('/f/poll', 's1', [{ timestamp: t + 5, message: 'ERROR d' }]);
        }
        return step === 2 && batches.flat().length >= 4 && requestsOf('FilterLogEvents').length > 6;
      },
      { since: t - 1 },
    );
    logs.allow('StartLiveTail');
    expect(notices[0]).toMatchObject({ kind: 'polling', reason: expect.stringMatching(/Live Tail was refused \(AWS denied logs:StartLiveTail/) });
    expect(events.map((e) => e.message)).toEqual(['ERROR a', 'ERROR b', 'ERROR c', 'ERROR d']);
  });

  it.each([
    ['the concurrency limit', (on: boolean): void => void (logs.settings.liveTailConcurrency = on ? 0 : 15), /maximum number of concurrent Live Tail sessions/],
    ['an endpoint without Live Tail', (on: boolean): void => void (logs.settings.liveTail = !on), /UnknownOperationException/],
  ] as const)('polls when Live Tail is refused by %s', async (name, refuse, reason) => {
    const group = `/f/refused/${name.replace(/\W+/g, '-')}`;
    logs.putEvents(group, 's1', [{ timestamp: Date.now(), message: 'ERROR x' }]);
    refuse(true);
    const { events, notices } = await follow([group], ({ batches }) => batches.length > 0, { since: Date.now() - 60_000 });
    refuse(false);
    expect(notices[0]).toMatchObject({ kind: 'polling', reason: expect.stringMatching(reason) });
    expect(events.map((e) => e.message)).toEqual(['ERROR x']);
  });

  it('polls when there are more groups than Live Tail takes', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/f/many/g${String(i).padStart(2, '0')}`);
    for (const name of names) logs.putEvents(name, 's1', [{ timestamp: Date.now(), message: `ERROR in ${name}` }]);
    const { events, notices } = await follow(names.map((n) => n), ({ batches }) => batches.flat().length >= 11, { since: Date.now() - 60_000 });
    expect(notices[0]).toMatchObject({ kind: 'polling', reason: 'Live Tail follows at most 10 log groups and there are 11' });
    expect(new Set(events.map((e) => e.group)).size).toBe(11);
  });
});

function requestsOf(operation: string) {
  return logs.requests.filter((r) => r.operation === operation);
}
