/**
 * A loopback CloudWatch Logs that speaks AWS JSON 1.1 (platform-facts §2–3), for driving the REAL
 * `@aws-sdk/client-cloudwatch-logs` through `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`.
 *
 * Usage (everything a test needs; settings can be changed at any time through `logs.settings`):
 *
 *   const logs = await startFakeCloudWatchLogs({ pageSize: 100 });
 *   logs.putEvents('/prod/api', 'stream-a', [{ timestamp: Date.now(), message: 'ERROR boom' }]); // creates group + stream
 *   logs.addGroup('/prod/empty');                                   // a group with no events
 *   logs.addSubscriptionFilter('/prod/api', { filterName: 'cs', destinationArn: 'arn:aws:lambda:…' });
 *   logs.fail('FilterLogEvents', 'ThrottlingException', { times: 2 }); // the next 2 calls fail, then succeed
 *   logs.deny('StartLiveTail');                                     // AccessDeniedException on every call (allow() undoes)
 *   logs.emptyPages(1);                                             // next FilterLogEvents page: no events, a nextToken
 *   spawn(cli, { env: { ...process.env, ...logs.env() } });         // endpoint, region, static keys, no ~/.aws
 *   logs.requests                                                   // every request: operation, body, region, key
 *   await logs.close();
 *
 * Operations: FilterLogEvents, DescribeLogGroups, DescribeSubscriptionFilters, StartLiveTail (event-stream frames:
 * sessionStart, sessionUpdate every `liveTailUpdateMs` with `sessionMetadata.sampled`, SessionTimeoutException after
 * `liveTailSessionMs`). Anything else is `UnknownOperationException`. Errors are HTTP 400 (500 for
 * ServiceUnavailableException) with `{"__type": …, "message": …}` as the service sends them.
 * Filter patterns: the subset described in ./filter-pattern.ts.
 *
 * Not modelled: SigV4 signature verification (the Credential scope is parsed and recorded), `startFromHead: false`,
 * `unmask`, cross-account identifiers, log group classes other than STANDARD.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventFrame, exceptionFrame } from './event-stream.js';
import { compileFilterPattern, FilterPatternError, type MessageMatcher } from './filter-pattern.js';

/** Knobs of the fake; all can be changed while it runs. */
export interface FakeLogsSettings {
  region: string;
  accountId: string;
  /** Most events in one FilterLogEvents page (the service: 10,000, and at most 1 MB). */
  pageSize: number;
  /** Events examined per FilterLogEvents page: a selective pattern then yields partial or empty pages with a token. */
  scanPerPage: number;
  /** Most groups in one DescribeLogGroups page (the service: 50). */
  describePageSize: number;
  /** Requests per second allowed per operation before ThrottlingException (the service: 5); undefined = no limit. */
  tps: number | undefined;
  /** False: StartLiveTail is unknown here, as on an endpoint without Live Tail. */
  liveTail: boolean;
  /** Interval between sessionUpdate frames (the service: 1 s). */
  liveTailUpdateMs: number;
  /** Session length before SessionTimeoutException (the service: 3 h). */
  liveTailSessionMs: number;
  /** Events per sessionUpdate before the rest is sampled away (the service: 500). */
  liveTailMaxEvents: number;
  /** Concurrent Live Tail sessions before LimitExceededException. */
  liveTailConcurrency: number;
  /** Access key ids answered with ExpiredTokenException. */
  expiredAccessKeys: string[];
}

/** One event to seed; `id` and `ingestionTime` are generated when absent. */
export interface SeedEvent {
  timestamp: number;
  message: string;
  id?: string;
  ingestionTime?: number;
}

/** A subscription filter as DescribeSubscriptionFilters returns it. */
export interface SeedSubscriptionFilter {
  filterName: string;
  destinationArn: string;
  filterPattern?: string;
  roleArn?: string;
  distribution?: 'ByLogStream' | 'Random';
  creationTime?: number;
}

/** One request as received. */
export interface RecordedRequest {
  operation: string;
  body: Record<string, unknown>;
  /** From the SigV4 Credential scope. */
  region?: string;
  accessKeyId?: string;
  at: number;
  status: number;
  /** `__type` when the answer was an error. */
  error?: string;
}

