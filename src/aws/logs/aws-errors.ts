import { AwsAccessDeniedError, AwsSetupError, type CloudsentryError, InputError, UpstreamError, UsageError } from '../../errors.js';

/** What was being done when an AWS call failed, for a message that says what to do. */
export interface AwsCallContext {
  /** SDK operation name, e.g. FilterLogEvents. */
  operation: 'FilterLogEvents' | 'DescribeLogGroups' | 'StartLiveTail';
  group?: string;
  profile?: string;
  region?: string;
  filterPattern?: string;
}

const ACTIONS: Record<AwsCallContext['operation'], string> = {
  FilterLogEvents: 'logs:FilterLogEvents',
  DescribeLogGroups: 'logs:DescribeLogGroups',
  StartLiveTail: 'logs:StartLiveTail',
};

/** The SDK error's name (ThrottlingException, CredentialsProviderError…), looking through a CloudsentryError's cause. */
export function awsErrorName(error: unknown): string | undefined {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return inner instanceof Error ? inner.name : undefined;
}

/** Turns an SDK, credential-chain or network error into a typed error whose one-line message says what to do. */
export function toCloudsentryError(error: unknown, context: AwsCallContext): CloudsentryError {
  if (error instanceof Error && 'exitCode' in error) return error as CloudsentryError;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  const profile = context.profile ?? 'default';
  const cause = { cause: error };

  // Every SDK message about an unusable SSO token (expired, missing, not refreshable) ends by recommending this.
  if (/aws sso login|SSO session .*(expired|invalid)|Token is expired/i.test(message)) {
    return new AwsSetupError(`the AWS SSO session of profile "${profile}" has expired: run \`aws sso login --profile ${profile}\`, then try again`, cause);
  }
  if (/^Profile .* was not found|could not be found in shared credentials file/i.test(message)) {
    return new AwsSetupError(`AWS profile "${profile}" was not found in ~/.aws/config or ~/.aws/credentials: check --profile or AWS_PROFILE`, cause);
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /Could not load credentials/i.test(message)) {
    return new AwsSetupError(
      'no AWS credentials found: run `aws configure` or `aws sso login --profile <name>`, pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      cause,
    );
  }
  if (/Region is missing/i.test(message)) {
    return new AwsSetupError('no AWS region: pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or set region in your AWS profile', cause);
  }
  switch (name) {
    case 'ExpiredTokenException':
    case 'ExpiredToken':
    case 'RequestExpired':
      return new AwsSetupError(`the AWS credentials have expired: refresh them (\`aws sso login --profile ${profile}\`, or new keys), then try again`, cause);
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'InvalidClientTokenId':
    case 'IncompleteSignatureException':
      return new AwsSetupError(`AWS rejected the credentials (${name}): check the access key, secret and session token of profile "${profile}"`, cause);
    case 'AccessDeniedException':
    case 'AccessDenied': {
      const action = /not authorized to perform: ([\w-]+:\w+)/.exec(message)?.[1] ?? ACTIONS[context.operation];
      const on = context.group ? ` on ${context.group}` : '';
      return new AwsAccessDeniedError(`AWS denied ${action}${on}: grant ${action} to your role or user (the README lists a minimal IAM policy)`, action, cause);
    }
    case 'ResourceNotFoundException': {
      const what = context.group ? `log group ${context.group}` : 'the log group';
      return new InputError(`${what} was not found${context.region ? ` in ${context.region}` : ''}: check the name and --region`, cause);
    }
    case 'InvalidParameterException':
      if (context.filterPattern !== undefined && context.operation !== 'DescribeLogGroups') {
        return new UsageError(`CloudWatch Logs rejected the filter pattern ${JSON.stringify(context.filterPattern)}: ${message}`, cause);
      }
      return new UpstreamError(`CloudWatch Logs rejected ${context.operation}: ${message}`, { retryable: false, ...cause });
    case 'ThrottlingException':
      return new UpstreamError('CloudWatch Logs kept throttling the requests (5 per second per account and Region) after retries: try again in a minute, or with fewer log groups', { retryable: true, ...cause });
    case 'LimitExceededException':
      return new UpstreamError(`CloudWatch Logs refused ${context.operation}: ${message}`, { retryable: true, ...cause });
  }
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH)$/.test(code)) {
    return new UpstreamError(`could not reach CloudWatch Logs (${code}): check the network, --region and AWS_ENDPOINT_URL`, { retryable: true, ...cause });
  }
  const fault = error instanceof Error ? (error as { $fault?: unknown }).$fault : undefined;
  const label = name && name !== 'Error' ? `${name}: ` : '';
  return new UpstreamError(`CloudWatch Logs ${context.operation} failed: ${label}${message}`, { retryable: fault === 'server', ...cause });
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return (newline === -1 ? text : text.slice(0, newline)).trim();
}
