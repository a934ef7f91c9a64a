import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { artifactKey } from '../../src/aws/deploy/deploy.js';
import { BIN, runCli } from '../helpers/cli.js';

const BUNDLED_ZIP = join(BIN, '../../dist/agent/cloudsentry-agent.zip');
import { fakeAgentZip, startAwsFakes, type AwsFakes } from '../aws/deploy/harness.js';

// End to end: the built CLI, spawned as a user runs it, against loopback fakes of every AWS service it calls.
let fakes: AwsFakes;
const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-deploy-'));
const zipPath = join(dir, 'agent.zip');

beforeAll(async () => {
  writeFileSync(zipPath, fakeAgentZip());
  fakes = await startAwsFakes({ stepsPerPoll: Number.POSITIVE_INFINITY });
});
afterAll(async () => {
  await fakes.close();
});

const run = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ...fakes.env, SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/SECRETPART', ...env } });

describe('cloudsentry deploy / destroy, spawned', () => {
  it('--dry-run shows the plan and creates nothing', async () => {
    const { code, stdout, stderr } = await run(['deploy', '--log-group', '/prod/payment-service', '--dry-run', '--agent-zip', zipPath]);
    expect(stderr).not.toContain('SECRETPART');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^plan for stack cloudsentry: \d+ to create, 0 to change, 0 to remove$/m);
    expect(stdout).toMatch(/\+ AgentFunction\s+AWS::Lambda::Function/);
    expect(stdout).toMatch(/\+ PermissionProdPaymentService[0-9a-f]{8}\s+AWS::Lambda::Permission/);
    expect(stdout).toContain('dry run: nothing was changed');
    expect(fakes.cloudformation.stacks.size).toBe(0);
    expect(fakes.s3.buckets.size).toBe(0);
  });

  it('without --dry-run creates the stack with the bundled agent and prints its outputs; the secret is never echoed', async () => {
    const { code, stdout, stderr } = await run(['deploy', '--log-group', '/prod/payment-service']);
    expect(stderr).not.toMatch(/this is a bug/);
    expect(code).toBe(0);
    expect(stdout).toContain('stack cloudsentry is CREATE_COMPLETE');
    expect(stdout).toContain('function  cloudsentry-agent');
    expect(stderr).toMatch(/CREATE_COMPLETE\s+AgentFunction \(AWS::Lambda::Function\)/);
    expect(`${stdout}${stderr}`).not.toContain('SECRETPART');
    expect(fakes.cloudformation.stacks.get('cloudsentry')?.status).toBe('CREATE_COMPLETE');
    // The object deployed is dist/agent/cloudsentry-agent.zip, byte for byte, named by its hash.
    const bundled = readFileSync(BUNDLED_ZIP);
    const [bucket] = [...fakes.s3.buckets.values()];
    expect([...bucket!.keys()]).toEqual([artifactKey(bundled)]);
    expect(Buffer.compare(bucket!.get(artifactKey(bundled))!, bundled)).toBe(0);
  });

  it('deploy --test invokes the agent with a real gzip+base64 CloudWatch payload and reports the card', async () => {
    const { code, stdout } = await run(['deploy', '--test']);
    expect(code).toBe(0);
    expect(stdout).toContain('a card was posted to Slack for the synthetic incident from /prod/payment-service');
    const event = fakes.lambda.invocations.at(-1)!.payload as { awslogs: { data: string } };
    const { gunzipSync } = await import('node:zlib');
    const decoded = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
    expect(decoded).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: '/prod/payment-service', subscriptionFilters: ['cloudsentry-agent'] });
    expect(decoded.logEvents.length).toBeGreaterThan(0);
  });

  it('the same deploy again is "up to date"', async () => {
    const { code, stdout } = await run(['deploy', '--log-group', '/prod/payment-service']);
    expect(code).toBe(0);
    expect(stdout).toContain('stack cloudsentry is up to date: nothing to change');
  });

  it('destroy --yes removes the stack and the bucket', async () => {
    const { code, stdout } = await run(['destroy', '--yes']);
    expect(code).toBe(0);
    expect(stdout).toContain('deleted stack cloudsentry');
    expect(stdout).toContain('your log groups were not touched');
    expect(fakes.cloudformation.stacks.size).toBe(0);
    expect(fakes.s3.buckets.size).toBe(0);
  });

  it('errors are one line with the deploy exit code', async () => {
    fakes.logs.addGroup('/prod/full');
    fakes.logs.addSubscriptionFilter('/prod/full', { filterName: 'a', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:a' });
    fakes.logs.addSubscriptionFilter('/prod/full', { filterName: 'b', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:b' });
    const full = await run(['deploy', '--log-group', '/prod/full', '--agent-zip', zipPath]);
    expect(full.code).toBe(5);
    expect(full.stderr.trim().split('\n').at(-1)).toBe(
      "cloudsentry: /prod/full (a, b) already has 2 subscription filters, CloudWatch's limit per group: remove one (aws logs delete-subscription-filter) or leave the group out",
    );
    const missing = await run(['deploy', '--log-group', '/prod/nope', '--agent-zip', zipPath]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cloudsentry: log group /prod/nope does not exist in this region');
    const none = await run(['deploy', '--agent-zip', zipPath]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('cloudsentry: deploy needs at least one --log-group <name> to watch');
    const test = await run(['deploy', '--test', '--stack-name', 'absent']);
    expect(test.code).toBe(5);
    expect(test.stderr).toContain('cloudsentry: no deployed agent in stack absent (us-east-1): run cloudsentry deploy first');
    const noYes = await run(['destroy', '--stack-name', 'absent']);
    expect(noYes.code).toBe(0);
    expect(noYes.stdout).toContain('nothing to remove');
  });
});

describe('cloudsentry deploy --out', () => {
  it('writes the exact template and zip without calling AWS', async () => {
    const out = join(dir, 'out');
    const before = fakes.cloudformation.requests.length + fakes.logs.requests.length + fakes.s3.requests.length + fakes.sts.requests.length;
    const { code, stdout } = await runCli(['deploy', '--log-group', '/prod/payment-service', '--log-group', '/prod/orders', '--out', out, '--agent-zip', zipPath], {
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    });
    expect(code).toBe(0);
    expect(stdout).toContain('aws cloudformation package --template-file');
    const template = parse(readFileSync(join(out, 'template.yaml'), 'utf8'));
    expect(template.Resources.AgentFunction.Properties.Code).toBe('cloudsentry-agent.zip');
    expect(template.Metadata.Cloudsentry.LogGroups).toEqual(['/prod/payment-service', '/prod/orders']);
    expect(Object.keys(unzipSync(readFileSync(join(out, 'cloudsentry-agent.zip'))))).toEqual(['index.mjs']);
    const after = fakes.cloudformation.requests.length + fakes.logs.requests.length + fakes.s3.requests.length + fakes.sts.requests.length;
    expect(after).toBe(before);
  });

  it('refuses a wildcard it cannot expand offline', async () => {
    const { code, stderr } = await runCli(['deploy', '--log-group', '/prod/*', '--out', join(dir, 'x'), '--agent-zip', zipPath]);
    expect(code).toBe(2);
    expect(stderr).toContain('cloudsentry: --out calls no AWS API, so /prod/* cannot be expanded: name each log group');
  });
});
