import { silenceAwsSdkNodeWarning } from '../../config.js';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { AwsAccessDeniedError, AwsSetupError, type CloudsentryError, DeployError } from '../../errors.js';
import type { ArtifactApi, ChangeSetOutcome, DeployApi, FunctionApi, LogGroupApi, StackApi, StackEvent } from './api.js';

/** Where the clients point: `--region` and `--profile` when given, else the SDK's own resolution (env, config files). */
export interface AwsTarget {
  region?: string;
  profile?: string;
}

/** How long the SDK waiter waits for a change set, in seconds. */
export interface ChangeSetWaitDelays {
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
}

/** Real AWS: a change set is usually ready in a few seconds, rarely more than a minute. */
export const CHANGE_SET_DELAYS: ChangeSetWaitDelays = { minDelay: 2, maxDelay: 10, maxWaitTime: 600 };

/** The DeployApi over the v3 clients; each SDK is imported only when first used. */
export function createAwsDeployApi(target: AwsTarget, delays: ChangeSetWaitDelays = CHANGE_SET_DELAYS): DeployApi {
  silenceAwsSdkNodeWarning();
  const config = { ...(target.region ? { region: target.region } : {}), ...(target.profile ? { profile: target.profile } : {}) };
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
  };
  const cloudformation = once(async () => {
    const sdk = await import('@aws-sdk/client-cloudformation');
    return { sdk, client: new sdk.CloudFormationClient(config) as CloudFormationClient };
  });
  const logs = once(async () => {
    const sdk = await import('@aws-sdk/client-cloudwatch-logs');
    return { sdk, client: new sdk.CloudWatchLogsClient(config) as CloudWatchLogsClient };
  });
  const s3 = once(async () => {
    const sdk = await import('@aws-sdk/client-s3');
    return { sdk, client: new sdk.S3Client(config) as S3Client };
  });
  const lambda = once(async () => {
    const sdk = await import('@aws-sdk/client-lambda');
    return { sdk, client: new sdk.LambdaClient(config) as LambdaClient };
  });

  const stacks: StackApi = {
    async describeStack(name) {
      const { sdk, client } = await cloudformation();
      try {
        const out = await client.send(new sdk.DescribeStacksCommand({ StackName: name }));
        const stack = out.Stacks?.[0];
        if (!stack) return undefined;
        return {
          id: stack.StackId ?? name,
          status: stack.StackStatus ?? 'UNKNOWN',
          outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
          parameterKeys: (stack.Parameters ?? []).map((p) => p.ParameterKey ?? ''),
        };
      } catch (error) {
        if (isNamed(error, 'ValidationError') && /does not exist/.test(messageOf(error))) return undefined;
        throw awsFailure('cloudformation:DescribeStacks', error);
      }
    },
    async createChangeSet(input) {
      const { sdk, client } = await cloudformation();
      await call('cloudformation:CreateChangeSet', () =>
        client.send(
          new sdk.CreateChangeSetCommand({
            StackName: input.stackName,
            ChangeSetName: input.changeSetName,
            ChangeSetType: input.type,
            TemplateBody: input.templateBody,
            Capabilities: ['CAPABILITY_IAM'],
            Parameters: input.parameters.map((p) => ('usePrevious' in p ? { ParameterKey: p.key, UsePreviousValue: true } : { ParameterKey: p.key, ParameterValue: p.value })),
            Tags: [{ Key: 'cloudsentry', Value: 'agent' }],
          }),
        ),
      );
    },
    async waitForChangeSet(stackName, changeSetName) {
      const { sdk, client } = await cloudformation();
      try {
        await sdk.waitUntilChangeSetCreateComplete({ client, ...delays }, { StackName: stackName, ChangeSetName: changeSetName });
      } catch {
        // The waiter throws on FAILED; the change set itself says why ("didn't contain changes" is not a failure).
      }
      const out = await call('cloudformation:DescribeChangeSet', () => describeAllChanges(sdk, client, stackName, changeSetName));
      if (out.status === 'CREATE_COMPLETE') return { kind: 'ready', changes: out.changes };
      return changeSetFailure(out.status, out.reason);
    },
    async executeChangeSet(stackName, changeSetName) {
      const { sdk, client } = await cloudformation();
      await call('cloudformation:ExecuteChangeSet', () => client.send(new sdk.ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName })));
    },
    async deleteChangeSet(stackName, changeSetName) {
      const { sdk, client } = await cloudformation();
      await call('cloudformation:DeleteChangeSet', () => client.send(new sdk.DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName })));
    },
    async deleteStack(name) {
      const { sdk, client } = await cloudformation();
      await call('cloudformation:DeleteStack', () => client.send(new sdk.DeleteStackCommand({ StackName: name })));
    },
    async stackEvents(name, until) {
      const { sdk, client } = await cloudformation();
      const events: StackEvent[] = [];
      let token: string | undefined;
      // Newest first: stop at the marker; five pages are hundreds of events, more than one deploy makes.
      for (let page = 0; page < 5; page++) {
        const out = await call('cloudformation:DescribeStackEvents', () => client.send(new sdk.DescribeStackEventsCommand({ StackName: name, NextToken: token })));
        for (const e of out.StackEvents ?? []) {
          if (until !== undefined && e.EventId === until) return events;
          events.push({
            id: e.EventId ?? '',
            logicalId: e.LogicalResourceId ?? '',
            type: e.ResourceType ?? '',
            status: e.ResourceStatus ?? '',
            reason: e.ResourceStatusReason,
            timestamp: e.Timestamp ?? new Date(0),
          });
        }
        token = out.NextToken;
        if (!token || until === undefined) break;
      }
      return events;
    },
    async templateBody(name) {
      const { sdk, client } = await cloudformation();
      const out = await call('cloudformation:GetTemplate', () => client.send(new sdk.GetTemplateCommand({ StackName: name })));
      return out.TemplateBody ?? '';
    },
  };

  const logGroups: LogGroupApi = {
    async logGroupsWithPrefix(prefix) {
      const { sdk, client } = await logs();
      const names: string[] = [];
      await call('logs:DescribeLogGroups', async () => {
        for await (const page of sdk.paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
          for (const group of page.logGroups ?? []) if (group.logGroupName) names.push(group.logGroupName);
        }
      });
      return names;
    },
    async subscriptionFilters(logGroup) {
      const { sdk, client } = await logs();
      const filters: { name: string; destinationArn?: string }[] = [];
      await call('logs:DescribeSubscriptionFilters', async () => {
        for await (const page of sdk.paginateDescribeSubscriptionFilters({ client }, { logGroupName: logGroup })) {
          for (const f of page.subscriptionFilters ?? []) filters.push({ name: f.filterName ?? '', destinationArn: f.destinationArn });
        }
      });
      return filters;
    },
  };

  const artifacts: ArtifactApi = {
    async bucketExists(bucket) {
      const { sdk, client } = await s3();
      try {
        await client.send(new sdk.HeadBucketCommand({ Bucket: bucket }));
        return true;
      } catch (error) {
        if (httpStatus(error) === 404 || isNamed(error, 'NotFound') || isNamed(error, 'NoSuchBucket')) return false;
        throw awsFailure('s3:ListBucket', error);
      }
    },
    async createBucket(bucket, region) {
      const { sdk, client } = await s3();
      // us-east-1 is the one Region that takes no LocationConstraint.
      const location = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } };
      await call('s3:CreateBucket', () => client.send(new sdk.CreateBucketCommand({ Bucket: bucket, ...location })));
    },
    async objectExists(bucket, key) {
      const { sdk, client } = await s3();
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (httpStatus(error) === 404 || isNamed(error, 'NotFound')) return false;
        throw awsFailure('s3:GetObject', error);
      }
    },
    async putObject(bucket, key, body) {
      const { sdk, client } = await s3();
      await call('s3:PutObject', () => client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/zip' })));
    },
    async deleteBucket(bucket) {
      const { sdk, client } = await s3();
      for await (const page of sdk.paginateListObjectsV2({ client }, { Bucket: bucket })) {
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length > 0) await call('s3:DeleteObject', () => client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } })));
      }
      await call('s3:DeleteBucket', () => client.send(new sdk.DeleteBucketCommand({ Bucket: bucket })));
    },
  };

  const functions: FunctionApi = {
    async invoke(functionName, payload) {
      const { sdk, client } = await lambda();
      const out = await call('lambda:InvokeFunction', () =>
        client.send(new sdk.InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(payload) })),
      );
      return { functionError: out.FunctionError, payload: new TextDecoder().decode(out.Payload ?? new Uint8Array()) };
    },
  };

  return {
    async identity() {
      const sdk = await import('@aws-sdk/client-sts');
      const client = new sdk.STSClient(config);
      const out = await call('sts:GetCallerIdentity', () => client.send(new sdk.GetCallerIdentityCommand({})));
      const region = await client.config.region();
      return { account: out.Account ?? '', region };
    },
    stacks,
    logs: logGroups,
    artifacts,
    functions,
  };
}

