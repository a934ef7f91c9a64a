import { Runtime } from '@aws-sdk/client-lambda';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadBaseTemplate,
  logicalIdsFor,
  MAX_LOG_GROUPS,
  renderTemplate,
  TEMPLATE_BODY_LIMIT,
  templateBody,
  checkTemplateSize,
  type TemplateDoc,
} from '../../src/aws/deploy/template.js';
import { loadSpec, policyStatements, validateTemplate, walkIntrinsics } from './spec-check.js';

const base = loadBaseTemplate();
const groups = ['/prod/payment-service', '/aws/lambda/checkout', 'api-gateway.access#eu'];
const s3 = renderTemplate(base, { logGroups: groups, code: { kind: 's3' } });
const local = renderTemplate(base, { logGroups: groups, code: { kind: 'local', path: 'cloudsentry-agent.zip' } });

/** Supported Node runtimes: in the Lambda SDK's enum and not past deprecation (nodejs20.x was blocked in 2026). */
function isSupportedRuntime(runtime: unknown): boolean {
  const known = Object.values(Runtime) as string[];
  const major = /^nodejs(\d+)\.x$/.exec(String(runtime))?.[1];
  return known.includes(String(runtime)) && major !== undefined && Number(major) >= 22;
}

/** What `aws cloudformation package` does to a local Code path: upload it and name the S3 object instead. */
function packaged(doc: TemplateDoc): TemplateDoc {
  const copy = structuredClone(doc);
  const fn = copy.Resources.AgentFunction!.Properties!;
  if (typeof fn.Code === 'string') fn.Code = { S3Bucket: 'my-artifacts', S3Key: 'd41d8cd98f00b204e9800998ecf8427e' };
  return copy;
}

function resourcesOfType(doc: TemplateDoc, type: string) {
  return Object.entries(doc.Resources).filter(([, r]) => r.Type === type);
}

describe('the rendered template against the CloudFormation resource specification', () => {
  beforeAll(() => void loadSpec());

  it.each([
    ['S3 code (deploy)', s3],
    ['local zip (--out, for aws cloudformation package)', local],
  ])('%s: types, property names, required properties, Ref/GetAtt/Sub/If all resolve', (_name, doc) => {
    expect(validateTemplate(packaged(doc))).toEqual([]);
  });

  it('a local Code path is not valid CloudFormation until packaged', () => {
    expect(validateTemplate(local)).toEqual(['Resources.AgentFunction.Properties.Code: expected an object']);
  });

  it('survives a YAML round trip unchanged (what is sent is what was checked)', () => {
    expect(parse(templateBody(s3))).toEqual(s3);
  });

  it('reports what is wrong with a broken template (the checks can fail)', () => {
    const broken = structuredClone(s3);
    const fn = broken.Resources.AgentFunction!.Properties!;
    delete fn.Role;
    fn.Runtim = 'nodejs24.x';
    (fn.Environment as { Variables: Record<string, unknown> }).Variables.CLOUDSENTRY_TABLE = { Ref: 'NoSuchTable' };
    broken.Resources.Bogus = { Type: 'AWS::Lambda::Functio' };
    broken.Outputs!.TableName = { Value: { 'Fn::GetAtt': ['StateTable', 'NoSuchAttribute'] } };
    broken.Resources.AgentLogGroup!.Properties!.LogGroupName = { 'Fn::Sub': '/aws/lambda/${Missing}' };
    broken.Resources.AgentFunction!.DependsOn = 'Nothing';
    const problems = validateTemplate(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Resources.AgentFunction.Properties: required property Role is missing',
        'Resources.AgentFunction.Properties: unknown property Runtim',
        'Resources.Bogus: unknown resource type AWS::Lambda::Functio',
        'Resources.AgentFunction.DependsOn: no resource Nothing',
        'Outputs.TableName.Value: GetAtt StateTable.NoSuchAttribute: AWS::DynamoDB::Table has no attribute NoSuchAttribute',
      ]),
    );
    expect(problems.some((p) => p.includes('Ref "NoSuchTable" resolves to nothing'))).toBe(true);
    expect(problems.some((p) => p.includes('${Missing} resolves to nothing'))).toBe(true);
  });

  it('checks nested property types too', () => {
    const broken = structuredClone(s3);
    broken.Resources.StateTable!.Properties!.TimeToLiveSpecification = { AttributeName: 'expiresAt', Enable: true };
    expect(validateTemplate(broken)).toEqual(
      expect.arrayContaining([
        'Resources.StateTable.Properties.TimeToLiveSpecification: required property Enabled is missing',
        'Resources.StateTable.Properties.TimeToLiveSpecification: unknown property Enable',
      ]),
    );
  });
});

