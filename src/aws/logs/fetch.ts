import type { CloudWatchEvent, LogGroupRef, LogsApi } from './api.js';

/** The window and filters of one fetch. */
export interface FetchOptions {
  /** Epoch ms, inclusive. */
  start: number;
  end: number;
  filterPattern?: string;
  streamPrefix?: string;
  /** Groups read at the same time (default 5, the FilterLogEvents quota per second). */
  concurrency?: number;
  signal?: AbortSignal;
}

/** One FilterLogEvents page of one group, as it arrives. */
export interface FetchedPage {
  group: LogGroupRef;
  events: CloudWatchEvent[];
  /** True on the group's last page (no nextToken came back). */
  last: boolean;
}

/**
 * Every event of every group in the window, page by page as pages arrive. Each group's pages are followed
 * until no nextToken remains (pages may be partial or empty while a token still comes back). Groups are
 * read concurrently, at most one page ahead of the consumer each, so memory stays bounded however many
 * events there are; stopping the iteration early cancels the requests in flight.
 */
export async function* fetchEvents(api: LogsApi, groups: readonly LogGroupRef[], options: FetchOptions): AsyncGenerator<FetchedPage> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    yield* merge(
      groups.map((group) => () => groupPages(api, group, options, controller.signal)),
      Math.max(1, options.concurrency ?? 5),
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}

async function* groupPages(api: LogsApi, group: LogGroupRef, options: FetchOptions, signal: AbortSignal): AsyncGenerator<FetchedPage> {
  let nextToken: string | undefined;
  do {
    const page = await api.filterLogEvents(
      {
        group,
        start: options.start,
        end: options.end,
        ...(options.filterPattern !== undefined ? { filterPattern: options.filterPattern } : {}),
        ...(options.streamPrefix !== undefined ? { streamPrefix: options.streamPrefix } : {}),
        ...(nextToken !== undefined ? { nextToken } : {}),
      },
      signal,
    );
    nextToken = page.nextToken;
    yield { group, events: page.records, last: nextToken === undefined };
  } while (nextToken !== undefined);
}

type Step<T> = { index: number; result: IteratorResult<T> };

/** Interleaves the values of several async iterators as they come, running at most `concurrency` at a time. */
async function* merge<T>(sources: readonly (() => AsyncIterator<T>)[], concurrency: number): AsyncGenerator<T> {
  const iterators = new Map<number, AsyncIterator<T>>();
  const pending = new Map<number, Promise<Step<T>>>();
  let started = 0;
  const pull = (index: number): void => {
    const step = iterators.get(index)!.next().then((result) => ({ index, result }));
    step.catch(() => {}); // Rethrown by the race below; this only keeps a late rejection from going unhandled.
    pending.set(index, step);
  };
  const startNext = (): void => {
    const index = started++;
    iterators.set(index, sources[index]!());
    pull(index);
  };
  while (started < sources.length && pending.size < concurrency) startNext();
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        iterators.delete(index);
        if (started < sources.length) startNext();
        continue;
      }
      pull(index); // Fetch this source's next value while the consumer handles this one.
      yield result.value;
    }
  } finally {
    for (const iterator of iterators.values()) void iterator.return?.()?.catch?.(() => {});
  }
}
