import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CloudWatchEvent, LogGroupRef, LogsApi } from '../aws/logs/api.js';
import { type AwsLogsSettings, createCloudWatchLogsApi } from '../aws/logs/client.js';
import { consoleLink } from '../aws/logs/console-link.js';
import { DEFAULT_FILTER_PATTERN } from '../aws/logs/default-filter.js';
import { fetchEvents } from '../aws/logs/fetch.js';
import { followEvents } from '../aws/logs/follow.js';
import { resolveLogGroups } from '../aws/logs/groups.js';
import { readAwsEnv, readEnvConfig } from '../config.js';
import { type AnalysisResult, LogAnalyzer } from '../core/analyze.js';
import type { LogEvent } from '../core/events.js';
import type { DiagnosedIncident } from '../core/incident.js';
import { IncidentCollector } from '../core/incidents.js';
import { formatDuration, parseDuration, parseTimeSpec } from '../core/time-window.js';
import { sparkline, Timeline } from '../core/timeline.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { type DiagnosedRun, diagnoseAnalysis, emitToSinks, type ReportSink } from '../pipeline/index.js';
import type { Provider } from '../providers/provider.js';
import { selectProvider } from '../providers/select.js';
import { toJsonDocument } from '../sinks/json.js';
import { createLiveView } from '../sinks/live-view.js';
import { createPrinterSink, createUsageLineSink, type OutputFormat } from '../sinks/printer.js';
import { useColor } from './color.js';
import { type CliContext, warn } from './context.js';
import {
  addOutputOptions,
  addProviderOptions,
  addSlackOptions,
  outputFormat,
  providerIo,
  providerSettings,
  type ReportFlags,
  slackSinkFor,
} from './shared-options.js';

/** Flags of `cloudsentry watch`, as commander parses them. */
export interface WatchOptions extends ReportFlags {
  since: string;
  until?: string;
  streamPrefix?: string;
  filterPattern?: string;
  all?: boolean;
  limit?: number;
  follow?: boolean;
  for?: string;
  profile?: string;
  region?: string;
}

/** What a run of `watch` needs from outside, injectable for tests. */
export interface WatchDeps {
  /** Builds the CloudWatch Logs API (default: the v3 SDK client, loaded only now). */
  createApi?: (settings: AwsLogsSettings) => Promise<LogsApi>;
  /** Aborting it ends `--follow` as Ctrl-C does (default: SIGINT). */
  stop?: AbortSignal;
  /** Pause between polling rounds when Live Tail is refused (default 5 s). */
  pollIntervalMs?: number;
}

/** Declares `watch` and its flags. */
export function registerWatch(program: Command, ctx: CliContext): void {
  const command = program
    .command('watch')
    .description('recent and live errors from CloudWatch Logs, grouped into incidents and explained')
    .argument('<logGroup...>', 'log group names, ARNs, or prefixes ending in * (quote them: "/aws/lambda/*")')
    .option('--since <time>', 'start of the window: 90s, 15m, 2h, 1d, 1h30m, ISO-8601 or epoch', '1h')
    .option('--until <time>', 'end of the window (default: now)')
    .option('--stream-prefix <prefix>', 'only log streams whose name starts with this')
    .option('--filter-pattern <pattern>', 'CloudWatch filter pattern sent to the service (default: usual failure words, see README)')
    .option('--all', 'fetch every event and let cloudsentry decide what is an error')
    .option('--limit <n>', 'read at most this many events (reaching it is reported)', parseLimit)
    .option('--follow', 'then keep following new events live (Live Tail; polling when refused)')
    .option('--for <duration>', 'with --follow: stop after this long (e.g. 10m) and print the summary')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE, else the default profile)')
    .option('--region <region>', 'AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)');
  addSlackOptions(addProviderOptions(addOutputOptions(command))).action(async (groups: string[], options: WatchOptions) => {
    ctx.exitCode = await runWatch(groups, options, ctx);
  });
}

