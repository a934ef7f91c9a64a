import { silenceAwsSdkNodeWarning } from '../../config.js';
import type { CloudWatchLogsClient, FilteredLogEvent, LiveTailSessionLogEvent, StartLiveTailResponseStream } from '@aws-sdk/client-cloudwatch-logs';
import { type FilterQuery, type LiveTailItem, type LogGroupRef, type CloudWatchEvent, type LogsApi, parseLogGroupArn } from './api.js';
import { type AwsCallContext, awsErrorName, toCloudsentryError } from './aws-errors.js';
import { RateLimiter } from './rate-limit.js';

/** How to reach CloudWatch Logs; unset fields fall back to the SDK's default chain, as the AWS CLI does. */
export interface AwsLogsSettings {
  /** Already resolved by the caller: --region, AWS_REGION, AWS_DEFAULT_REGION; undefined lets the profile decide. */
  region?: string;
  profile?: string;
  /** AWS_ENDPOINT_URL_CLOUDWATCH_LOGS or AWS_ENDPOINT_URL (tests point it at a loopback fake). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** SDK attempts per call, retries included (throttling is retried with the SDK's backoff). */
  maxAttempts?: number;
  /** Calls per second per operation (the CloudWatch Logs quota is 5 per account and Region). */
  requestsPerSecond?: number;
}

const RATE_LIMITED = new Set(['FilterLogEventsCommand', 'DescribeLogGroupsCommand']);

