import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResult } from '../../src/lambda/handler.js';
import { type FakeSecretsManager, startFakeSecretsManager } from '../fakes/secrets-manager.js';
import { type SlackReceiver, startSlackReceiver } from '../fakes/slack-receiver.js';
import { type LocalDynamo, startDynalite, TEST_CREDENTIALS } from '../aws/state/dynalite.js';
import { controlEvent, databaseRefused, splitStackTrace, subscriptionEvent } from './payloads.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ZIP = join(ROOT, 'dist/agent/cloudsentry-agent.zip');
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cloudsentry-zip-AbCdEf';

let dynamo: LocalDynamo;
let slack: SlackReceiver;
let secrets: FakeSecretsManager;

beforeAll(async () => {
  [dynamo, slack, secrets] = await Promise.all([startDynalite(), startSlackReceiver(), startFakeSecretsManager()]);
});
afterAll(async () => {
  await Promise.all([dynamo.close(), slack.close(), secrets.close()]);
});

describe('the packaged agent (dist/agent/cloudsentry-agent.zip)', () => {
  it('holds exactly one file, index.mjs, with a fixed time', () => {
    const entries = unzipSync(readFileSync(ZIP));
    expect(Object.keys(entries)).toEqual(['index.mjs']);
    expect(entries['index.mjs']!.length).toBeGreaterThan(100_000);
  });

  it('is reproducible: building again gives the same bytes', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'cloudsentry-agent-')), 'agent.zip');
    execFileSync(process.execPath, ['scripts/build-agent.mjs'], { cwd: ROOT, env: { ...process.env, CLOUDSENTRY_AGENT_ZIP: copy, CLOUDSENTRY_BUILD_QUIET: '1' }, stdio: 'pipe' });
    expect(readFileSync(copy).equals(readFileSync(ZIP))).toBe(true);
  }, 60_000);

  it('unzipped and imported by a plain Node process, its handler posts one card per new incident against the fakes and DynamoDB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-lambda-'));
    writeFileSync(join(dir, 'index.mjs'), unzipSync(readFileSync(ZIP))['index.mjs']!);
    const table = await dynamo.createTable();
    secrets.put(ARN, JSON.stringify({ slackWebhookUrl: slack.url }));
    const stream = '2026/12/03/[$LATEST]0123456789abcdef';
    // Invocations in order; each inner array runs concurrently, as Lambda runs copies side by side.
    const rounds = [
      [controlEvent()],
      [subscriptionEvent('/prod/payment-service', stream, databaseRefused(20)), subscriptionEvent('/prod/payment-service', stream, databaseRefused(20))],
      [subscriptionEvent('/prod/payment-service', stream, splitStackTrace())],
    ];
    writeFileSync(join(dir, 'rounds.json'), JSON.stringify(rounds));
    // What the Lambda runtime does: import the module, call `handler` with each event; results go to stderr here.
    const runner = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
      const rounds = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(join(dir, 'rounds.json'))}, 'utf8'));
      const results = [];
      for (const round of rounds) results.push(await Promise.all(round.map((event) => handler(event))));
      process.stderr.write(JSON.stringify(results));`;
    const env = {
      PATH: process.env.PATH ?? '',
      // The environment the template gives the function, plus the SDK's endpoint overrides for the fakes.
      CLOUDSENTRY_TABLE: table.tableName,
      CLOUDSENTRY_SECRET_ARN: ARN,
      CLOUDSENTRY_PROVIDER: 'anthropic',
      CLOUDSENTRY_COOLDOWN_MINUTES: '30',
      CLOUDSENTRY_OWN_LOG_GROUP: '/aws/lambda/cloudsentry',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      NODE_NO_WARNINGS: '1',
    };
    const { stdout, stderr } = await run(process.execPath, ['--input-type=commonjs', '-e', `(async () => {${runner}})().catch((e) => { console.error(e); process.exit(1); })`], dir, env);
    const results = JSON.parse(stderr) as AgentResult[][];
    expect(results[0]![0]).toMatchObject({ incidents: 0, posted: 0, errors: [] });
    expect(results[1]!.map((r) => r.posted).sort()).toEqual([0, 1]);
    expect(results[1]!.map((r) => r.suppressed).sort()).toEqual([0, 1]);
    expect(results[2]![0]).toMatchObject({ posted: 1, errors: [] });
    expect(slack.requests).toHaveLength(2);
    expect(slack.violations()).toEqual([]);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ level: 'info', logGroup: '/prod/payment-service', posted: 1 });
    expect(stdout).not.toContain('/services/T000/B000/XXXX');
  }, 60_000);
});

/** Runs a child process to completion without blocking this one (the fakes answer it from here). */
function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}