/** The window, filters and mode of one run, checked before any AWS call. */
interface WatchPlan {
  start: number;
  end: number;
  filterPattern?: string;
  streamPrefix?: string;
  limit?: number;
  followForMs?: number;
  format: OutputFormat;
}

/** Reads the window's events through the pipeline, prints the report, then follows live with --follow. */
export async function runWatch(specs: string[], options: WatchOptions, ctx: CliContext, deps: WatchDeps = {}): Promise<ExitCode> {
  const plan = planWatch(options, ctx);
  const slack = await slackSinkFor(options, ctx);
  const awsEnv = readAwsEnv(ctx.env);
  const settings: AwsLogsSettings = {
    ...((options.region ?? awsEnv.region) ? { region: options.region ?? awsEnv.region } : {}),
    ...((options.profile ?? awsEnv.profile) ? { profile: options.profile ?? awsEnv.profile } : {}),
    ...(awsEnv.logsEndpoint ? { endpoint: awsEnv.logsEndpoint } : {}),
  };
  const progress = await createProgress(ctx);
  let api: LogsApi | undefined;
  try {
    progress.update('connecting to CloudWatch Logs');
    api = await (deps.createApi ?? createCloudWatchLogsApi)(settings);
    progress.update(`resolving ${specs.length} log group name${specs.length === 1 ? '' : 's'}`);
    const groups = await resolveLogGroups(api, specs);
    const session = new WatchSession(api, groups, plan, options, ctx, progress, slack);
    await session.readWindow();
    if (!options.follow) return await session.finish(true);
    await session.follow(deps);
    return await session.finish(false);
  } finally {
    progress.stop();
    api?.close();
  }
}