/** Error names the fake can inject with `fail()`. */
export type FakeLogsError =
  | 'ThrottlingException'
  | 'ResourceNotFoundException'
  | 'AccessDeniedException'
  | 'InvalidParameterException'
  | 'LimitExceededException'
  | 'ServiceUnavailableException'
  | 'UnrecognizedClientException'
  | 'ExpiredTokenException';

/** A running fake. */
export interface FakeCloudWatchLogs {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  settings: FakeLogsSettings;
  requests: RecordedRequest[];
  /** Environment for a client of this fake: endpoint, region, static keys, and no shared config files. */
  env(): Record<string, string>;
  addGroup(name: string, options?: { creationTime?: number; retentionInDays?: number }): void;
  /** Appends events to a stream (creating group and stream as needed); returns their event ids. */
  putEvents(group: string, stream: string, events: SeedEvent[]): string[];
  addSubscriptionFilter(group: string, filter: SeedSubscriptionFilter): void;
  /** The next `times` (default 1) calls of `operation` fail with `error`. */
  fail(operation: string, error: FakeLogsError, options?: { times?: number; message?: string }): void;
  /** Every call of `operation` is answered AccessDeniedException naming its IAM action. */
  deny(operation: string): void;
  /** Undoes `deny`. */
  allow(operation: string): void;
  /** The next `n` FilterLogEvents answers are empty pages that still carry a nextToken. */
  emptyPages(n: number): void;
  /** Ends every open Live Tail session with SessionTimeoutException now. */
  expireLiveSessions(): void;
  /** Live Tail sessions currently open. */
  liveSessions(): number;
  /** The group's ARN without `:*` (the form StartLiveTail takes). */
  groupArn(name: string): string;
  close(): Promise<void>;
}

const DEFAULTS: FakeLogsSettings = {
  region: 'us-east-1',
  accountId: '123456789012',
  pageSize: 10_000,
  scanPerPage: Number.POSITIVE_INFINITY,
  describePageSize: 50,
  tps: undefined,
  liveTail: true,
  liveTailUpdateMs: 1000,
  liveTailSessionMs: 3 * 60 * 60 * 1000,
  liveTailMaxEvents: 500,
  liveTailConcurrency: 15,
  expiredAccessKeys: [],
};

const PAGE_BYTES = 1024 * 1024;

interface StoredEvent {
  id: string;
  timestamp: number;
  ingestionTime: number;
  stream: string;
  message: string;
  seq: number;
}

interface Group {
  name: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Set<string>;
  events: StoredEvent[];
  sorted: boolean;
  filters: SeedSubscriptionFilter[];
}