async function describeAllChanges(
  sdk: typeof import('@aws-sdk/client-cloudformation'),
  client: CloudFormationClient,
  stackName: string,
  changeSetName: string,
): Promise<{ status: string; reason?: string; changes: { action: string; logicalId: string; type: string; replacement?: string }[] }> {
  const changes: { action: string; logicalId: string; type: string; replacement?: string }[] = [];
  let token: string | undefined;
  let status = '';
  let reason: string | undefined;
  do {
    const out = await client.send(new sdk.DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, NextToken: token }));
    status = out.Status ?? '';
    reason = out.StatusReason;
    for (const change of out.Changes ?? []) {
      const r = change.ResourceChange;
      if (r) changes.push({ action: r.Action ?? '', logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', replacement: r.Replacement });
    }
    token = out.NextToken;
  } while (token);
  return { status, reason, changes };
}

/** A FAILED change set whose reason says there was nothing to do is "up to date", not a failure. */
export function changeSetFailure(status: string, reason: string | undefined): ChangeSetOutcome {
  const text = reason ?? `change set ended ${status}`;
  if (/didn't contain changes|No updates are to be performed/i.test(text)) return { kind: 'empty' };
  return { kind: 'failed', reason: text };
}

async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw awsFailure(operation, error);
  }
}

