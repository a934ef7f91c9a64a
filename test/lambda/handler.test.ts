import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StateTable } from '../../src/aws/state/index.js';
import { createAgent } from '../../src/lambda/agent.js';
import { agentConfigFrom } from '../../src/lambda/config.js';
import { analyzeBatch } from '../../src/lambda/handler.js';
import { createAgentLog } from '../../src/lambda/log.js';
import { decodeSubscriptionEvent } from '../../src/lambda/payload.js';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeBedrock } from '../fakes/bedrock-runtime.js';
import { type FakeSecretsManager, startFakeSecretsManager } from '../fakes/secrets-manager.js';
import { SLACK_ERRORS, type SlackReceiver, startSlackReceiver } from '../fakes/slack-receiver.js';
import { type LocalDynamo, startDynalite, TEST_CREDENTIALS } from '../aws/state/dynalite.js';
import { bigBatch, controlEvent, databaseRefused, encode, splitStackTrace, subscriptionEvent, T0 } from './payloads.js';

const MINUTE = 60_000;
const GROUP = '/prod/payment-service';
const STREAM = '2026/12/03/[$LATEST]4f1c2b9e8d7a6b5c';
const API_KEY = 'sk-ant-api03-AgentTestKey-0123456789abcdefghijklmnop';
let dynamo: LocalDynamo;
let slack: SlackReceiver;
let claude: FakeAnthropic;
let secrets: FakeSecretsManager;
let table: StateTable;
let secretArn: string;
let secretCount = 0;

