import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsDeployApi } from '../../../src/aws/deploy/aws.js';
import { artifactBucket, artifactKey, deployAgent, type DeploySettings } from '../../../src/aws/deploy/deploy.js';
import { destroyAgent } from '../../../src/aws/deploy/destroy.js';
import { DeployError, EXIT, UsageError } from '../../../src/errors.js';
import { FAST_POLL, fakeAgentZip, logsOperations, recordingReporter, startAwsFakes, type AwsFakes } from './harness.js';

let fakes: AwsFakes;
const saved = { ...process.env };

beforeEach(async () => {
  fakes = await startAwsFakes();
  Object.assign(process.env, fakes.env);
});
afterEach(async () => {
  await fakes.close();
  process.env = { ...saved };
});

const MUTATING_CFN = ['ExecuteChangeSet', 'DeleteStack', 'CreateStack', 'UpdateStack'];

function settings(overrides: Partial<DeploySettings> = {}): DeploySettings {
  return {
    stackName: 'cloudsentry',
    logGroups: ['/prod/payment-service'],
    dryRun: false,
    yes: true,
    zip: fakeAgentZip(),
    poll: FAST_POLL,
    slackWebhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
    ...overrides,
  };
}

const api = () => createAwsDeployApi({});

describe('deploy against the fakes, through the real SDK clients', () => {
  it('creates the stack: uploads the zip, runs a CREATE change set, reports events and outputs', async () => {
    const rec = recordingReporter();
    await deployAgent(api(), settings(), rec.reporter);
    const stack = fakes.cloudformation.stacks.get('cloudsentry')!;
    expect(stack.status).toBe('CREATE_COMPLETE');
    expect(fakes.cloudformation.actions()).toContain('ExecuteChangeSet');
    const create = fakes.cloudformation.requests.find((r) => r.action === 'CreateChangeSet')!;
    expect(create.params.ChangeSetType).toBe('CREATE');
    expect(create.params['Capabilities.member.1']).toBe('CAPABILITY_IAM');
    // The webhook travels as a NoEcho parameter, never inside the template body.
    expect(create.params.TemplateBody).not.toContain('XXXXSECRET');
    expect(Object.values(create.params).some((v) => v.includes('XXXXSECRET'))).toBe(true);
    // The zip is in the deploy bucket under its content hash, and the template points there.
    const bucket = artifactBucket({ account: '123456789012', region: 'us-east-1' }, 'cloudsentry');
    expect(fakes.s3.buckets.get(bucket)?.has(artifactKey(settings().zip))).toBe(true);
    expect(stack.parameters.CodeS3Key).toBe(artifactKey(settings().zip));
    expect(rec.events.some((e) => e.logicalId === 'AgentFunction' && e.status === 'CREATE_COMPLETE')).toBe(true);
    expect(rec.results).toContain('stack cloudsentry is CREATE_COMPLETE');
    expect(rec.results).toContain('  function  cloudsentry-agent');
    expect([...rec.results, ...rec.notes, ...rec.warnings].join('\n')).not.toContain('XXXXSECRET');
  });

  it('a redeploy with nothing new says "up to date" and executes nothing', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    const before = fakes.cloudformation.requests.length;
    const rec = recordingReporter();
    await deployAgent(api(), settings({ slackWebhookUrl: undefined }), rec.reporter);
    const actions = fakes.cloudformation.requests.slice(before).map((r) => r.action);
    expect(rec.results).toContain('stack cloudsentry is up to date: nothing to change');
    expect(actions).not.toContain('ExecuteChangeSet');
    expect(actions).toContain('DeleteChangeSet');
    // The secret parameters were kept, not reset.
    const create = fakes.cloudformation.requests.slice(before).find((r) => r.action === 'CreateChangeSet')!;
    const keys = Object.entries(create.params).filter(([k]) => k.endsWith('ParameterKey')).map(([k, v]) => [v, create.params[k.replace('ParameterKey', 'UsePreviousValue')]]);
    expect(keys).toContainEqual(['SlackWebhookUrl', 'true']);
  });

  it('an update adds a log group: UPDATE change set, two resources added, plan shown', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    const rec = recordingReporter();
    await deployAgent(api(), settings({ logGroups: ['/prod/payment-service', '/prod/orders'] }), rec.reporter);
    expect(rec.results[0]).toBe('plan for stack cloudsentry: 2 to create, 0 to change, 0 to remove');
    expect(fakes.cloudformation.stacks.get('cloudsentry')!.status).toBe('UPDATE_COMPLETE');
    expect(rec.results).toContain('stack cloudsentry is UPDATE_COMPLETE');
  });

  it('expands a trailing * and never includes the agent\'s own group', async () => {
    const rec = recordingReporter();
    await deployAgent(api(), settings({ logGroups: ['/prod/orders*'], dryRun: true }), rec.reporter);
    expect(rec.notes).toContain('log groups: /prod/orders, /prod/orders-worker');
    const rec2 = recordingReporter();
    await deployAgent(api(), settings({ logGroups: ['/aws/lambda/*'], dryRun: true }), rec2.reporter).catch((e: unknown) => e);
    expect(rec2.warnings.join()).toContain('skipped /aws/lambda/cloudsentry-agent');
    await expect(deployAgent(api(), settings({ logGroups: ['/aws/lambda/cloudsentry-agent'] }), recordingReporter().reporter)).rejects.toThrow(
      /is the agent's own log group/,
    );
  });

  it('refuses a missing log group before touching anything', async () => {
    const error = await deployAgent(api(), settings({ logGroups: ['/prod/nope'] }), recordingReporter().reporter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('log group /prod/nope does not exist in this region: check the name and --region (a trailing * matches a prefix)');
    expect(fakes.cloudformation.actions()).toEqual([]);
    expect(fakes.s3.requests).toEqual([]);
  });

  it('refuses a group whose two subscription filters are taken, naming them', async () => {
    fakes.logs.addSubscriptionFilter('/prod/payment-service', { filterName: 'datadog-forwarder', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:dd' });
    fakes.logs.addSubscriptionFilter('/prod/payment-service', { filterName: 'splunk', destinationArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/splunk' });
    const error = await deployAgent(api(), settings(), recordingReporter().reporter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).exitCode).toBe(EXIT.deploy);
    expect((error as Error).message).toMatch(/^\/prod\/payment-service \(datadog-forwarder, splunk\) already has 2 subscription filters/);
    expect(fakes.cloudformation.actions()).not.toContain('CreateChangeSet');
    expect(logsOperations(fakes)).toContain('DescribeSubscriptionFilters');
  });

  it('counts its own filter as its own: a redeploy onto a group with ours + one other is fine', async () => {
    fakes.logs.addSubscriptionFilter('/prod/payment-service', { filterName: 'cloudsentry-agent', destinationArn: 'arn:aws:lambda:us-east-1:123456789012:function:cloudsentry-agent' });
    fakes.logs.addSubscriptionFilter('/prod/payment-service', { filterName: 'splunk', destinationArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/splunk' });
    await expect(deployAgent(api(), settings({ dryRun: true }), recordingReporter().reporter)).resolves.toBeUndefined();
  });

  it('a dry run of a new stack shows the plan and sends no mutating call anywhere', async () => {
    const rec = recordingReporter();
    await deployAgent(api(), settings({ dryRun: true }), rec.reporter);
    expect(rec.results[0]).toMatch(/^plan for stack cloudsentry: \d+ to create, 0 to change, 0 to remove$/);
    expect(rec.results.join('\n')).toMatch(/\+ AgentFunction\s+AWS::Lambda::Function/);
    expect(rec.results.join('\n')).toMatch(/\+ SubscriptionProdPaymentService[0-9a-f]{8}\s+AWS::Logs::SubscriptionFilter/);
    expect(rec.results.at(-1)).toBe('dry run: nothing was changed');
    expect(fakes.cloudformation.actions().filter((a) => MUTATING_CFN.includes(a) || a === 'CreateChangeSet')).toEqual([]);
    expect(fakes.s3.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(fakes.lambda.requests).toEqual([]);
    expect(fakes.cloudformation.stacks.size).toBe(0);
  });

  it('a dry run of an update shows CloudFormation\'s change set, then deletes it; nothing executes, nothing uploads', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    const cfnBefore = fakes.cloudformation.requests.length;
    const s3Before = fakes.s3.requests.length;
    const rec = recordingReporter();
    await deployAgent(api(), settings({ dryRun: true, logGroups: ['/prod/orders'], zip: fakeAgentZip('new build') }), rec.reporter);
    const actions = fakes.cloudformation.requests.slice(cfnBefore).map((r) => r.action);
    expect(actions.filter((a) => MUTATING_CFN.includes(a))).toEqual([]);
    expect(actions).toContain('DeleteChangeSet');
    expect(fakes.s3.requests.slice(s3Before).filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(rec.results[0]).toBe('plan for stack cloudsentry: 2 to create, 1 to change, 2 to remove');
    expect(rec.results.join('\n')).toMatch(/- PermissionProdPaymentService/);
    expect(rec.results.join('\n')).toMatch(/~ AgentFunction/);
    expect(fakes.cloudformation.stacks.get('cloudsentry')!.status).toBe('CREATE_COMPLETE');
  });

  it('a failed first deploy shows the first failed resource, its reason and advice; the stack is left in ROLLBACK_COMPLETE', async () => {
    fakes.cloudformation.failResource(
      'AgentFunction',
      'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]."',
    );
    const rec = recordingReporter();
    const error = await deployAgent(api(), settings(), rec.reporter).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(
      /^stack cloudsentry ended ROLLBACK_COMPLETE: AgentFunction \(AWS::Lambda::Function\) failed: .*UnreservedConcurrentExecution.* — .*--reserved-concurrency 0$/,
    );
    expect(rec.events.some((e) => e.status === 'CREATE_FAILED')).toBe(true);
    expect(fakes.cloudformation.stacks.get('cloudsentry')!.status).toBe('ROLLBACK_COMPLETE');
  });

  it('ROLLBACK_COMPLETE: explained and refused without --yes; deleted and recreated with it', async () => {
    fakes.cloudformation.failResource('StateTable', 'Resource handler returned message: "Access denied for dynamodb:CreateTable"');
    await deployAgent(api(), settings(), recordingReporter().reporter).catch(() => {});
    const refused = recordingReporter();
    const error = await deployAgent(api(), settings({ yes: false }), refused.reporter).catch((e: unknown) => e);
    expect((error as Error).message).toBe('stack cloudsentry is in ROLLBACK_COMPLETE: run again with --yes to delete it first, or run cloudsentry destroy --stack-name cloudsentry');
    expect(refused.warnings[0]).toMatch(/ROLLBACK_COMPLETE: its first deploy failed \(StateTable: .*Access denied.*\).*must be deleted/);
    const rec = recordingReporter();
    await deployAgent(api(), settings({ yes: true }), rec.reporter);
    const actions = fakes.cloudformation.actions();
    expect(actions.indexOf('DeleteStack')).toBeLessThan(actions.lastIndexOf('ExecuteChangeSet'));
    expect(fakes.cloudformation.stacks.get('cloudsentry')!.status).toBe('CREATE_COMPLETE');
  });

  it('a failed update rolls back and names the resource', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    const { subscription } = (await import('../../../src/aws/deploy/template.js')).logicalIdsFor('/prod/orders');
    fakes.cloudformation.failResource(subscription, 'Resource limit exceeded. (Service: CloudWatchLogs, Status Code: 400)');
    const error = await deployAgent(api(), settings({ logGroups: ['/prod/payment-service', '/prod/orders'] }), recordingReporter().reporter).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`UPDATE_ROLLBACK_COMPLETE: ${subscription} (AWS::Logs::SubscriptionFilter) failed: Resource limit exceeded`);
    expect((error as Error).message).toContain('already has 2 subscription filters');
  });

  it('destroy removes the stack and the bucket, and touches no log group', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    const logsBefore = fakes.logs.requests.length;
    const rec = recordingReporter();
    await destroyAgent(api(), { stackName: 'cloudsentry', yes: true, poll: FAST_POLL }, rec.reporter);
    expect(fakes.cloudformation.stacks.size).toBe(0);
    expect(fakes.s3.buckets.size).toBe(0);
    expect(rec.events.at(-1)).toMatchObject({ logicalId: 'cloudsentry', status: 'DELETE_COMPLETE' });
    expect(rec.results).toEqual([`deleted stack cloudsentry`, `deleted bucket ${artifactBucket({ account: '123456789012', region: 'us-east-1' }, 'cloudsentry')}`, 'your log groups were not touched']);
    expect(fakes.logs.requests.length).toBe(logsBefore);
  });

  it('destroy without --yes: refused without a terminal, cancelled when declined; with nothing deployed says so', async () => {
    await deployAgent(api(), settings(), recordingReporter().reporter);
    await expect(destroyAgent(api(), { stackName: 'cloudsentry', yes: false, poll: FAST_POLL }, recordingReporter().reporter)).rejects.toThrow(/pass --yes to confirm/);
    expect(fakes.cloudformation.actions()).not.toContain('DeleteStack');
    const declined = recordingReporter(false);
    await destroyAgent(api(), { stackName: 'cloudsentry', yes: false, poll: FAST_POLL }, declined.reporter);
    expect(declined.questions[0]).toMatch(/^Delete stack cloudsentry and bucket cloudsentry-123456789012-us-east-1-[0-9a-f]{8}\? Your log groups are left as they are\.$/);
    expect(declined.results).toEqual(['cancelled: nothing was deleted']);
    expect(fakes.cloudformation.actions()).not.toContain('DeleteStack');
    const rec = recordingReporter();
    await destroyAgent(api(), { stackName: 'other', yes: true, poll: FAST_POLL }, rec.reporter);
    expect(rec.results[0]).toMatch(/^nothing to remove: no stack other/);
  });
});

describe('pre-flight: credentials and region', () => {
  it('no credentials is a one-line error telling what to do', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const error = await deployAgent(api(), settings(), recordingReporter().reporter).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^no AWS credentials found: set AWS_PROFILE or pass --profile/);
    expect((error as DeployError).exitCode).toBe(EXIT.usage);
  });

  it('a denied pre-flight call names the operation and points at the deployer policy', async () => {
    fakes.logs.deny('DescribeSubscriptionFilters');
    const error = await deployAgent(api(), settings(), recordingReporter().reporter).catch((e: unknown) => e);
    expect((error as Error).message).toBe("AWS denied logs:DescribeSubscriptionFilters: grant it to the deploying role or user (the README lists the deployer's IAM policy)");
    expect((error as DeployError).exitCode).toBe(EXIT.denied);
  });

  it('no region is a usage error', async () => {
    delete process.env.AWS_REGION;
    const error = await deployAgent(api(), settings(), recordingReporter().reporter).catch((e: unknown) => e);
    expect((error as Error).message).toBe('no AWS region: pass --region or set AWS_REGION');
    expect((error as UsageError).exitCode).toBe(EXIT.usage);
  });
});