/** Checks flags and turns times into the window; every mistake is a UsageError before anything is fetched. */
function planWatch(options: WatchOptions, ctx: CliContext): WatchPlan {
  const format = outputFormat(options);
  if (options.all && options.filterPattern !== undefined) throw new UsageError('--all and --filter-pattern cannot be used together: --all reads every event');
  if (options.for !== undefined && !options.follow) throw new UsageError('--for needs --follow');
  if (options.until !== undefined && options.follow) throw new UsageError('--until cannot be used with --follow, which reads up to now and then live');
  const now = ctx.now();
  const start = parseTimeSpec(options.since, now);
  if (start === undefined) throw new UsageError(`--since ${JSON.stringify(options.since)} is not a time: use 90s, 15m, 2h, 1d, 1h30m, an ISO-8601 time or an epoch`);
  const end = options.until === undefined ? now : parseTimeSpec(options.until, now);
  if (end === undefined) throw new UsageError(`--until ${JSON.stringify(options.until)} is not a time: use 90s, 15m, 2h, 1d, 1h30m, an ISO-8601 time or an epoch`);
  if (start >= end) throw new UsageError(`--since must be before --until (the window ${new Date(start).toISOString()} → ${new Date(end).toISOString()} is empty)`);
  let followForMs: number | undefined;
  if (options.for !== undefined) {
    followForMs = parseDuration(options.for);
    if (followForMs === undefined || followForMs <= 0) throw new UsageError(`--for ${JSON.stringify(options.for)} is not a duration: use e.g. 30s, 10m, 1h`);
  }
  const filterPattern = options.all ? undefined : (options.filterPattern ?? DEFAULT_FILTER_PATTERN);
  return {
    start,
    end,
    format,
    ...(filterPattern !== undefined && filterPattern.trim() !== '' ? { filterPattern } : {}),
    ...(options.streamPrefix !== undefined ? { streamPrefix: options.streamPrefix } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(followForMs !== undefined ? { followForMs } : {}),
  };
}

/** Counts every error event the core decides on, for the error-rate sparkline, then collects it as usual. */
class TimedCollector extends IncidentCollector {
  constructor(private readonly timeline: Timeline) {
    super();
  }

  override add(event: LogEvent, context: readonly string[]): void {
    this.timeline.add(event.timestamp);
    super.add(event, context);
  }
}

/** One run of `watch`: the analyzer shared by the window and the live phase, and how results are shown. */
class WatchSession {
  private readonly timeline: Timeline;
  private readonly analyzer: LogAnalyzer;
  private readonly color: boolean;
  private provider: Promise<Provider> | undefined;
  private read = 0;
  private pages = 0;
  private capped = false;
  private newest = 0;
  private liveMode: string | undefined;
  private followedUntil: number | undefined;

  constructor(
    private readonly api: LogsApi,
    private readonly groups: LogGroupRef[],
    private readonly plan: WatchPlan,
    private readonly options: WatchOptions,
    private readonly ctx: CliContext,
    private readonly progress: Progress,
    private readonly slack: ReportSink | undefined,
  ) {
    this.timeline = new Timeline(Math.max(1000, Math.floor((plan.end - plan.start) / 400)));
    this.analyzer = new LogAnalyzer({ collector: new TimedCollector(this.timeline), year: new Date(plan.end).getUTCFullYear() });
    this.color = useColor(ctx);
  }

  /** Fetches every group's events in the window into the analyzer, as pages arrive. */
  async readWindow(): Promise<void> {
    const done = new Set<string>();
    this.showProgress(done.size);
    const pages = fetchEvents(this.api, this.groups, {
      start: this.plan.start,
      end: this.plan.end,
      ...(this.plan.filterPattern !== undefined ? { filterPattern: this.plan.filterPattern } : {}),
      ...(this.plan.streamPrefix !== undefined ? { streamPrefix: this.plan.streamPrefix } : {}),
    });
    for await (const page of pages) {
      this.pages++;
      if (!this.push(page.events)) break;
      if (page.last) done.add(page.group.arn || page.group.name);
      this.showProgress(done.size);
    }
    if (this.capped) {
      warn(this.ctx, `stopped at --limit ${this.plan.limit!.toLocaleString('en-US')} events: the window holds more, so counts cover only the events read`);
    }
  }

  /** Follows new events until Ctrl-C, `--for` or `--limit`; prints new and updated incidents as they appear. */
  async follow(deps: WatchDeps): Promise<void> {
    if (this.capped) return;
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    const timer = this.plan.followForMs !== undefined ? setTimeout(() => stop.abort(), this.plan.followForMs) : undefined;
    if (deps.stop) deps.stop.addEventListener('abort', onSigint, { once: true });
    else process.once('SIGINT', onSigint);
    this.progress.stop();

    const view = createLiveView({
      out: this.ctx.stdout,
      err: this.ctx.stderr,
      format: this.plan.format,
      color: this.color,
      tty: this.ctx.stdout.isTTY === true && this.plan.format !== 'json',
      now: this.ctx.now,
    });
    const known = new Map<string, DiagnosedIncident>();
    try {
      this.analyzer.flush();
      await this.publish(view, known);
      const batches = followEvents(this.api, this.groups, {
        since: Math.max(this.plan.end, this.newest) + 1,
        signal: stop.signal,
        ...(this.plan.filterPattern !== undefined ? { filterPattern: this.plan.filterPattern } : {}),
        ...(this.plan.streamPrefix !== undefined ? { streamPrefix: this.plan.streamPrefix } : {}),
        ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
        onNotice: (notice) => {
          if (notice.kind === 'live') this.liveMode = 'Live Tail';
          else if (notice.kind === 'polling') {
            this.liveMode = 'polling every 5 s';
            view.notice(`warning: ${notice.reason}; polling FilterLogEvents instead, as \`aws logs tail --follow\` does`);
          } else if (notice.kind === 'sampled') {
            view.notice('warning: Live Tail is sampling (over 500 matching events per second): live counts are lower than the real rate');
          } else view.notice(notice.reason === 'timeout' ? 'Live Tail session reached its 3-hour limit: reconnected' : `Live Tail stream interrupted${notice.detail ? ` (${notice.detail})` : ''}: reconnecting`);
        },
      });
      view.status(this.statusLine(known.size));
      for await (const batch of batches) {
        const more = this.push(batch);
        this.analyzer.flush();
        await this.publish(view, known);
        if (!more) {
          warn(this.ctx, `stopped following at --limit ${this.plan.limit!.toLocaleString('en-US')} events`);
          break;
        }
      }
    } finally {
      stop.abort();
      if (timer) clearTimeout(timer);
      if (!deps.stop) process.removeListener('SIGINT', onSigint);
      this.followedUntil = this.ctx.now();
      view.close();
    }
  }

  /** Diagnoses everything read, prints the summary (and forwards it to Slack when not following); returns the exit code. */
  async finish(forwardToSlack: boolean): Promise<ExitCode> {
    const analysis = this.analyzer.end();
    this.progress.update(`diagnosing ${analysis.incidents.length} incident${analysis.incidents.length === 1 ? '' : 's'}`);
    const run = this.withLinks(await diagnoseAnalysis(analysis, () => this.getProvider()));
    this.progress.stop();
    const sinks: ReportSink[] = [createUsageLineSink(this.ctx.stderr)];
    if (this.plan.format === 'terminal') sinks.push({ name: 'window', emit: () => void this.ctx.stdout.write(this.windowLine(analysis)) });
    sinks.push(
      this.plan.format === 'json' && this.options.follow
        ? { name: 'json-line', emit: (r) => void this.ctx.stdout.write(`${JSON.stringify(toJsonDocument(r.report, r.usage ? { usage: r.usage } : {}))}\n`) }
        : createPrinterSink(this.ctx.stdout, { format: this.plan.format, color: this.color, showRaw: !this.options.redact }),
    );
    if (this.slack && forwardToSlack) sinks.push(this.slack);
    await emitToSinks(run, sinks);
    return run.fault?.exitCode ?? EXIT.ok;
  }

  /** Feeds events to the analyzer; false once `--limit` is reached. */
  private push(events: readonly CloudWatchEvent[]): boolean {
    for (const event of events) {
      if (this.plan.limit !== undefined && this.read >= this.plan.limit) {
        this.capped = true;
        return false;
      }
      this.analyzer.pushRecord({ message: event.message, timestamp: event.timestamp, source: event.group, stream: event.stream });
      if (event.timestamp > this.newest) this.newest = event.timestamp;
      this.read++;
    }
    return true;
  }

  /** Shows incidents that are new since the last call (diagnosed now) and the ones whose counts grew. */
  private async publish(view: ReturnType<typeof createLiveView>, known: Map<string, DiagnosedIncident>): Promise<void> {
    const snapshot = this.analyzer.snapshot();
    const fresh = snapshot.incidents.filter((incident) => !known.has(incident.fingerprint));
    const grown = snapshot.incidents.filter((incident) => {
      const seen = known.get(incident.fingerprint);
      return seen !== undefined && seen.count !== incident.count;
    });
    if (fresh.length > 0) {
      const run = this.withLinks(await diagnoseAnalysis({ incidents: fresh, summary: snapshot.summary }, () => this.getProvider()));
      for (const incident of run.report.incidents) known.set(incident.fingerprint, incident);
      view.incidents(run.report.incidents, 'new', snapshot.summary);
      // Posted once each: the Slack sink's cooldown store remembers fingerprints across runs too.
      if (this.slack) await this.slack.emit(run);
    }
    if (grown.length > 0) {
      const updated = grown.map((incident) => {
        const seen = known.get(incident.fingerprint)!;
        const next = { ...seen, count: incident.count, firstSeen: incident.firstSeen, lastSeen: incident.lastSeen, sources: incident.sources, streams: incident.streams };
        const withLink = { ...next, link: this.linkFor(next) };
        known.set(incident.fingerprint, withLink);
        return withLink;
      });
      view.incidents(updated, 'updated', snapshot.summary);
    }
    view.status(this.statusLine(known.size));
  }

  private getProvider(): Promise<Provider> {
    this.provider ??= selectProvider(providerSettings(this.options, readEnvConfig(this.ctx.env)), providerIo(this.ctx, this.plan.format));
    return this.provider;
  }

  /** The run with a console link on each incident, to its first log group's events in its time span. */
  private withLinks(run: DiagnosedRun): DiagnosedRun {
    const incidents = run.report.incidents.map((incident) => ({ ...incident, link: this.linkFor(incident) }));
    return { ...run, report: { ...run.report, incidents } };
  }

  private linkFor(incident: DiagnosedIncident): string {
    const stream = incident.streams?.length === 1 ? incident.streams[0] : undefined;
    return consoleLink({
      region: this.api.region,
      group: incident.sources[0] ?? this.groups[0]?.name ?? '',
      ...(stream !== undefined ? { stream } : {}),
      start: incident.firstSeen ?? this.plan.start,
      end: (incident.lastSeen ?? this.plan.end) + 1,
      ...(this.plan.filterPattern !== undefined ? { filterPattern: this.plan.filterPattern } : {}),
    });
  }

  private showProgress(groupsDone: number): void {
    this.progress.update(
      `reading ${groupsDone}/${this.groups.length} log group${this.groups.length === 1 ? '' : 's'} · ${this.pages.toLocaleString('en-US')} page${this.pages === 1 ? '' : 's'} · ${this.read.toLocaleString('en-US')} events`,
    );
  }

  private statusLine(incidents: number): string {
    const summary = this.analyzer.snapshot().summary;
    return `following ${this.groups.length} log group${this.groups.length === 1 ? '' : 's'}${this.liveMode ? ` (${this.liveMode})` : ''} · ${incidents} incident${incidents === 1 ? '' : 's'} · ${summary.errorEvents.toLocaleString('en-US')} errors · Ctrl-C for the summary`;
  }

  /** The terminal's first line: window, groups, events read and the error-rate sparkline. */
  private windowLine(analysis: AnalysisResult): string {
    const end = this.followedUntil ?? this.plan.end;
    const { counts, bucketMs } = this.timeline.buckets(this.plan.start, end);
    const names = this.groups.length <= 3 ? this.groups.map((g) => g.name).join(', ') : `${this.groups.length} log groups`;
    const limit = this.capped ? ` (--limit ${this.plan.limit!.toLocaleString('en-US')} reached)` : '';
    const head = `${names} · ${shortTime(this.plan.start)} → ${shortTime(end)} (${formatDuration(end - this.plan.start)}) · ${this.read.toLocaleString('en-US')} event${this.read === 1 ? '' : 's'} read${limit}`;
    if (analysis.summary.errorEvents === 0) return `${head}\n`;
    return `${head}\nerrors per ${formatDuration(bucketMs)}  ${sparkline(counts)}  (peak ${Math.max(...counts).toLocaleString('en-US')})\n\n`;
  }
}

/** An ora spinner on stderr when it is a terminal; nothing otherwise. */
interface Progress {
  update(text: string): void;
  stop(): void;
}

async function createProgress(ctx: CliContext): Promise<Progress> {
  if (ctx.stderr.isTTY !== true) return { update: () => {}, stop: () => {} };
  const ora = (await import('ora')).default;
  const spinner = ora({ stream: ctx.stderr as NodeJS.WritableStream, discardStdin: false, hideCursor: false });
  let stopped = false;
  return {
    update(text) {
      if (stopped) return;
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
    },
    stop() {
      stopped = true;
      spinner.stop();
    },
  };
}

function shortTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of events, at least 1');
  return n;
}
