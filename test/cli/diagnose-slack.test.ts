import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_ERRORS, type SlackReceiver, type SlackReply, startSlackReceiver } from '../fakes/slack-receiver.js';
import { BIN, runCli } from '../helpers/cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/slack/${name}`, import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

let receiver: SlackReceiver;
let cacheHome: string;

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`build first (npx tsc -p tsconfig.build.json): ${BIN} needs ${DIST}`);
  receiver = await startSlackReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
  cacheHome = mkdtempSync(join(tmpdir(), 'cloudsentry-slack-cli-'));
});

function diagnose(args: string[], env: Record<string, string | undefined> = {}) {
  return runCli(['diagnose', ...args, '--offline'], {
    env: { SLACK_WEBHOOK_URL: receiver.url, XDG_CACHE_HOME: cacheHome, CLOUDSENTRY_SLACK_TIMEOUT: '10', ...env },
  });
}

describe('diagnose --slack', () => {
  it('prints the diagnosis, posts one valid card and records it', async () => {
    const run = await diagnose([fixture('storm.log'), '--slack']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cloudsentry: \d+ incidents/);
    expect(run.stderr).toMatch(/^cloudsentry: Slack: posted 3 incidents$/m);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.violations()).toEqual([]);
    const payload = receiver.requests[0]!.payload as { text: string; blocks: { type: string }[] };
    expect(payload.blocks.filter((b) => b.type === 'header')).toHaveLength(3);
    expect(payload.text).toMatch(/· cloudsentry$/);
    const state = JSON.parse(readFileSync(join(cacheHome, 'cloudsentry', 'slack-posted.json'), 'utf8'));
    expect(Object.keys(state.posted)).toHaveLength(3);
  });

  it('posts the incidents left out by --slack-top on the next run', async () => {
    expect((await diagnose([fixture('secrets.log'), '--slack'])).stderr).toMatch(/posted 3 incidents$/m);
    const next = await diagnose([fixture('secrets.log'), '--slack']);
    expect(next.stderr).toMatch(/posted 1 incident \(3 left out: posted in the last 30 min\)$/m);
    expect(receiver.requests).toHaveLength(2);
  });

  it('shows the top N given by --slack-top', async () => {
    const run = await diagnose([fixture('storm.log'), '--slack', '--slack-top', '1']);
    expect(run.code).toBe(0);
    const payload = receiver.requests[0]!.payload as { blocks: { type: string }[] };
    expect(payload.blocks.filter((b) => b.type === 'header')).toHaveLength(1);
    expect(JSON.stringify(payload)).toMatch(/more incidents not shown/);
  });

  it('does not repost within the cooldown, posts again with --force', async () => {
    expect((await diagnose([fixture('secrets.log'), '--slack', '--slack-top', '10'])).code).toBe(0);
    expect(receiver.requests).toHaveLength(1);

    const second = await diagnose([fixture('secrets.log'), '--slack']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/incident/);
    expect(second.stderr).toBe('cloudsentry: Slack: all 4 incidents were already posted in the last 30 min; nothing sent (use --force to post again)\n');
    expect(receiver.requests).toHaveLength(1);

    expect((await diagnose([fixture('secrets.log'), '--slack', '--force'])).code).toBe(0);
    expect(receiver.requests).toHaveLength(2);

    expect((await diagnose([fixture('secrets.log'), '--slack', '--slack-cooldown', '0'])).code).toBe(0);
    expect(receiver.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    receiver.script({ status: 429, retryAfter: '1' });
    const run = await diagnose([fixture('secrets.log'), '--slack']);
    expect(run.code).toBe(0);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.at - receiver.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx, then exits 3 with the diagnosis printed and one line on stderr', async () => {
    receiver.script(SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError);
    const run = await diagnose([fixture('secrets.log'), '--slack']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/cloudsentry: \d+ incident/);
    expect(run.stderr.trim()).toBe('cloudsentry: Slack forwarding failed: server error 500 rollup_error after 3 attempts; try again later');
    expect(receiver.requests).toHaveLength(3);
  });

  it('times out, retries, then exits 3', async () => {
    const slow: SlackReply = { status: 'slow', delayMs: 5000 };
    receiver.script(slow, slow, slow);
    const run = await diagnose([fixture('secrets.log'), '--slack'], { CLOUDSENTRY_SLACK_TIMEOUT: '0.5' });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Slack forwarding failed: no answer within 0.5 s after 3 attempts/);
  });

  it.each([
    [SLACK_ERRORS.invalidPayload, 'message rejected (400 invalid_payload)'],
    [SLACK_ERRORS.actionProhibited, 'webhook refused (403 action_prohibited)'],
    [SLACK_ERRORS.noService, 'the webhook no longer exists or is disabled (404 no_service)'],
    [SLACK_ERRORS.channelIsArchived, "the webhook's channel is archived (410 channel_is_archived)"],
  ])('does not retry %o and exits 3', async (reply, reason) => {
    receiver.script(reply);
    const run = await diagnose([fixture('secrets.log'), '--slack']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/incident/);
    expect(run.stderr).toContain(`cloudsentry: Slack forwarding failed: ${reason}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
    // Nothing was posted, so nothing is in cooldown: the next run tries again.
    expect((await diagnose([fixture('secrets.log'), '--slack'])).code).toBe(0);
  });

  it('never sends a secret from the log, even with --no-redact', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack', '--no-redact', '--slack-top', '10']);
    expect(run.code).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    const body = receiver.requests[0]!.raw;
    for (const secret of ['hunter2-Sup3r', 'AKIAQ7V3XK2LM9PZ4TRW', 'Pg-Secr3t-77', 'jane.doe@example.com']) {
      expect(body).not.toContain(secret);
    }
  });

  it('leaves every mention, link and fence in the log inert', async () => {
    const run = await diagnose([fixture('injection.log'), '--slack', '--slack-top', '10']);
    expect(run.code).toBe(0);
    expect(receiver.violations()).toEqual([]);
    const payload = receiver.requests[0]!.payload;
    const strings = JSON.stringify(payload);
    expect(strings).not.toMatch(/[<>]/);
    expect(strings).not.toMatch(/@(here|channel|everyone)\b/);
    expect(strings).not.toMatch(/"link_names"/);
  });

  it('refuses a webhook that is neither https nor loopback before reading input (exit 2)', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack'], { SLACK_WEBHOOK_URL: 'http://example.com/services/T/B/SECRETTOKEN' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('cloudsentry: SLACK_WEBHOOK_URL must be an https:// URL (plain http is accepted only for loopback test receivers)\n');
  });

  it('names SLACK_WEBHOOK_URL when --slack has no webhook (exit 2)', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack'], { SLACK_WEBHOOK_URL: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set SLACK_WEBHOOK_URL \(preferred\) or pass --slack-webhook <url>/);
  });

  it('takes the webhook from --slack-webhook alone', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack-webhook', receiver.url], { SLACK_WEBHOOK_URL: undefined });
    expect(run.code).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it('neither contacts Slack nor loads @slack/webhook without --slack', async () => {
    const run = await diagnose([fixture('secrets.log')], { NODE_DEBUG: 'module' });
    expect(run.code).toBe(0);
    expect(receiver.requests).toHaveLength(0);
    expect(run.stderr).not.toMatch(/@slack[\\/]webhook/);
  });

  it('keeps stdout pure JSON with --json: Slack notices go to stderr', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack', '--json']);
    expect(run.code).toBe(0);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(run.stderr).toMatch(/Slack: posted/);
  });

  it('sends nothing for a log without errors', async () => {
    const run = await diagnose(['--text', 'all good\nstill fine', '--slack']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('cloudsentry: Slack: no incidents, nothing sent\n');
    expect(receiver.requests).toHaveLength(0);
  });

  it('refuses --slack-top 0 before reading input (exit 2)', async () => {
    const run = await diagnose([fixture('secrets.log'), '--slack', '--slack-top', '0']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--slack-top must be a whole number of at least 1/);
  });
});
