import { AwsSetupError, InputError } from '../../errors.js';
import type { CloudWatchEvent, LogGroupRef, LogsApi } from './api.js';

/** Live Tail takes at most this many log groups per session. */
export const LIVE_TAIL_MAX_GROUPS = 10;

/** What the follower tells its user about how it follows. */
export type FollowNotice =
  | { kind: 'live'; groups: number }
  | { kind: 'sampled' }
  | { kind: 'reconnect'; reason: 'timeout' | 'interrupted'; detail?: string }
  | { kind: 'polling'; reason: string };

export interface FollowOptions {
  filterPattern?: string;
  streamPrefix?: string;
  /** Epoch ms polling starts from when Live Tail is not used (usually the end of the window already read). */
  since: number;
  /** Pause between polling rounds (default 5 s, as `aws logs tail --follow`). */
  pollIntervalMs?: number;
  /** Skip Live Tail and poll from the start. */
  poll?: boolean;
  signal: AbortSignal;
  onNotice: (notice: FollowNotice) => void;
}

/**
 * New events of the groups as they are ingested, batch by batch, until `signal` aborts. Uses Live Tail
 * (reconnecting after its 3-hour session limit); when Live Tail is refused (permission, concurrency limit, an
 * endpoint without it) or there are more than 10 groups, it polls FilterLogEvents as `aws logs tail --follow`
 * does: from the newest timestamp seen, deduplicated by event id.
 */
export async function* followEvents(api: LogsApi, groups: readonly LogGroupRef[], options: FollowOptions): AsyncGenerator<CloudWatchEvent[]> {
  let since = options.since;
  if (!options.poll && groups.length <= LIVE_TAIL_MAX_GROUPS) {
    const live = liveTail(api, groups, options);
    for await (const batch of live.batches) {
      for (const event of batch) if (event.timestamp > since) since = event.timestamp;
      yield batch;
    }
    if (options.signal.aborted) return;
    options.onNotice({ kind: 'polling', reason: live.refusal() ?? 'Live Tail ended' });
  } else if (!options.poll) {
    options.onNotice({ kind: 'polling', reason: `Live Tail follows at most ${LIVE_TAIL_MAX_GROUPS} log groups and there are ${groups.length}` });
  }
  yield* pollEvents(api, groups, { ...options, since });
}

/** Live Tail sessions, one after another, until refused or aborted; `refusal()` then says why. */
function liveTail(api: LogsApi, groups: readonly LogGroupRef[], options: FollowOptions): { batches: AsyncGenerator<CloudWatchEvent[]>; refusal: () => string | undefined } {
  let refusal: string | undefined;
  async function* batches(): AsyncGenerator<CloudWatchEvent[]> {
    let announced = false;
    while (!options.signal.aborted) {
      let session: AsyncIterable<import('./api.js').LiveTailItem>;
      try {
        session = await api.startLiveTail(
          {
            groups: [...groups],
            ...(options.filterPattern !== undefined ? { filterPattern: options.filterPattern } : {}),
            ...(options.streamPrefix !== undefined ? { streamPrefix: options.streamPrefix } : {}),
          },
          options.signal,
        );
      } catch (error) {
        if (options.signal.aborted) return;
        // Missing credentials or groups are the user's to fix; anything else means "no Live Tail here".
        if (error instanceof AwsSetupError || error instanceof InputError) throw error;
        refusal = `Live Tail was refused (${error instanceof Error ? error.message : String(error)})`;
        return;
      }
      let warnedSampled = false;
      let ended: { reason: 'timeout' | 'interrupted'; detail?: string } | undefined;
      for await (const item of session) {
        if (item.kind === 'start' && !announced) {
          announced = true;
          options.onNotice({ kind: 'live', groups: groups.length });
        } else if (item.kind === 'update') {
          if (item.sampled && !warnedSampled) {
            warnedSampled = true;
            options.onNotice({ kind: 'sampled' });
          }
          if (item.records.length > 0) yield item.records;
        } else if (item.kind === 'timeout') ended = { reason: 'timeout' };
        else if (item.kind === 'interrupted') ended = { reason: 'interrupted', detail: item.message };
      }
      if (options.signal.aborted) return;
      options.onNotice({ kind: 'reconnect', reason: ended?.reason ?? 'interrupted', ...(ended?.detail ? { detail: ended.detail } : {}) });
      if (ended?.reason !== 'timeout') await sleep(1000, options.signal);
    }
  }
  return { batches: batches(), refusal: () => refusal };
}

/** Polls FilterLogEvents from the newest timestamp seen per group, skipping event ids already seen at that timestamp. */
async function* pollEvents(api: LogsApi, groups: readonly LogGroupRef[], options: FollowOptions): AsyncGenerator<CloudWatchEvent[]> {
  const state = new Map(groups.map((group) => [group.arn || group.name, { newest: options.since, idsAtNewest: new Set<string>() }]));
  while (!options.signal.aborted) {
    for (const group of groups) {
      const seen = state.get(group.arn || group.name)!;
      let nextToken: string | undefined;
      const start = seen.newest;
      do {
        if (options.signal.aborted) return;
        let page: Awaited<ReturnType<LogsApi['filterLogEvents']>>;
        try {
          page = await api.filterLogEvents(
            {
              group,
              start,
              ...(options.filterPattern !== undefined ? { filterPattern: options.filterPattern } : {}),
              ...(options.streamPrefix !== undefined ? { streamPrefix: options.streamPrefix } : {}),
              ...(nextToken !== undefined ? { nextToken } : {}),
            },
            options.signal,
          );
        } catch (error) {
          if (options.signal.aborted) return;
          throw error;
        }
        const fresh = page.records.filter((event) => isNew(event, seen));
        if (fresh.length > 0) yield fresh;
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
    }
    await sleep(options.pollIntervalMs ?? 5000, options.signal);
  }
}

function isNew(event: CloudWatchEvent, seen: { newest: number; idsAtNewest: Set<string> }): boolean {
  if (event.timestamp < seen.newest) return false;
  if (event.timestamp > seen.newest) {
    seen.newest = event.timestamp;
    seen.idsAtNewest = new Set([event.id]);
    return true;
  }
  if (seen.idsAtNewest.has(event.id)) return false;
  seen.idsAtNewest.add(event.id);
  return true;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
