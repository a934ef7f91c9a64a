import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../../src/sinks/slack/card.js';
import { parseRetryAfter, sendSlackMessage, type SendOptions } from '../../../src/sinks/slack/send.js';
import { SLACK_ERRORS, type SlackReceiver, startSlackReceiver } from '../../fakes/slack-receiver.js';

const message: SlackMessage = { text: 'HIGH: something broke · cloudsentry', blocks: [{ type: 'divider' }] };

let receiver: SlackReceiver;
let slept: number[];

beforeEach(async () => {
  receiver = await startSlackReceiver();
  slept = [];
});
afterEach(() => receiver.close());

function options(overrides: Partial<SendOptions> = {}): SendOptions {
  return {
    url: receiver.url,
    timeoutMs: 2000,
    sleep: async (ms) => void slept.push(ms),
    random: () => 1,
    ...overrides,
  };
}

describe('sendSlackMessage', () => {
  it('posts the message once through @slack/webhook on 200', async () => {
    const result = await sendSlackMessage(message, options());
    expect(result).toEqual({ ok: true, attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/services/T000/B000/XXXX');
    expect(request.headers['user-agent']).toMatch(/@slack:webhook\/8/);
    expect(request.payload).toEqual({ text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    expect(receiver.violations()).toEqual([]);
  });

  it('waits Retry-After seconds after a 429, then succeeds', async () => {
    receiver.script({ status: 429, retryAfter: '2' });
    const result = await sendSlackMessage(message, options());
    expect(result).toEqual({ ok: true, attempts: 2 });
    expect(slept).toEqual([2000]);
  });

  it('waits one second after a 429 without Retry-After', async () => {
    receiver.script({ status: 429 });
    expect(await sendSlackMessage(message, options())).toEqual({ ok: true, attempts: 2 });
    expect(slept).toEqual([1000]);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    receiver.script({ status: 429, retryAfter: '3600' });
    const result = await sendSlackMessage(message, options());
    expect(result).toMatchObject({ ok: false, attempts: 1, status: 429, permanent: false });
    expect(result.ok === false && result.reason).toMatch(/rate-limited \(429\) and asked to wait 3600 s/);
    expect(slept).toEqual([]);
  });

  it('reports a 429 that never clears after the bounded number of attempts', async () => {
    receiver.script({ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' });
    const result = await sendSlackMessage(message, options());
    expect(result).toMatchObject({ ok: false, attempts: 3, status: 429 });
    expect(receiver.requests).toHaveLength(3);
  });

  it('retries 5xx with exponential backoff, then succeeds', async () => {
    receiver.script(SLACK_ERRORS.rollupError, { status: 503, body: '' });
    expect(await sendSlackMessage(message, options())).toEqual({ ok: true, attempts: 3 });
    expect(slept).toEqual([500, 1000]);
  });

  it('stops after three 5xx and says so in one line', async () => {
    receiver.script(SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError);
    const result = await sendSlackMessage(message, options());
    expect(result).toEqual({
      ok: false,
      attempts: 3,
      status: 500,
      permanent: false,
      reason: 'server error 500 rollup_error after 3 attempts; try again later',
    });
  });

  it.each([
    [SLACK_ERRORS.invalidPayload, /^message rejected \(400 invalid_payload\); this is a cloudsentry bug/],
    [SLACK_ERRORS.actionProhibited, /^webhook refused \(403 action_prohibited\)/],
    [SLACK_ERRORS.noService, /^the webhook no longer exists or is disabled \(404 no_service\).*SLACK_WEBHOOK_URL/],
    [SLACK_ERRORS.channelIsArchived, /^the webhook's channel is archived \(410 channel_is_archived\)/],
  ])('does not retry a permanent error: %o', async (reply, reason) => {
    receiver.script(reply);
    const result = await sendSlackMessage(message, options());
    expect(result).toMatchObject({ ok: false, attempts: 1, status: reply.status, permanent: true });
    expect(result.ok === false && result.reason).toMatch(reason);
    expect(result.ok === false && result.reason).not.toContain('\n');
    expect(receiver.requests).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('does not repeat a non-Slack error page in its message', async () => {
    receiver.script({ status: 403, body: '<html><body>Forbidden by proxy</body></html>' });
    const result = await sendSlackMessage(message, options());
    expect(result.ok === false && result.reason).toMatch(/^webhook refused \(403\);/);
  });

  it('retries a timeout with backoff and reports it', async () => {
    receiver.script({ status: 'slow', delayMs: 5000 }, { status: 'slow', delayMs: 5000 }, { status: 'slow', delayMs: 5000 });
    const result = await sendSlackMessage(message, options({ timeoutMs: 400 }));
    expect(result).toMatchObject({ ok: false, attempts: 3, permanent: false });
    expect(result.ok === false && result.reason).toMatch(/^no answer within 0.4 s after 3 attempts/);
    expect(slept).toEqual([500, 1000]);
  });

  it('recovers when a slow answer is followed by a quick one', async () => {
    receiver.script({ status: 'slow', delayMs: 5000 });
    expect(await sendSlackMessage(message, options({ timeoutMs: 1000 }))).toEqual({ ok: true, attempts: 2 });
  });

  it('reports an unreachable webhook without printing its URL', async () => {
    const url = receiver.url;
    await receiver.close();
    const result = await sendSlackMessage(message, options({ url }));
    expect(result).toMatchObject({ ok: false, attempts: 3, permanent: false });
    expect(result.ok === false && result.reason).toMatch(/^could not reach the webhook \(ECONNREFUSED\)/);
    expect(result.ok === false && result.reason).not.toContain('/services/');
    receiver = await startSlackReceiver();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
