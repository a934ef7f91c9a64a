import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticEvent, testAgent } from '../../../src/aws/deploy/agent-test.js';
import { createAwsDeployApi } from '../../../src/aws/deploy/aws.js';
import { deployAgent } from '../../../src/aws/deploy/deploy.js';
import { DeployError, EXIT } from '../../../src/errors.js';
import { FAST_POLL, fakeAgentZip, recordingReporter, startAwsFakes, type AwsFakes } from './harness.js';

let fakes: AwsFakes;
const saved = { ...process.env };
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const summary = { incidents: 1, posted: 0, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [] as string[] };

beforeEach(async () => {
  fakes = await startAwsFakes();
  Object.assign(process.env, fakes.env);
  await deployAgent(
    createAwsDeployApi({}),
    { stackName: 'cloudsentry', logGroups: ['/prod/orders'], dryRun: false, yes: true, zip: fakeAgentZip(), poll: FAST_POLL },
    recordingReporter().reporter,
  );
});
afterEach(async () => {
  await fakes.close();
  process.env = { ...saved };
});

const run = (logGroup?: string) => testAgent(createAwsDeployApi({}), { stackName: 'cloudsentry', logGroup, now: NOW }, recordingReporter().reporter);

describe('deploy --test', () => {
  it('builds a payload the way CloudWatch Logs sends it: base64 of gzipped JSON', () => {
    const event = syntheticEvent({ account: '123456789012', logGroup: '/prod/orders', stackName: 'cloudsentry', now: NOW });
    const decoded = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
    expect(decoded).toMatchObject({ messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/prod/orders', logStream: 'cloudsentry-deploy-test' });
    expect(decoded.logEvents[0]).toMatchObject({ timestamp: NOW, message: expect.stringContaining('ERROR') });
    expect(typeof decoded.logEvents[0].id).toBe('string');
  });

  it('reports a posted card, using the group the stack subscribes', async () => {
    const rec = recordingReporter();
    const result = await testAgent(createAwsDeployApi({}), { stackName: 'cloudsentry', now: NOW }, rec.reporter);
    expect(result.posted).toBe(1);
    expect(rec.results).toEqual(['incidents 1, posted 1, suppressed 0, follow-ups 0, malformed 0, LLM calls 0', 'a card was posted to Slack for the synthetic incident from /prod/orders']);
    expect(fakes.lambda.invocations[0]!.invocationType).toBe('RequestResponse');
  });

  it.each([
    [{ ...summary, suppressed: 1 }, 'no card was posted: the test incident was posted recently and is within the cooldown (CooldownMinutes); try again after it'],
    [{ ...summary, errors: ['slack: 404 no_service'] }, 'no card was posted: slack: 404 no_service'],
    [{ ...summary, incidents: 0 }, 'no card was posted: the agent found no incident in the synthetic payload'],
  ])('says why nothing was posted (%j)', async (answer, message) => {
    fakes.setAgent(() => ({ result: answer }));
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toBe(message);
    expect((error as DeployError).exitCode).toBe(EXIT.deploy);
  });

  it('reports a function error with its type and message', async () => {
    fakes.setAgent(() => ({ functionError: { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" } }));
    await expect(run()).rejects.toThrow(/^the agent failed \(Unhandled\): Runtime.ImportModuleError: Cannot find module 'index' — see its logs in \/aws\/lambda\/cloudsentry-agent$/);
  });

  it('refuses an answer that is not the agreed summary', async () => {
    fakes.setAgent(() => ({ result: { ok: true } }));
    await expect(run()).rejects.toThrow(/is not the expected summary/);
  });
});

describe('--out is deployable without cloudsentry (what aws cloudformation package + deploy do)', () => {
  it('package rewrites Code to the uploaded zip; a CREATE change set of the result runs to CREATE_COMPLETE', async () => {
    const { loadBaseTemplate, renderTemplate, templateBody } = await import('../../../src/aws/deploy/template.js');
    const { parse, stringify } = await import('yaml');
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const cfn = await import('@aws-sdk/client-cloudformation');
    const written = templateBody(renderTemplate(loadBaseTemplate(), { logGroups: ['/prod/payment-service'], code: { kind: 'local', path: 'cloudsentry-agent.zip' } }));
    // package: upload the file Code names and replace the path with its S3 location.
    const s3 = new S3Client({});
    await s3.send(new CreateBucketCommand({ Bucket: 'my-artifacts' }));
    await s3.send(new PutObjectCommand({ Bucket: 'my-artifacts', Key: 'b1946ac92492d2347c6235b4d2611184', Body: fakeAgentZip() }));
    const doc = parse(written);
    doc.Resources.AgentFunction.Properties.Code = { S3Bucket: 'my-artifacts', S3Key: 'b1946ac92492d2347c6235b4d2611184' };
    // deploy: a CREATE change set with parameter overrides, executed, waited for (the SDK waiters poll once a second).
    fakes.cloudformation.setStepsPerPoll(Number.POSITIVE_INFINITY);
    const client = new cfn.CloudFormationClient({});
    await client.send(
      new cfn.CreateChangeSetCommand({
        StackName: 'mine',
        ChangeSetName: 'awscli-cloudformation-package-deploy-1',
        ChangeSetType: 'CREATE',
        TemplateBody: stringify(doc),
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [{ ParameterKey: 'SlackWebhookUrl', ParameterValue: 'https://hooks.slack.com/services/T/B/X' }],
      }),
    );
    await cfn.waitUntilChangeSetCreateComplete({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 10 }, { StackName: 'mine', ChangeSetName: 'awscli-cloudformation-package-deploy-1' });
    await client.send(new cfn.ExecuteChangeSetCommand({ StackName: 'mine', ChangeSetName: 'awscli-cloudformation-package-deploy-1' }));
    await cfn.waitUntilStackCreateComplete({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, { StackName: 'mine' });
    const stack = (await client.send(new cfn.DescribeStacksCommand({ StackName: 'mine' }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack.Outputs?.find((o) => o.OutputKey === 'FunctionName')?.OutputValue).toBe('mine-agent');
  });
});

describe('the fake enforces the DependsOn the template must carry', () => {
  it('a subscription filter without DependsOn on its permission fails the way AWS fails it', async () => {
    const { loadBaseTemplate, renderTemplate, templateBody, logicalIdsFor } = await import('../../../src/aws/deploy/template.js');
    const doc = renderTemplate(loadBaseTemplate(), { logGroups: ['/prod/payment-service'], code: { kind: 's3' } });
    delete doc.Resources[logicalIdsFor('/prod/payment-service').subscription]!.DependsOn;
    const api = createAwsDeployApi({});
    await api.stacks.createChangeSet({
      stackName: 'nodeps',
      changeSetName: 'c1',
      type: 'CREATE',
      templateBody: templateBody(doc),
      parameters: [
        { key: 'CodeS3Bucket', value: 'b' },
        { key: 'CodeS3Key', value: 'k' },
      ],
    });
    expect((await api.stacks.waitForChangeSet('nodeps', 'c1')).kind).toBe('ready');
    await api.stacks.executeChangeSet('nodeps', 'c1');
    const { waitForStack } = await import('../../../src/aws/deploy/progress.js');
    const outcome = await waitForStack(api.stacks, 'nodeps', undefined, FAST_POLL, recordingReporter().reporter);
    expect(outcome.status).toBe('ROLLBACK_COMPLETE');
    expect(outcome.events.find((e) => e.status === 'CREATE_FAILED')?.reason).toMatch(/Could not execute the lambda function/);
  });
});