interface LiveSession {
  groups: Set<string>;
  streamNames?: Set<string>;
  prefixes?: string[];
  matcher: MessageMatcher;
  pending: Record<string, unknown>[];
  res: ServerResponse;
  timers: NodeJS.Timeout[];
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const ACTIONS: Record<string, string> = {
  FilterLogEvents: 'logs:FilterLogEvents',
  DescribeLogGroups: 'logs:DescribeLogGroups',
  DescribeSubscriptionFilters: 'logs:DescribeSubscriptionFilters',
  StartLiveTail: 'logs:StartLiveTail',
};

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeCloudWatchLogs(overrides: Partial<FakeLogsSettings> = {}): Promise<FakeCloudWatchLogs> {
  const settings: FakeLogsSettings = { ...DEFAULTS, ...overrides };
  const groups = new Map<string, Group>();
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, { error: FakeLogsError; message?: string }[]>();
  const denied = new Set<string>();
  const sessions = new Set<LiveSession>();
  const callTimes = new Map<string, number[]>();
  let emptyPagesLeft = 0;
  let seq = 0;

  const arnOf = (name: string): string => `arn:aws:logs:${settings.region}:${settings.accountId}:log-group:${name}`;

  const ensureGroup = (name: string, options: { creationTime?: number; retentionInDays?: number } = {}): Group => {
    let group = groups.get(name);
    if (!group) {
      group = { name, creationTime: options.creationTime ?? Date.now(), streams: new Set(), events: [], sorted: true, filters: [] };
      if (options.retentionInDays !== undefined) group.retentionInDays = options.retentionInDays;
      groups.set(name, group);
    }
    return group;
  };

  const sortedEvents = (group: Group): StoredEvent[] => {
    if (!group.sorted) {
      group.events.sort((a, b) => a.timestamp - b.timestamp || a.ingestionTime - b.ingestionTime || a.seq - b.seq);
      group.sorted = true;
    }
    return group.events;
  };

  const groupByIdentifier = (identifier: string): Group => {
    const name = nameFromIdentifier(identifier);
    const group = groups.get(name);
    if (!group) throw new ServiceError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  };

  // ------------------------------------------------------------ operations

  const filterLogEvents = (body: Record<string, unknown>): unknown => {
    const name = str(body.logGroupName);
    const identifier = str(body.logGroupIdentifier);
    if ((name === undefined) === (identifier === undefined)) {
      throw new ServiceError('InvalidParameterException', 'Exactly one of logGroupName or logGroupIdentifier must be specified.');
    }
    const streamNames = Array.isArray(body.logStreamNames) ? (body.logStreamNames as string[]) : undefined;
    const prefix = str(body.logStreamNamePrefix);
    if (streamNames && prefix !== undefined) {
      throw new ServiceError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive.');
    }
    const limit = body.limit === undefined ? 10_000 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      throw new ServiceError('InvalidParameterException', "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");
    }
    const pattern = str(body.filterPattern);
    const matcher = compileFilterPattern(pattern);
    const group = groupByIdentifier(name ?? identifier!);
    const start = typeof body.startTime === 'number' ? body.startTime : Number.NEGATIVE_INFINITY;
    const end = typeof body.endTime === 'number' ? body.endTime : Number.POSITIVE_INFINITY;
    const signature = hash(JSON.stringify([group.name, body.startTime, body.endTime, pattern, streamNames, prefix]));
    const events = sortedEvents(group);

    let offset: number;
    const token = str(body.nextToken);
    if (token !== undefined) {
      const decoded = decodeToken(token);
      if (!decoded || decoded.q !== signature) throw new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
      offset = decoded.o;
    } else {
      offset = lowerBound(events, start);
    }

    const page: unknown[] = [];
    if (emptyPagesLeft > 0) {
      emptyPagesLeft--;
      return { events: [], searchedLogStreams: [], nextToken: encodeToken({ o: offset, q: signature }) };
    }
    const max = Math.min(limit, settings.pageSize);
    let bytes = 0;
    let scanned = 0;
    while (offset < events.length && page.length < max && bytes < PAGE_BYTES && scanned < settings.scanPerPage) {
      const event = events[offset]!;
      if (event.timestamp > end) {
        offset = events.length;
        break;
      }
      offset++;
      scanned++;
      if (streamNames && !streamNames.includes(event.stream)) continue;
      if (prefix !== undefined && !event.stream.startsWith(prefix)) continue;
      if (!matcher(event.message)) continue;
      bytes += event.message.length + 26;
      page.push({ logStreamName: event.stream, timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime, eventId: event.id });
    }
    const more = offset < events.length && events[offset]!.timestamp <= end;
    return { events: page, searchedLogStreams: [], ...(more ? { nextToken: encodeToken({ o: offset, q: signature }) } : {}) };
  };

