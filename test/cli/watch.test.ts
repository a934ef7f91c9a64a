import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeCloudWatchLogs, startFakeCloudWatchLogs } from '../fakes/cloudwatch-logs.js';
import { BIN, runCli, SCRATCH } from '../helpers/cli.js';

// End to end: the built CLI, the real SDK, the loopback fake reached through AWS_ENDPOINT_URL.
let logs: FakeCloudWatchLogs;
const NOW = Date.now();
const MIN = 60_000;

/** Schema version 1 of `--json` (README) with the fields `watch` adds to each incident; the document stays strict. */
const WATCH_DOCUMENT = z
  .object({
    version: z.literal(1),
    incidents: z.array(
      z
        .object({
          fingerprint: z.string().min(1),
          pattern: z.string(),
          count: z.number().int().positive(),
          firstSeen: z.string().datetime().nullable(),
          lastSeen: z.string().datetime().nullable(),
          sample: z.string(),
          diagnosis: z.object({ category: z.string(), severity: z.string(), title: z.string(), rootCause: z.string(), remediation: z.array(z.string()) }).passthrough(),
          logGroups: z.array(z.string()).min(1).max(10),
          logStreams: z.array(z.string()).max(10),
          consoleUrl: z.string().url(),
        })
        .strict(),
    ),
    summary: z.object({ events: z.number().int(), errorEvents: z.number().int(), incidents: z.number().int() }).passthrough(),
  })
  .strict();

/** Error events seeded inside the last 2 hours; the summary must account for every one. */
let errorsInWindow = 0;

beforeAll(async () => {
  logs = await startFakeCloudWatchLogs({ pageSize: 7 });
  const lambdaStream = '2026/12/03/[$LATEST]4f1c2d';
  const events = [];
  for (let i = 0; i < 30; i++) {
    const t = NOW - 100 * MIN + i * 3 * MIN;
    events.push({ timestamp: t, message: `2026-12-03T10:00:00.000Z INFO [payment-service] charge ok order=${1000 + i}\n` });
    if (i % 3 === 0) {
      events.push({ timestamp: t + 1, message: `2026-12-03T10:00:00.001Z ERROR [payment-service] charge failed order=${1000 + i}\nError: connect ECONNREFUSED 10.0.3.17:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)\n` });
      errorsInWindow++;
    }
  }
  logs.putEvents('/prod/payment-service', 'api-1', events);
  const lambda = [];
  for (let i = 0; i < 4; i++) {
    lambda.push({ timestamp: NOW - 50 * MIN + i * MIN, message: `2026-12-03T10:30:00.000Z 5e8b1c2a-3f4d-4e5f-8a9b-0c1d2e3f4a5${i} Task timed out after 3.00 seconds\n` });
    errorsInWindow++;
  }
  logs.putEvents('/prod/payment-service', lambdaStream, lambda);
  // Outside the window: must not be counted.
  logs.putEvents('/prod/payment-service', 'api-1', [{ timestamp: NOW - 5 * 60 * MIN, message: 'ERROR old failure: disk full ENOSPC' }]);
});
afterAll(async () => logs.close());

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { ...logs.env(), ...extra };
}

