import type { SlackMessage } from './card.js';

/** How one message is delivered; `fetch` and `sleep` are injectable for tests. */
export interface SendOptions {
  url: string;
  /** Per-attempt bound on the request, in ms. */
  timeoutMs: number;
  /** Total attempts, first one included. */
  maxAttempts?: number;
  /** First backoff for 5xx and timeouts; doubled each time. */
  baseDelayMs?: number;
  /** A 429 asking to wait longer than this fails instead of stalling the run. */
  maxRetryAfterMs?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** What happened to a message; a failure carries a one-line reason (to follow "Slack forwarding failed: ") that says what to do. */
export type SendResult =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; status?: number; permanent: boolean; reason: string };

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Used when a 429 comes without a usable Retry-After: Slack allows about one message per second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

type Attempt =
  | { kind: 'ok' }
  | { kind: 'http'; status: number; body: string; retryAfter: string | null }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

/**
 * Posts one message through @slack/webhook (loaded lazily: only `--slack` pays for it).
 * The library neither retries 429 nor exposes response headers, so it gets a fetch wrapper that
 * captures `Retry-After`, runs with `retries: 0`, and the retry policy lives here:
 * 429 waits Retry-After; 5xx, timeouts and network errors back off exponentially; other 4xx fail at once.
 */
export async function sendSlackMessage(message: SlackMessage, options: SendOptions): Promise<SendResult> {
  const { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError } = await import('@slack/webhook');
  const baseFetch = options.fetch ?? globalThis.fetch;
  let retryAfter: string | null = null;
  const webhook = new IncomingWebhook(options.url, {
    timeout: options.timeoutMs,
    retryConfig: { retries: 0 },
    fetch: async (url, init) => {
      const response = await baseFetch(url, init as RequestInit);
      retryAfter = response.headers.get('retry-after');
      return response;
    },
  });
  const attemptOnce = async (): Promise<Attempt> => {
    retryAfter = null;
    try {
      await webhook.send({ text: message.text, blocks: message.blocks as never, unfurl_links: false, unfurl_media: false });
      return { kind: 'ok' };
    } catch (error) {
      if (error instanceof IncomingWebhookHTTPError) {
        return { kind: 'http', status: error.statusCode, body: error.body, retryAfter };
      }
      if (error instanceof IncomingWebhookRequestError) {
        return isTimeout(error.original) ? { kind: 'timeout' } : { kind: 'network', message: describeNetworkError(error.original) };
      }
      throw error;
    }
  };
  return deliver(attemptOnce, options);
}

async function deliver(attemptOnce: () => Promise<Attempt>, options: SendOptions): Promise<SendResult> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const baseDelay = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxRetryAfter = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce();
    if (outcome.kind === 'ok') return { ok: true, attempts: attempt };
    const failure = describeFailure(outcome, attempt, options.timeoutMs);
    if (failure.permanent || attempt >= maxAttempts) return { ok: false, attempts: attempt, ...failure };

    let delay: number;
    if (outcome.kind === 'http' && outcome.status === 429) {
      delay = parseRetryAfter(outcome.retryAfter, now()) ?? DEFAULT_RETRY_AFTER_MS;
      if (delay > maxRetryAfter) {
        return {
          ok: false,
          attempts: attempt,
          status: 429,
          permanent: false,
          reason: `rate-limited (429) and asked to wait ${Math.ceil(delay / 1000)} s; try again later`,
        };
      }
    } else {
      // Jitter keeps many senders (e.g. concurrent Lambdas) from retrying in step.
      delay = baseDelay * 2 ** (attempt - 1) * (0.5 + random() / 2);
    }
    await sleep(delay);
  }
}

function describeFailure(outcome: Exclude<Attempt, { kind: 'ok' }>, attempts: number, timeoutMs: number): { status?: number; permanent: boolean; reason: string } {
  const tries = `after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (outcome.kind === 'timeout') {
    return { permanent: false, reason: `no answer within ${timeoutMs / 1000} s ${tries}; try again later or raise CLOUDSENTRY_SLACK_TIMEOUT` };
  }
  if (outcome.kind === 'network') {
    return { permanent: false, reason: `could not reach the webhook (${outcome.message}) ${tries}; check the network or proxy` };
  }
  const { status } = outcome;
  const code = errorCode(outcome.body);
  const label = code ? `${status} ${code}` : `${status}`;
  if (status === 429) return { status, permanent: false, reason: `still rate-limited (429) ${tries}; try again later` };
  if (status >= 500) return { status, permanent: false, reason: `server error ${label} ${tries}; try again later` };
  return { status, permanent: true, reason: permanentReason(status, code, label) };
}

function permanentReason(status: number, code: string | undefined, label: string): string {
  if (code === 'invalid_payload' || code === 'no_text' || (status === 400 && !code)) {
    return `message rejected (${label}); this is a cloudsentry bug, please report it`;
  }
  if (status === 410 || code === 'channel_is_archived') {
    return `the webhook's channel is archived (${label}); unarchive it or create a webhook for another channel`;
  }
  if (status === 404 || code === 'no_service' || code === 'channel_not_found' || code === 'no_active_hooks') {
    return `the webhook no longer exists or is disabled (${label}); create a new one and update SLACK_WEBHOOK_URL`;
  }
  if (status === 403 || status === 401) {
    return `webhook refused (${label}); check the app may post in that channel, or replace the webhook`;
  }
  return `message rejected (${label}); not retried`;
}

/** Slack answers with a short error string; anything else (an HTML page…) is not repeated. */
function errorCode(body: string): string | undefined {
  const text = body.trim();
  return /^[a-z_]{1,64}$/.test(text) && text !== 'ok' ? text : undefined;
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function isTimeout(error: Error): boolean {
  return error.name === 'TimeoutError' || error.name === 'AbortError';
}

function describeNetworkError(error: Error): string {
  const cause = (error as Error & { cause?: { code?: string } }).cause;
  return cause?.code ?? error.message.split('\n')[0] ?? 'network error';
}