  const describeLogGroups = (body: Record<string, unknown>): unknown => {
    const prefix = str(body.logGroupNamePrefix);
    const pattern = str(body.logGroupNamePattern);
    if (prefix !== undefined && pattern !== undefined) {
      throw new ServiceError('InvalidParameterException', 'logGroupNamePrefix and logGroupNamePattern are mutually exclusive. Only one of these parameters can be passed.');
    }
    const limit = body.limit === undefined ? 50 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new ServiceError('InvalidParameterException', "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 50");
    }
    const matching = [...groups.values()]
      .filter((g) => (prefix === undefined || g.name.startsWith(prefix)) && (pattern === undefined || g.name.includes(pattern)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const signature = hash(JSON.stringify([prefix, pattern]));
    const offset = offsetFromToken(str(body.nextToken), signature);
    const slice = matching.slice(offset, offset + Math.min(limit, settings.describePageSize));
    const next = offset + slice.length;
    return {
      logGroups: slice.map((g) => describeGroup(g, pattern !== undefined)),
      ...(next < matching.length ? { nextToken: encodeToken({ o: next, q: signature }) } : {}),
    };
  };

  const describeGroup = (group: Group, minimal: boolean): Record<string, unknown> => {
    // With logGroupNamePattern the service returns only arn, creationTime and logGroupName (SDK model docs).
    const base = { logGroupName: group.name, creationTime: group.creationTime, arn: `${arnOf(group.name)}:*` };
    if (minimal) return base;
    return {
      ...base,
      ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: 0,
      storedBytes: group.events.reduce((sum, e) => sum + e.message.length, 0),
      logGroupClass: 'STANDARD',
      logGroupArn: arnOf(group.name),
    };
  };

  const describeSubscriptionFilters = (body: Record<string, unknown>): unknown => {
    const name = str(body.logGroupName);
    if (name === undefined) throw new ServiceError('InvalidParameterException', "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null");
    const group = groupByIdentifier(name);
    const prefix = str(body.filterNamePrefix) ?? '';
    const limit = body.limit === undefined ? 50 : Number(body.limit);
    const matching = group.filters.filter((f) => f.filterName.startsWith(prefix)).sort((a, b) => (a.filterName < b.filterName ? -1 : 1));
    const signature = hash(JSON.stringify([group.name, prefix]));
    const offset = offsetFromToken(str(body.nextToken), signature);
    const slice = matching.slice(offset, offset + limit);
    const next = offset + slice.length;
    return {
      subscriptionFilters: slice.map((f) => ({
        filterName: f.filterName,
        logGroupName: group.name,
        filterPattern: f.filterPattern ?? '',
        destinationArn: f.destinationArn,
        ...(f.roleArn ? { roleArn: f.roleArn } : {}),
        distribution: f.distribution ?? 'ByLogStream',
        creationTime: f.creationTime ?? group.creationTime,
      })),
      ...(next < matching.length ? { nextToken: encodeToken({ o: next, q: signature }) } : {}),
    };
  };

  const startLiveTail = (body: Record<string, unknown>, res: ServerResponse, requestId: string): void => {
    const identifiers = Array.isArray(body.logGroupIdentifiers) ? (body.logGroupIdentifiers as string[]) : [];
    if (identifiers.length === 0 || identifiers.length > 10) {
      throw new ServiceError('InvalidParameterException', 'logGroupIdentifiers must contain between 1 and 10 log group ARNs.');
    }
    for (const id of identifiers) {
      if (!id.startsWith('arn:') || id.endsWith('*')) {
        throw new ServiceError('InvalidParameterException', `Log group identifier ${id} is invalid: use the log group ARN without a trailing :*.`);
      }
    }
    const streamNames = Array.isArray(body.logStreamNames) ? (body.logStreamNames as string[]) : undefined;
    const prefixes = Array.isArray(body.logStreamNamePrefixes) ? (body.logStreamNamePrefixes as string[]) : undefined;
    if ((streamNames || prefixes) && (identifiers.length !== 1 || (streamNames && prefixes))) {
      throw new ServiceError('InvalidParameterException', 'logStreamNames or logStreamNamePrefixes need exactly one log group, and are mutually exclusive.');
    }
    const matcher = compileFilterPattern(str(body.logEventFilterPattern));
    const names = identifiers.map((id) => groupByIdentifier(id).name);
    if (sessions.size >= settings.liveTailConcurrency) {
      throw new ServiceError('LimitExceededException', 'You have reached the maximum number of concurrent Live Tail sessions.');
    }

    const session: LiveSession = { groups: new Set(names), matcher, pending: [], res, timers: [] };
    if (streamNames) session.streamNames = new Set(streamNames);
    if (prefixes) session.prefixes = prefixes;
    sessions.add(session);
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId });
    res.write(
      eventFrame('sessionStart', {
        requestId,
        sessionId: randomUUID(),
        logGroupIdentifiers: identifiers,
        ...(streamNames ? { logStreamNames: streamNames } : {}),
        ...(prefixes ? { logStreamNamePrefixes: prefixes } : {}),
        ...(body.logEventFilterPattern !== undefined ? { logEventFilterPattern: body.logEventFilterPattern } : {}),
      }),
    );
    const close = (): void => {
      for (const timer of session.timers) clearTimeout(timer);
      sessions.delete(session);
    };
    const tick = setInterval(() => {
      const batch = session.pending.splice(0);
      const sampled = batch.length > settings.liveTailMaxEvents;
      const results = sampled ? sample(batch, settings.liveTailMaxEvents) : batch;
      res.write(eventFrame('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results }));
    }, settings.liveTailUpdateMs);
    const timeout = setTimeout(() => endSession(session, 'SessionTimeoutException', 'Session timed out after 3 hours.'), settings.liveTailSessionMs);
    session.timers.push(tick, timeout);
    res.on('close', close);
  };

  const endSession = (session: LiveSession, exception: string, message: string): void => {
    for (const timer of session.timers) clearTimeout(timer);
    sessions.delete(session);
    if (!session.res.destroyed) session.res.end(exceptionFrame(exception, message));
  };

  const offerToSessions = (group: string, event: StoredEvent): void => {
    for (const session of sessions) {
      if (!session.groups.has(group)) continue;
      if (session.streamNames && !session.streamNames.has(event.stream)) continue;
      if (session.prefixes && !session.prefixes.some((p) => event.stream.startsWith(p))) continue;
      if (!session.matcher(event.message)) continue;
      session.pending.push({
        logStreamName: event.stream,
        logGroupIdentifier: arnOf(group),
        message: event.message,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
      });
    }
  };

  // ------------------------------------------------------------ HTTP

  const handle = (req: IncomingMessage, raw: string, res: ServerResponse): void => {
    const requestId = randomUUID();
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : target;
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\/logs\/aws4_request/.exec(String(req.headers.authorization ?? ''));
    const record: RecordedRequest = { operation, body: {}, at: Date.now(), status: 200 };
    if (credential) {
      record.accessKeyId = credential[1]!;
      record.region = credential[2]!;
    }
    requests.push(record);
    try {
      if (req.method !== 'POST' || !target.startsWith('Logs_20140328.')) throw new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
        throw new ServiceError('SerializationException', 'Expected Content-Type application/x-amz-json-1.1');
      }
      if (!credential) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (settings.expiredAccessKeys.includes(credential[1]!)) throw new ServiceError('ExpiredTokenException', 'The security token included in the request is expired');
      try {
        record.body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      } catch {
        throw new ServiceError('SerializationException', 'The request body is not valid JSON');
      }
      throttle(operation);
      const injected = failures.get(operation)?.shift();
      if (injected) throw new ServiceError(injected.error, injected.message ?? defaultMessage(injected.error, operation, record.body), statusOf(injected.error));
      if (denied.has(operation)) throw new ServiceError('AccessDeniedException', defaultMessage('AccessDeniedException', operation, record.body));

      let result: unknown;
      switch (operation) {
        case 'FilterLogEvents':
          result = filterLogEvents(record.body);
          break;
        case 'DescribeLogGroups':
          result = describeLogGroups(record.body);
          break;
        case 'DescribeSubscriptionFilters':
          result = describeSubscriptionFilters(record.body);
          break;
        case 'StartLiveTail':
          if (!settings.liveTail) throw new ServiceError('UnknownOperationException', 'Unknown operation StartLiveTail');
          return startLiveTail(record.body, res, requestId);
        default:
          throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`);
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify(result));
    } catch (error) {
      const failure =
        error instanceof ServiceError
          ? error
          : error instanceof FilterPatternError
            ? new ServiceError('InvalidParameterException', error.message)
            : new ServiceError('InternalFailure', String(error), 500);
      record.status = failure.status;
      record.error = failure.type;
      if (res.headersSent) return void res.end();
      res.writeHead(failure.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
      res.end(JSON.stringify({ __type: failure.type, message: failure.message }));
    }
  };

  const throttle = (operation: string): void => {
    if (settings.tps === undefined) return;
    const now = Date.now();
    const recent = (callTimes.get(operation) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= settings.tps) {
      callTimes.set(operation, recent);
      throw new ServiceError('ThrottlingException', 'Rate exceeded');
    }
    recent.push(now);
    callTimes.set(operation, recent);
  };

  const defaultMessage = (error: FakeLogsError, operation: string, body: Record<string, unknown>): string => {
    switch (error) {
      case 'AccessDeniedException': {
        const action = ACTIONS[operation] ?? `logs:${operation}`;
        const group = str(body.logGroupName) ?? str(body.logGroupIdentifier) ?? '*';
        return `User: arn:aws:sts::${settings.accountId}:assumed-role/oncall/me is not authorized to perform: ${action} on resource: ${arnOf(nameFromIdentifier(group))}:log-stream: because no identity-based policy allows the ${action} action`;
      }
      case 'ThrottlingException':
        return 'Rate exceeded';
      case 'ResourceNotFoundException':
        return 'The specified log group does not exist.';
      case 'LimitExceededException':
        return 'You have reached the maximum number of concurrent Live Tail sessions.';
      case 'ServiceUnavailableException':
        return 'The service cannot complete the request.';
      case 'UnrecognizedClientException':
        return 'The security token included in the request is invalid.';
      case 'ExpiredTokenException':
        return 'The security token included in the request is expired';
      default:
        return 'Invalid parameter.';
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    settings,
    requests,
    env: () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: settings.region,
      AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    addGroup: (name, options) => void ensureGroup(name, options),
    putEvents(groupName, stream, events) {
      const group = ensureGroup(groupName);
      group.streams.add(stream);
      const ids: string[] = [];
      for (const seed of events) {
        seq++;
        const event: StoredEvent = {
          id: seed.id ?? `${String(Math.max(0, Math.floor(seed.timestamp))).padStart(16, '0')}${String(seq).padStart(40, '0')}`,
          timestamp: seed.timestamp,
          ingestionTime: seed.ingestionTime ?? Date.now(),
          stream,
          message: seed.message,
          seq,
        };
        const last = group.events[group.events.length - 1];
        if (last && (last.timestamp > event.timestamp || (last.timestamp === event.timestamp && last.ingestionTime > event.ingestionTime))) group.sorted = false;
        group.events.push(event);
        ids.push(event.id);
        offerToSessions(groupName, event);
      }
      return ids;
    },
    addSubscriptionFilter: (group, filter) => void ensureGroup(group).filters.push(filter),
    fail(operation, error, options = {}) {
      const queue = failures.get(operation) ?? [];
      for (let i = 0; i < (options.times ?? 1); i++) queue.push({ error, ...(options.message !== undefined ? { message: options.message } : {}) });
      failures.set(operation, queue);
    },
    deny: (operation) => void denied.add(operation),
    allow: (operation) => void denied.delete(operation),
    emptyPages: (n) => void (emptyPagesLeft += n),
    expireLiveSessions: () => {
      for (const session of [...sessions]) endSession(session, 'SessionTimeoutException', 'Session timed out after 3 hours.');
    },
    liveSessions: () => sessions.size,
    groupArn: arnOf,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of [...sessions]) {
          for (const timer of session.timers) clearTimeout(timer);
          sessions.delete(session);
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusOf(error: string): number {
  return error === 'ServiceUnavailableException' ? 500 : 400;
}

/** A log group name from a name or an ARN (`arn:aws:logs:r:acct:log-group:NAME` with or without `:*`). */
function nameFromIdentifier(identifier: string): string {
  if (!identifier.startsWith('arn:')) return identifier;
  const marker = ':log-group:';
  const at = identifier.indexOf(marker);
  const name = at === -1 ? identifier : identifier.slice(at + marker.length);
  return name.endsWith(':*') ? name.slice(0, -2) : name;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function encodeToken(token: { o: number; q: string }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(token: string): { o: number; q: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    return typeof parsed.o === 'number' && typeof parsed.q === 'string' ? { o: parsed.o, q: parsed.q } : undefined;
  } catch {
    return undefined;
  }
}

function offsetFromToken(token: string | undefined, signature: string): number {
  if (token === undefined) return 0;
  const decoded = decodeToken(token);
  if (!decoded || decoded.q !== signature) throw new ServiceError('InvalidParameterException', 'The specified nextToken is invalid.');
  return decoded.o;
}

function lowerBound(events: StoredEvent[], timestamp: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < timestamp) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Evenly spaced `n` of `items`, as the service thins out an update above its per-second cap. */
function sample<T>(items: T[], n: number): T[] {
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}