beforeAll(async () => {
  [dynamo, slack, claude, secrets] = await Promise.all([startDynalite(), startSlackReceiver(), startFakeAnthropic(), startFakeSecretsManager()]);
  vi.stubEnv('ANTHROPIC_BASE_URL', claude.url);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([dynamo.close(), slack.close(), claude.close(), secrets.close()]);
});
beforeEach(async () => {
  table = await dynamo.createTable();
  slack.requests.length = 0;
  claude.reset();
  secretArn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:cloudsentry-${++secretCount}-AbCdEf`;
  secrets.put(secretArn, JSON.stringify({ slackWebhookUrl: slack.url, anthropicApiKey: API_KEY }));
});

/** One execution environment of the agent (its own caches), on the shared fakes and this test's table. */
async function agent(env: Record<string, string> = {}, clock: { now: number } = { now: T0 }) {
  const lines: string[] = [];
  const config = agentConfigFrom({
    CLOUDSENTRY_TABLE: table.tableName,
    CLOUDSENTRY_SECRET_ARN: secretArn,
    CLOUDSENTRY_PROVIDER: 'anthropic',
    AWS_REGION: 'eu-west-1',
    ...env,
  });
  const handler = await createAgent(config, {
    log: createAgentLog((line) => lines.push(line)),
    now: () => clock.now,
    dynamo: dynamo.client,
    secretsClient: new SecretsManagerClient({ endpoint: secrets.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    sendOptions: { baseDelayMs: 1 },
  });
  return { handler, lines, logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const cards = () => slack.requests.map((r) => JSON.stringify(r.payload));

describe('Lambda handler: payloads', () => {
  it('ignores a CONTROL_MESSAGE without touching the secret, the table or Slack', async () => {
    const { handler, logs } = await agent();
    const before = secrets.requests.length;
    expect(await handler(controlEvent())).toEqual({ incidents: 0, posted: 0, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [] });
    expect(secrets.requests.length).toBe(before);
    expect(slack.requests).toHaveLength(0);
    expect(logs()[0]).toMatchObject({ level: 'info', message: 'CONTROL_MESSAGE ignored' });
  });

  it.each([
    ['not base64', { awslogs: { data: '%%% not base64 %%%' } }, 'not base64'],
    ['not gzip', { awslogs: { data: Buffer.from('plain text').toString('base64') } }, 'not gzip'],
    ['not JSON', encode('{"messageType": "DATA_MESSAGE", '), 'not JSON'],
    ['wrong shape', encode(JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: GROUP, logEvents: 'nope' })), 'not a DATA_MESSAGE'],
    ['no awslogs at all', { Records: [] }, 'no awslogs.data'],
  ])('logs and counts a malformed payload (%s) and never throws', async (_name, event, reason) => {
    const { handler, logs } = await agent();
    const result = await handler(event);
    expect(result).toMatchObject({ malformed: 1, posted: 0 });
    expect(result.errors[0]).toContain(reason);
    expect(logs()[0]).toMatchObject({ level: 'error', malformed: 1 });
    expect(slack.requests).toHaveLength(0);
  });

  it('reassembles a stack trace split across events into one incident with its frames', async () => {
    const payload = decodeSubscriptionEvent(subscriptionEvent(GROUP, STREAM, splitStackTrace()));
    if (payload.kind !== 'data') throw new Error('expected data');
    const { incidents } = analyzeBatch(payload.payload);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.sample).toContain('PaymentService.charge(PaymentService.java:142)');
    expect(incidents[0]!.sample).toContain('NullPointerException');

    const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    expect(await handler(subscriptionEvent(GROUP, STREAM, splitStackTrace()))).toMatchObject({ incidents: 1, posted: 1 });
    expect(cards()[0]).toContain('NullPointerException');
  });

  it('posts one card per new incident, naming the log group and stream with a console link', async () => {
    const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    const result = await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(40)));
    expect(result).toEqual({ incidents: 1, posted: 1, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [] });
    expect(slack.requests).toHaveLength(1);
    expect(slack.violations()).toEqual([]);
    const card = cards()[0]!;
    expect(card).toContain('Log group `/prod/payment-service`');
    expect(card).toContain('stream `2026/12/03/[$LATEST]4f1c2b9e8d7a6b5c`');
    expect(card).toContain('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fprod$252Fpayment-service/log-events/');
    expect(card).toContain('*Count*\\n40');
  });

  it('handles a 1 MB batch of 10,000 events in one invocation', async () => {
    const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    const event = subscriptionEvent(GROUP, STREAM, bigBatch(10_000));
    const result = await handler(event);
    expect(result.incidents).toBeGreaterThanOrEqual(2);
    expect(result.posted).toBe(Math.min(result.incidents, 3));
    expect(slack.violations()).toEqual([]);
  });
});

describe('Lambda handler: storm suppression across invocations', () => {
  it('two concurrent invocations of one new incident post exactly one card', async () => {
    const [a, b] = await Promise.all([agent({ CLOUDSENTRY_PROVIDER: 'offline' }), agent({ CLOUDSENTRY_PROVIDER: 'offline' })]);
    const results = await Promise.all([a.handler(subscriptionEvent(GROUP, STREAM, databaseRefused(5))), b.handler(subscriptionEvent(GROUP, `${STREAM}-b`, databaseRefused(7)))]);
    expect(slack.requests).toHaveLength(1);
    expect(results.map((r) => r.posted).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.suppressed).sort()).toEqual([0, 1]);
  });

  it('posts nothing within the cooldown, then one "still happening" follow-up with the fleet-wide count', async () => {
    const clock = { now: T0 };
    const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'offline', CLOUDSENTRY_COOLDOWN_MINUTES: '30' }, clock);
    await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(10)));
    clock.now = T0 + 10 * MINUTE;
    expect(await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(5, clock.now)))).toMatchObject({ posted: 0, suppressed: 1 });
    expect(slack.requests).toHaveLength(1);

    clock.now = T0 + 31 * MINUTE;
    const [x, y] = await Promise.all([
      handler(subscriptionEvent(GROUP, STREAM, databaseRefused(2, clock.now))),
      handler(subscriptionEvent(GROUP, STREAM, databaseRefused(2, clock.now))),
    ]);
    expect(x.followUps + y.followUps).toBe(1);
    expect(slack.requests).toHaveLength(2);
    expect(cards()[1]).toMatch(/still happening\*: ×(17|19) since 2026-12-03 16:00 UTC/);
  });
});

describe('Lambda handler: Claude, the cache and the cap', () => {
  it('asks Claude once for a new incident and caches the answer for the fleet', async () => {
    const { handler } = await agent();
    const first = await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)));
    expect(first).toMatchObject({ posted: 1, llmCalls: 1, errors: [] });
    expect(claude.requests).toHaveLength(1);
    expect(cards()[0]).toContain('Fake diagnosis for i1');
    // The key went as a bearer token to the API, never into the prompt.
    expect(claude.requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(claude.requests[0]!.raw).not.toContain(API_KEY);

    // Another execution environment, after the cooldown: the answer comes from the table, not from Claude.
    const clock = { now: T0 + 40 * MINUTE };
    const other = await agent({}, clock);
    const later = await other.handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3, clock.now)));
    expect(later).toMatchObject({ followUps: 1, llmCalls: 0 });
    expect(claude.requests).toHaveLength(1);
    expect(cards()[1]).toContain('Fake diagnosis for i1');
  });

  it('uses the offline diagnosis above the per-minute LLM cap, and still posts', async () => {
    const { handler } = await agent({ CLOUDSENTRY_LLM_CALLS_PER_MINUTE: '1' });
    const a = await handler(subscriptionEvent('/prod/a', STREAM, databaseRefused(2)));
    const b = await handler(subscriptionEvent('/prod/b', STREAM, splitStackTrace()));
    expect(a).toMatchObject({ posted: 1, llmCalls: 1 });
    expect(b).toMatchObject({ posted: 1, llmCalls: 0 });
    expect(b.errors).toContain('LLM call cap reached for this minute; offline diagnosis used');
    expect(claude.requests).toHaveLength(1);
    expect(cards()[1]).toContain('"Engine"'.slice(1, -1));
    expect(cards()[1]).toContain('rules (confidence');
  });

  it('falls back to the offline diagnosis when Claude is down, and still posts the card', async () => {
    claude.script(...Array.from({ length: 3 }, () => ({ kind: 'error' as const, status: 529, type: 'overloaded_error', headers: { 'retry-after-ms': '1' } })));
    const { handler } = await agent();
    const result = await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)));
    expect(result).toMatchObject({ posted: 1 });
    expect(result.errors.join(' ')).toMatch(/Claude is unavailable \(529 overloaded_error\)/);
    expect(cards()[0]).toContain('rules (confidence');
  });
});

describe('Lambda handler: Claude on Bedrock', () => {
  it('signs with the function role (no API key in the secret) and posts the Bedrock answer', async () => {
    const bedrock = await startFakeBedrock({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    vi.stubEnv('ANTHROPIC_BEDROCK_BASE_URL', bedrock.url);
    try {
      secrets.put(secretArn, JSON.stringify({ slackWebhookUrl: slack.url }));
      const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'bedrock' });
      const result = await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)));
      expect(result).toMatchObject({ posted: 1, llmCalls: 1, errors: [] });
      expect(bedrock.requests).toHaveLength(1);
      expect(bedrock.requests[0]).toMatchObject({ modelId: 'global.anthropic.claude-haiku-5-5', signatureValid: true });
      expect(cards()[0]).toContain('Bedrock diagnosis for i1');
      expect(claude.requests).toHaveLength(0);
    } finally {
      await bedrock.close();
    }
  });
});

describe('Lambda handler: failure semantics', () => {
  it('throws on a Slack 5xx after retries and gives the claim back, so the retried event posts the card', async () => {
    slack.script(SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError, SLACK_ERRORS.rollupError);
    const { handler, logs } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    const event = subscriptionEvent(GROUP, STREAM, databaseRefused(3));
    await expect(handler(event)).rejects.toThrow(/Slack: server error 500 rollup_error/);
    expect(logs().at(-1)).toMatchObject({ level: 'error', posted: 0 });
    // Lambda's asynchronous retry delivers the same event again.
    expect(await handler(event)).toMatchObject({ posted: 1 });
    expect(slack.requests).toHaveLength(4);
  });

  it('throws on a Slack 429 that asks to wait too long', async () => {
    slack.script({ status: 429, retryAfter: '120' });
    const { handler } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    await expect(handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)))).rejects.toThrow(/rate-limited \(429\)/);
  });

  it.each([
    ['400', SLACK_ERRORS.invalidPayload],
    ['403', SLACK_ERRORS.actionProhibited],
    ['404', SLACK_ERRORS.noService],
    ['410', SLACK_ERRORS.channelIsArchived],
  ])('logs a permanent Slack %s and does not throw (a retry would fail the same way)', async (_code, reply) => {
    slack.script(reply);
    const { handler, logs } = await agent({ CLOUDSENTRY_PROVIDER: 'offline' });
    const result = await handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)));
    expect(result.posted).toBe(0);
    expect(result.errors[0]).toMatch(/^Slack: /);
    expect(logs().some((line) => line.message === 'incident' && line.fingerprint)).toBe(true);
    expect(slack.requests).toHaveLength(1);
  });

  it('reports a missing or unusable secret without throwing', async () => {
    const missing = await agent({ CLOUDSENTRY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nope-AbCdEf' });
    const result = await missing.handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)));
    expect(result.errors[0]).toContain('ResourceNotFoundException');
    secrets.put(secretArn, 'not json');
    const bad = await agent();
    expect((await bad.handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)))).errors[0]).toContain('not JSON');
    expect(slack.requests).toHaveLength(0);
  });

  it('throws when the secret cannot be read for a transient reason', async () => {
    secrets.script({ kind: 'error', status: 500, type: 'InternalServiceError' });
    const { handler } = await agent();
    await expect(handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)))).rejects.toMatchObject({ retryable: true });
  });

  it('throws when DynamoDB is unreachable, so the event is retried', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const lines: string[] = [];
    const handler = await createAgent(agentConfigFrom({ CLOUDSENTRY_TABLE: table.tableName, CLOUDSENTRY_SECRET_ARN: secretArn, CLOUDSENTRY_PROVIDER: 'offline' }), {
      log: createAgentLog((line) => lines.push(line)),
      now: () => T0,
      dynamo: new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
      secretsClient: new SecretsManagerClient({ endpoint: secrets.url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    });
    await expect(handler(subscriptionEvent(GROUP, STREAM, databaseRefused(3)))).rejects.toMatchObject({ retryable: true });
    expect(slack.requests).toHaveLength(0);
  });

  it('ignores batches from its own log group', async () => {
    const { handler } = await agent({ CLOUDSENTRY_OWN_LOG_GROUP: '/aws/lambda/cloudsentry' });
    const result = await handler(subscriptionEvent('/aws/lambda/cloudsentry', STREAM, databaseRefused(3)));
    expect(result).toMatchObject({ incidents: 0, posted: 0 });
    expect(result.errors[0]).toContain("agent's own log group");
  });
});

describe("Lambda handler: the agent's own logs", () => {
  it('writes one JSON line per batch with level, logGroup, counts, tokens and ms, and never a secret', async () => {
    const leaky = [
      `${new Date(T0).toISOString()}\tERROR\tAuthorization failed with key ${API_KEY} posting to ${slack.url}`,
      `${new Date(T0).toISOString()}\tERROR\tError: connect ECONNREFUSED 10.0.3.17:5432 password=hunter2hunter2`,
    ].map((message, i) => ({ timestamp: T0 + i, message }));
    slack.script(SLACK_ERRORS.noService);
    const { handler, lines, logs } = await agent();
    const result = await handler(subscriptionEvent(GROUP, STREAM, leaky));
    const summary = logs().at(-1)!;
    expect(summary).toMatchObject({ level: 'error', logGroup: GROUP, incidents: result.incidents, posted: 0, suppressed: 0 });
    expect(typeof summary.ms).toBe('number');
    expect(summary.tokens).toMatchObject({ input: expect.any(Number), output: expect.any(Number) });
    const everything = lines.join('\n') + JSON.stringify(result) + cards().join('\n') + claude.requests.map((r) => r.raw).join('\n');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain('/services/T000/B000/XXXX');
    expect(everything).not.toContain('hunter2hunter2');
  });
});