/** Builds the one LogsApi over `@aws-sdk/client-cloudwatch-logs`, loaded only now; fails fast without region or credentials. */
export async function createCloudWatchLogsApi(settings: AwsLogsSettings): Promise<LogsApi> {
  silenceAwsSdkNodeWarning();
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const base = { operation: 'DescribeLogGroups' as const, ...(settings.profile !== undefined ? { profile: settings.profile } : {}) };
  const config = {
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.profile !== undefined ? { profile: settings.profile } : {}),
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    // StartLiveTail prefixes the host (stream-logs.<region>…); an explicit endpoint must be used as given.
    disableHostPrefix: settings.endpoint !== undefined,
    maxAttempts: settings.maxAttempts ?? 6,
    retryMode: 'standard',
  };
  let client: CloudWatchLogsClient;
  try {
    client = new sdk.CloudWatchLogsClient(config);
  } catch (error) {
    throw toCloudsentryError(error, base);
  }
  // Live Tail gets its own client without retries: the SDK counts LimitExceededException as throttling and would
  // back off for seconds, while a refused session should fall back to polling at once.
  let liveClient: CloudWatchLogsClient | undefined;
  const live = (): CloudWatchLogsClient => (liveClient ??= new sdk.CloudWatchLogsClient({ ...config, maxAttempts: 1 }));
  let region: string;
  try {
    region = await client.config.region();
    if (!region) throw new Error('Region is missing');
    await client.config.credentials();
  } catch (error) {
    client.destroy();
    throw toCloudsentryError(error, base);
  }

  const limiters = new Map<string, RateLimiter>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // Inside the retry loop: every attempt, retries included, counts against the quota.
      const command = context.commandName ?? '';
      if (RATE_LIMITED.has(command)) {
        let limiter = limiters.get(command);
        // A 10% longer window than the quota's second absorbs jitter between here and the service's clock.
        if (!limiter) limiters.set(command, (limiter = new RateLimiter(settings.requestsPerSecond ?? 5, 1100)));
        await limiter.acquire();
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'cloudsentryRateLimit' },
  );

  const fail = (error: unknown, context: Omit<AwsCallContext, 'profile' | 'region'>): never => {
    throw toCloudsentryError(error, { ...context, ...(settings.profile !== undefined ? { profile: settings.profile } : {}), region });
  };
  let liveCounter = 0;

  return {
    region,
    async describeLogGroups(query, signal) {
      try {
        const out = await client.send(
          new sdk.DescribeLogGroupsCommand({
            ...(query.prefix !== undefined ? { logGroupNamePrefix: query.prefix } : {}),
            ...(query.pattern !== undefined ? { logGroupNamePattern: query.pattern } : {}),
            ...(query.nextToken !== undefined ? { nextToken: query.nextToken } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        );
        const groups: LogGroupRef[] = [];
        for (const group of out.logGroups ?? []) {
          if (!group.logGroupName) continue;
          // With logGroupNamePattern the service returns only `arn` (with :*), not logGroupArn.
          const arn = group.logGroupArn ?? (group.arn?.endsWith(':*') ? group.arn.slice(0, -2) : group.arn) ?? '';
          groups.push({ name: group.logGroupName, arn, identifier: group.logGroupName });
        }
        return { groups, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
      } catch (error) {
        return fail(error, { operation: 'DescribeLogGroups' });
      }
    },

    async filterLogEvents(query: FilterQuery, signal) {
      try {
        const out = await client.send(
          new sdk.FilterLogEventsCommand({
            logGroupIdentifier: query.group.identifier,
            ...(query.start !== undefined ? { startTime: query.start } : {}),
            ...(query.end !== undefined ? { endTime: query.end } : {}),
            ...(query.filterPattern !== undefined ? { filterPattern: query.filterPattern } : {}),
            ...(query.streamPrefix !== undefined ? { logStreamNamePrefix: query.streamPrefix } : {}),
            ...(query.nextToken !== undefined ? { nextToken: query.nextToken } : {}),
          }),
          signal ? { abortSignal: signal } : {},
        );
        const records = (out.events ?? []).map((event) => toRecord(query.group.name, event));
        return { records, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
      } catch (error) {
        return fail(error, { operation: 'FilterLogEvents', group: query.group.name, ...patternOf(query.filterPattern) });
      }
    },

    async startLiveTail(query, signal) {
      const byArn = new Map(query.groups.map((g) => [g.arn, g.name]));
      let stream: AsyncIterable<StartLiveTailResponseStream>;
      try {
        const out = await live().send(
          new sdk.StartLiveTailCommand({
            logGroupIdentifiers: query.groups.map((g) => g.arn),
            ...(query.filterPattern !== undefined ? { logEventFilterPattern: query.filterPattern } : {}),
            ...(query.streamPrefix !== undefined ? { logStreamNamePrefixes: [query.streamPrefix] } : {}),
          }),
          { abortSignal: signal },
        );
        stream = out.responseStream ?? (async function* () {})();
      } catch (error) {
        return fail(error, { operation: 'StartLiveTail', group: query.groups.map((g) => g.name).join(', '), ...patternOf(query.filterPattern) });
      }
      const liveRecord = (event: LiveTailSessionLogEvent): CloudWatchEvent => ({
        group: byArn.get(event.logGroupIdentifier ?? '') ?? parseLogGroupArn(event.logGroupIdentifier ?? '')?.name ?? event.logGroupIdentifier ?? '',
        stream: event.logStreamName ?? '',
        id: `live:${event.ingestionTime ?? 0}:${++liveCounter}`,
        timestamp: event.timestamp ?? event.ingestionTime ?? 0,
        message: event.message ?? '',
      });
      return (async function* (): AsyncGenerator<LiveTailItem> {
        try {
          for await (const item of stream) {
            if (item.sessionStart) yield { kind: 'start', sessionId: item.sessionStart.sessionId ?? '' };
            else if (item.sessionUpdate) {
              yield {
                kind: 'update',
                sampled: item.sessionUpdate.sessionMetadata?.sampled === true,
                records: (item.sessionUpdate.sessionResults ?? []).map(liveRecord),
              };
            } else if (item.SessionTimeoutException) yield { kind: 'timeout' };
            else if (item.SessionStreamingException) yield { kind: 'interrupted', message: item.SessionStreamingException.message ?? '' };
          }
        } catch (error) {
          if (signal.aborted) return;
          const name = awsErrorName(error);
          if (name === 'SessionTimeoutException') yield { kind: 'timeout' };
          else if (name === 'SessionStreamingException') yield { kind: 'interrupted', message: error instanceof Error ? error.message : String(error) };
          else fail(error, { operation: 'StartLiveTail' });
        }
      })();
    },

    close: () => {
      client.destroy();
      liveClient?.destroy();
    },
  };
}

function toRecord(group: string, event: FilteredLogEvent): CloudWatchEvent {
  return {
    group,
    stream: event.logStreamName ?? '',
    id: event.eventId ?? '',
    timestamp: event.timestamp ?? event.ingestionTime ?? 0,
    message: event.message ?? '',
  };
}

function patternOf(filterPattern: string | undefined): { filterPattern?: string } {
  return filterPattern !== undefined ? { filterPattern } : {};
}