describe('cloudsentry watch (against the fake)', () => {
  it('prints incidents for --since 2h and accounts for every error event in the window', async () => {
    const run = await runCli(['watch', '/prod/payment-service', '--since', '2h', '--json'], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = WATCH_DOCUMENT.parse(JSON.parse(run.stdout));
    const total = doc.incidents.reduce((sum, incident) => sum + incident.count, 0);
    expect(total).toBe(errorsInWindow);
    expect(doc.summary.errorEvents).toBe(errorsInWindow);
    expect(doc.incidents.map((i) => i.diagnosis.category).sort()).toEqual(['database.connection', 'resource.timeout']);
    const timeout = doc.incidents.find((i) => i.diagnosis.category === 'resource.timeout')!;
    expect(timeout.logGroups).toEqual(['/prod/payment-service']);
    expect(timeout.logStreams).toEqual(['2026/12/03/[$LATEST]4f1c2d']);
    expect(timeout.consoleUrl).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/\$252Fprod\$252Fpayment-service\/log-events\//);
    // Paged (page size 7), and every page asked with the default failure-word pattern.
    const filters = logs.requests.filter((r) => r.operation === 'FilterLogEvents');
    expect(filters.length).toBeGreaterThan(2);
    expect(filters[0]?.body.filterPattern).toContain('?"Task timed out"');
  });

  it('shows the terminal report with groups, streams, console link and the error-rate sparkline', async () => {
    const run = await runCli(['watch', '/prod/payment-service', '--since', '2h'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\/prod\/payment-service · .* → .* \(2h\) · \d+ events read\nerrors per \S+ +[·▁▂▃▄▅▆▇█]{10,}/);
    expect(run.stdout).toContain('logs      /prod/payment-service · stream 2026/12/03/[$LATEST]4f1c2d');
    expect(run.stdout).toContain('console   https://us-east-1.console.aws.amazon.com/');
    expect(run.stdout).toContain('Connection refused');
  });

  it('says plainly when --limit stops the read', async () => {
    const run = await runCli(['watch', '/prod/payment-service', '--since', '2h', '--limit', '5', '--json'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/stopped at --limit 5 events/);
    const doc = JSON.parse(run.stdout) as { summary: { events: number } };
    expect(doc.summary.events).toBeLessThanOrEqual(5);
  });

  it('suggests close names for a group that does not exist (exit 2)', async () => {
    const run = await runCli(['watch', '/prod/payment-servce'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: log group /prod/payment-servce was not found in us-east-1; did you mean /prod/payment-service?\n');
  });

  it('names the missing IAM action on AccessDenied (exit 4)', async () => {
    logs.deny('FilterLogEvents');
    const run = await runCli(['watch', '/prod/payment-service'], { env: env() });
    logs.allow('FilterLogEvents');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^cloudsentry: AWS denied logs:FilterLogEvents on \/prod\/payment-service: grant logs:FilterLogEvents/);
  });

  it('names logs:DescribeLogGroups when listing groups is denied (exit 4)', async () => {
    logs.deny('DescribeLogGroups');
    const run = await runCli(['watch', '/prod/payment-service'], { env: env() });
    logs.allow('DescribeLogGroups');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^cloudsentry: AWS denied logs:DescribeLogGroups: grant logs:DescribeLogGroups to your role or user/);
  });

  it('says there are no credentials, without a stack trace or the SDK warning (exit 2)', async () => {
    const run = await runCli(['watch', '/prod/payment-service'], {
      env: { ...env(), AWS_ACCESS_KEY_ID: undefined as unknown as string, AWS_SECRET_ACCESS_KEY: undefined as unknown as string, HOME: SCRATCH },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cloudsentry: no AWS credentials found: run `aws configure`/);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('names `aws sso login --profile …` when the SSO session has expired (exit 2)', async () => {
    const home = mkdtempSync(join(SCRATCH, 'sso-'));
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'config'),
      '[profile oncall]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = OnCall\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    // The token cache file the AWS CLI writes, named by the SHA-1 of the session name, expired long ago.
    const tokenFile = `${createHash('sha1').update('corp').digest('hex')}.json`;
    writeFileSync(
      join(home, '.aws', 'sso', 'cache', tokenFile),
      JSON.stringify({ accessToken: 'expired', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' }),
    );
    const { AWS_ACCESS_KEY_ID: _key, AWS_SECRET_ACCESS_KEY: _secret, AWS_CONFIG_FILE: _config, ...rest } = env();
    const run = await runCli(['watch', '/prod/payment-service', '--profile', 'oncall'], { env: { ...rest, HOME: home } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: the AWS SSO session of profile "oncall" has expired: run `aws sso login --profile oncall`, then try again\n');
  });

  it('says there is no region (exit 2)', async () => {
    const run = await runCli(['watch', '/prod/payment-service'], { env: { ...env(), AWS_REGION: undefined as unknown as string, HOME: SCRATCH } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: no AWS region: pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or set region in your AWS profile\n');
  });

  it('takes the region from --region, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    const before = logs.requests.length;
    const run = await runCli(['watch', '/prod/payment-service', '--region', 'us-east-1', '--json'], {
      env: { ...env(), AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' },
    });
    expect(run.code).toBe(0);
    expect(logs.requests.slice(before).every((r) => r.region === 'us-east-1')).toBe(true);
    const second = logs.requests.length;
    // The fake serves any Region; a group ARN from another Region is refused, so here only the signing Region is checked.
    await runCli(['watch', '/prod/payment-service', '--json'], { env: { ...env(), AWS_REGION: undefined as unknown as string, AWS_DEFAULT_REGION: 'ap-south-1' } });
    expect(logs.requests.slice(second).every((r) => r.region === 'ap-south-1')).toBe(true);
  });

  it('relays the service message for an invalid filter pattern (exit 2)', async () => {
    const run = await runCli(['watch', '/prod/payment-service', '--filter-pattern', '{ $.level = "error"'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cloudsentry: CloudWatch Logs rejected the filter pattern "\{ \$\.level = \\"error\\"": Invalid filter pattern/);
  });

  it('rejects an unreadable --since before calling AWS', async () => {
    const before = logs.requests.length;
    const run = await runCli(['watch', '/prod/payment-service', '--since', 'yesterday'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--since "yesterday" is not a time/);
    expect(logs.requests.length).toBe(before);
  });
});

describe('cloudsentry watch --follow (against the fake)', () => {
  it('follows live with Live Tail and prints the summary after --for', async () => {
    logs.putEvents('/prod/live', 's1', []);
    logs.settings.liveTailUpdateMs = 200;
    const child = spawn(process.execPath, [BIN, 'watch', '/prod/live', '--follow', '--for', '4s', '--json'], {
      env: { PATH: process.env.PATH, HOME: SCRATCH, NO_COLOR: '1', XDG_CACHE_HOME: `${SCRATCH}/cache`, ...env() },
      cwd: SCRATCH,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Once the session is open, errors arrive live.
    for (let i = 0; i < 50 && logs.liveSessions() === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(logs.liveSessions()).toBe(1);
    logs.putEvents('/prod/live', 's1', [{ timestamp: Date.now(), message: 'ERROR Error: connect ECONNREFUSED 10.0.0.9:6379' }]);
    await new Promise((r) => setTimeout(r, 600));
    logs.putEvents('/prod/live', 's1', [{ timestamp: Date.now(), message: 'ERROR Error: connect ECONNREFUSED 10.0.0.9:6379' }]);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    logs.settings.liveTailUpdateMs = 1000;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'incident', status: 'new', incident: { count: 1, logGroups: ['/prod/live'] } });
    expect(lines).toContainEqual(expect.objectContaining({ type: 'incident', status: 'updated', incident: expect.objectContaining({ count: 2 }) }));
    expect(lines.at(-1)).toMatchObject({ version: 1, summary: { errorEvents: 2, incidents: 1 } });
  });

  it('prints the summary and exits 0 on Ctrl-C', async () => {
    logs.putEvents('/prod/ctrl-c', 's1', [{ timestamp: Date.now() - 1000, message: 'ERROR Error: connect ETIMEDOUT 10.0.0.7:443' }]);
    const child = spawn(process.execPath, [BIN, 'watch', '/prod/ctrl-c', '--since', '5m', '--follow'], {
      env: { PATH: process.env.PATH, HOME: SCRATCH, NO_COLOR: '1', XDG_CACHE_HOME: `${SCRATCH}/cache`, ...env() },
      cwd: SCRATCH,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    for (let i = 0; i < 100 && logs.liveSessions() === 0; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^new {5}\[HIGH\] .*×1/m);
    expect(stdout).toContain('cloudsentry: 1 incident from 1 event (1 error)');
  });

  it('falls back to polling FilterLogEvents when Live Tail is refused, without repeating events', async () => {
    logs.deny('StartLiveTail');
    logs.putEvents('/prod/poll', 's1', [{ timestamp: Date.now() - 1000, message: 'ERROR Error: disk full ENOSPC /var/data' }]);
    const child = spawn(process.execPath, [BIN, 'watch', '/prod/poll', '--since', '5m', '--follow', '--for', '7s', '--json'], {
      env: { PATH: process.env.PATH, HOME: SCRATCH, NO_COLOR: '1', XDG_CACHE_HOME: `${SCRATCH}/cache`, ...env() },
      cwd: SCRATCH,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((r) => setTimeout(r, 2000));
    logs.putEvents('/prod/poll', 's1', [{ timestamp: Date.now(), message: 'ERROR Error: disk full ENOSPC /var/data' }]);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    logs.allow('StartLiveTail');
    expect(code).toBe(0);
    expect(stderr).toMatch(/Live Tail was refused \(AWS denied logs:StartLiveTail.*polling FilterLogEvents instead/);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as { summary: { errorEvents: number } };
    expect(last.summary.errorEvents).toBe(2);
  });
});