/**
 * An SDK failure as a one-line error telling what to do; `action` is the IAM action of the call.
 * Setup problems and denials use the same classes (and exit codes) as `watch`.
 */
export function awsFailure(action: string, error: unknown): CloudsentryError {
  if (error instanceof Error && 'exitCode' in error) return error as CloudsentryError;
  const name = error instanceof Error ? error.name : '';
  const message = oneLine(messageOf(error));
  const cause = { cause: error };
  if (/aws sso login|SSO session .*(expired|invalid)|Token is expired/i.test(message)) {
    return new AwsSetupError('the AWS SSO session has expired: run `aws sso login` (with --profile if you use one), then try again', cause);
  }
  if (/^Profile .* was not found|could not be found in shared credentials file/i.test(message)) {
    return new AwsSetupError('the AWS profile was not found in ~/.aws/config or ~/.aws/credentials: check --profile or AWS_PROFILE', cause);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /Could not load credentials/i.test(message)) {
    return new AwsSetupError('no AWS credentials found: set AWS_PROFILE or pass --profile, or run `aws configure` (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)', cause);
  }
  if (/Region is missing/i.test(message)) return new AwsSetupError('no AWS region: pass --region or set AWS_REGION', cause);
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired)$/.test(name)) {
    return new AwsSetupError('the AWS credentials have expired: refresh them (e.g. `aws sso login`), then try again', cause);
  }
  if (/^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|InvalidSignatureException)$/.test(name)) {
    return new AwsSetupError(`AWS rejected the credentials (${name}): check the access key, secret and session token`, cause);
  }
  if (/^(AccessDenied|AccessDeniedException|AuthorizationError|UnauthorizedOperation)$/.test(name) || /is not authorized to perform/i.test(message)) {
    const denied = /not authorized to perform: ([\w-]+:\w+)/.exec(message)?.[1] ?? action;
    return new AwsAccessDeniedError(`AWS denied ${denied}: grant it to the deploying role or user (the README lists the deployer's IAM policy)`, denied, cause);
  }
  return new DeployError(`${action} failed: ${message || name}`, cause);
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && (error.name === name || (error as { Code?: string }).Code === name);
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