describe('what the template promises', () => {
  it('runs the function on a supported Node runtime, on arm64, with the index.handler of the bundle', () => {
    const fn = s3.Resources.AgentFunction!.Properties!;
    expect(isSupportedRuntime(fn.Runtime)).toBe(true);
    expect(isSupportedRuntime('nodejs20.x')).toBe(false);
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Code).toEqual({ S3Bucket: { Ref: 'CodeS3Bucket' }, S3Key: { Ref: 'CodeS3Key' } });
    expect(local.Resources.AgentFunction!.Properties!.Code).toBe('cloudsentry-agent.zip');
    expect(fn.ReservedConcurrentExecutions).toEqual({ 'Fn::If': ['CapConcurrency', { Ref: 'ReservedConcurrency' }, { Ref: 'AWS::NoValue' }] });
  });

  it('sets every environment variable the agent reads', () => {
    const vars = (s3.Resources.AgentFunction!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(vars).sort()).toEqual(
      [
        'CLOUDSENTRY_TABLE',
        'CLOUDSENTRY_SECRET_ARN',
        'CLOUDSENTRY_PROVIDER',
        'CLOUDSENTRY_MODEL',
        'CLOUDSENTRY_COOLDOWN_MINUTES',
        'CLOUDSENTRY_LLM_CALLS_PER_MINUTE',
        'CLOUDSENTRY_SLACK_TOP',
        'CLOUDSENTRY_OWN_LOG_GROUP',
      ].sort(),
    );
    expect(vars.CLOUDSENTRY_OWN_LOG_GROUP).toEqual({ Ref: 'AgentLogGroup' });
  });

  it('keeps the table on demand with pk (S) and TTL on expiresAt', () => {
    const table = s3.Resources.StateTable!.Properties!;
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(table.AttributeDefinitions).toEqual([{ AttributeName: 'pk', AttributeType: 'S' }]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('gives the function its own log group with a retention, which the function waits for', () => {
    const logGroup = s3.Resources.AgentLogGroup!;
    expect(logGroup.Properties!.RetentionInDays).toEqual({ Ref: 'LogRetentionDays' });
    expect(logGroup.Properties!.LogGroupName).toEqual({ 'Fn::Sub': '/aws/lambda/${AWS::StackName}-agent' });
    expect(s3.Resources.AgentFunction!.Properties!.FunctionName).toEqual({ 'Fn::Sub': '${AWS::StackName}-agent' });
    expect([s3.Resources.AgentFunction!.DependsOn].flat()).toContain('AgentLogGroup');
  });

  it('grants no wildcard action and no wildcard resource', () => {
    const statements = policyStatements(s3);
    expect(statements.length).toBeGreaterThanOrEqual(5);
    for (const { where, statement } of statements) {
      for (const action of [statement.Action].flat()) expect(String(action), where).not.toContain('*');
      for (const resource of [statement.Resource].flat()) expect(resource, where).not.toBe('*');
    }
  });

  it('grants exactly the agreed actions, Bedrock only under the bedrock condition', () => {
    const actions = policyStatements(s3).flatMap(({ statement }) => [statement.Action].flat());
    expect(actions.sort()).toEqual(
      [
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
      ].sort(),
    );
    const role = s3.Resources.AgentRole!.Properties!.Policies as { PolicyDocument: { Statement: unknown[] } }[];
    const conditional = role[0]!.PolicyDocument.Statement.find((s) => typeof s === 'object' && s !== null && 'Fn::If' in s) as { 'Fn::If': unknown[] };
    expect(conditional['Fn::If'][0]).toBe('UseBedrock');
    expect(conditional['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
    expect(s3.Conditions!.UseBedrock).toEqual({ 'Fn::Equals': [{ Ref: 'Provider' }, 'bedrock'] });
  });

  it('per log group: a permission for the regional logs principal and a filter that DependsOn it', () => {
    const permissions = resourcesOfType(s3, 'AWS::Lambda::Permission');
    const filters = resourcesOfType(s3, 'AWS::Logs::SubscriptionFilter');
    expect(permissions).toHaveLength(groups.length);
    expect(filters).toHaveLength(groups.length);
    for (const group of groups) {
      const ids = logicalIdsFor(group);
      const permission = s3.Resources[ids.permission]!;
      const filter = s3.Resources[ids.subscription]!;
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: { 'Fn::Sub': 'logs.${AWS::Region}.${AWS::URLSuffix}' },
        SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:*` },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(filter.DependsOn).toBe(ids.permission);
      expect(filter.Properties).toMatchObject({ LogGroupName: group, FilterPattern: { Ref: 'FilterPattern' } });
    }
  });

  it('derives logical ids from the name, stable and collision-free', () => {
    expect(logicalIdsFor('/prod/payment-service')).toEqual(logicalIdsFor('/prod/payment-service'));
    expect(logicalIdsFor('/a-b').permission).not.toBe(logicalIdsFor('/ab').permission);
    expect(logicalIdsFor('/prod/payment-service').permission).toMatch(/^PermissionProdPaymentService[0-9a-f]{8}$/);
    expect(logicalIdsFor(`/${'x'.repeat(100)}`).subscription).toMatch(/^Subscription[A-Za-z0-9]{32}$/);
  });

  it('adding a group adds two resources and changes no other logical id', () => {
    const more = renderTemplate(base, { logGroups: [...groups, '/prod/orders'], code: { kind: 's3' } });
    const before = Object.keys(s3.Resources);
    const after = Object.keys(more.Resources);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(2);
    expect(before.every((id) => after.includes(id))).toBe(true);
  });

  it('has outputs for the function, table, secret and queue', () => {
    expect(Object.keys(s3.Outputs!)).toEqual(expect.arrayContaining(['FunctionName', 'FunctionArn', 'TableName', 'SecretArn', 'FailureQueueUrl', 'FailureQueueArn']));
  });

  it('sends async failures to the SQS queue', () => {
    expect(s3.Resources.AgentInvokeConfig!.Properties).toMatchObject({
      FunctionName: { Ref: 'AgentFunction' },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailureQueue', 'Arn'] } } },
    });
  });

  it('keeps secrets out of the body: NoEcho parameters feed the secret', () => {
    expect(s3.Parameters!.SlackWebhookUrl!.NoEcho).toBe(true);
    expect(s3.Parameters!.AnthropicApiKey!.NoEcho).toBe(true);
    const refs: string[] = [];
    walkIntrinsics(s3.Resources, 'Resources', (kind, value) => {
      if (kind === 'Ref' && typeof value === 'string') refs.push(value);
      if (kind === 'Fn::Sub') refs.push(...[...String(Array.isArray(value) ? value[0] : value).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!));
    });
    // The key and the webhook reach the secret only.
    const secretString = JSON.stringify(s3.Resources.AgentSecret!.Properties!.SecretString);
    expect(secretString).toContain('${SlackWebhookUrl}');
    expect(refs.filter((r) => r === 'SlackWebhookUrl' || r === 'AnthropicApiKey')).toHaveLength(2);
  });
});

describe('template size', () => {
  it(`stays under ${TEMPLATE_BODY_LIMIT} bytes with ${MAX_LOG_GROUPS} realistic groups`, () => {
    const many = Array.from({ length: MAX_LOG_GROUPS }, (_, i) => `/aws/lambda/production-payment-service-handler-${String(i).padStart(3, '0')}`);
    const body = templateBody(renderTemplate(base, { logGroups: many, code: { kind: 's3' } }));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT);
    expect(() => checkTemplateSize(body, many.length)).not.toThrow();
    expect(validateTemplate(parse(body) as TemplateDoc)).toEqual([]);
  });

  it('refuses a body over the limit with a one-line reason', () => {
    const long = Array.from({ length: 30 }, (_, i) => `/x/${'a'.repeat(500)}${i}`);
    const body = templateBody(renderTemplate(base, { logGroups: long, code: { kind: 's3' } }));
    expect(() => checkTemplateSize(body, long.length)).toThrow(/over CloudFormation's 51200-byte limit: split the groups/);
  });

  it('refuses more groups than one stack holds, and bad names', () => {
    const many = Array.from({ length: MAX_LOG_GROUPS + 1 }, (_, i) => `/g/${i}`);
    expect(() => renderTemplate(base, { logGroups: many, code: { kind: 's3' } })).toThrow(/more than one stack holds/);
    expect(() => renderTemplate(base, { logGroups: ['bad name'], code: { kind: 's3' } })).toThrow(/is not a log group name/);
    expect(() => renderTemplate(base, { logGroups: [], code: { kind: 's3' } })).toThrow(/no log group given/);
  });
});
