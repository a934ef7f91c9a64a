import type { Claim, SuppressionStore, Verdict } from '../aws/state/suppression.js';
import { isTransientStateError } from '../aws/state/table.js';
import { type AnalysisResult, LogAnalyzer } from '../core/analyze.js';
import type { Diagnosis } from '../core/diagnosis.js';
import type { DiagnosedIncident, Incident, RunSummary } from '../core/incident.js';
import { offlineDiagnosis, redactIncident } from '../core/report.js';
import { diagnoseAnalysis } from '../pipeline/index.js';
import { UpstreamError } from '../errors.js';
import type { Provider } from '../providers/provider.js';
import { createRulesProvider } from '../providers/rules.js';
import { type SendOptions, type SendResult, sendSlackMessage } from '../sinks/slack/send.js';
import type { SlackMessage } from '../sinks/slack/card.js';
import { resolveSlackSettings } from '../sinks/slack/settings.js';
import { buildAgentCard, consoleUrl, type FollowUp } from './card.js';
import type { AgentConfig } from './config.js';
import type { AgentLog } from './log.js';
import { decodeSubscriptionEvent, type SubscriptionPayload } from './payload.js';
import type { AgentSecrets, SecretSource } from './secrets.js';

/** What one invocation did; `cloudsentry deploy --test` reads it to say whether a card was posted, or why not. */
export interface AgentResult {
  /** Incidents found in the batch. */
  incidents: number;
  /** New incidents shown in full on the card this invocation posted. */
  posted: number;
  /** Incidents another invocation already posted within the cooldown (only counted). */
  suppressed: number;
  /** "Still happening" lines posted after a cooldown. */
  followUps: number;
  /** Payloads that could not be decoded (0 or 1). */
  malformed: number;
  /** LLM requests' worth of budget taken (one per diagnosed batch). */
  llmCalls: number;
  /** Why something was not posted or not diagnosed by the LLM; never contains a secret. */
  errors: string[];
}

/** The LLM provider for these secrets, or undefined for the offline knowledge base. */
export type LlmFactory = (secrets: AgentSecrets) => Promise<AgentProvider | undefined>;

/** A provider as the agent wraps it: how many calls it has taken from the cap so far, and how often the cap said no. */
export type AgentProvider = Provider & { calls?(): number; denials?(): number };

/** Everything the handler needs from outside, injected so tests drive it against fakes and dynalite. */
export interface AgentDeps {
  config: AgentConfig;
  secrets: SecretSource;
  suppression: SuppressionStore;
  llm: LlmFactory;
  log: AgentLog;
  now: () => number;
  version: string;
  send?: (message: SlackMessage, options: SendOptions) => Promise<SendResult>;
  sendOptions?: Partial<SendOptions>;
}

/** Per attempt; 3 attempts with backoff stay under 20 s, inside the function's timeout (AGENT_SIZING). */
const SLACK_TIMEOUT_MS = 5_000;
/** A 429 asking for more than this fails (and the event is retried by Lambda) instead of holding the function. */
const SLACK_MAX_RETRY_AFTER_MS = 5_000;

/** Builds the Lambda handler over its dependencies. It throws only on transient failures (see README). */
export function createAgentHandler(deps: AgentDeps): (event: unknown) => Promise<AgentResult> {
  const { log } = deps;
  return async (event) => {
    const started = deps.now();
    const result: AgentResult = { incidents: 0, posted: 0, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [] };
    const finish = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}) => {
      result.errors = result.errors.map((e) => log.scrub(e));
      log.write(level, message, { ...fields, incidents: result.incidents, posted: result.posted, suppressed: result.suppressed, followUps: result.followUps, malformed: result.malformed, llmCalls: result.llmCalls, errors: result.errors, ms: deps.now() - started });
      return result;
    };

    const decoded = decodeSubscriptionEvent(event);
    if (decoded.kind === 'malformed') {
      result.malformed = 1;
      result.errors.push(`malformed payload dropped: ${decoded.reason}`);
      return finish('error', 'malformed subscription payload dropped (a retry would only repeat it)', { reason: decoded.reason });
    }
    if (decoded.kind === 'control') return finish('info', 'CONTROL_MESSAGE ignored');
    const { payload } = decoded;
    const logGroup = payload.logGroup;
    if (deps.config.ownLogGroup && logGroup === deps.config.ownLogGroup) {
      result.errors.push(`batch from the agent's own log group ${logGroup} ignored`);
      return finish('warn', "batch from the agent's own log group ignored (it would feed on itself)", { logGroup });
    }

    const { incidents, summary } = analyzeBatch(payload);
    result.incidents = incidents.length;
    const base = { logGroup, events: summary.events, errorEvents: summary.errorEvents, bytes: decoded.bytes };
    if (incidents.length === 0) return finish('info', 'batch processed: no incidents', base);

    const secrets = await readSecrets(deps, result);
    if (!secrets) return finish('error', 'batch not posted: the secret is unusable', base);
    const webhook = slackWebhook(secrets, deps.config, result);
    if (!webhook) {
      logDiagnoses(log, logGroup, incidents.map((incident) => scrubIncident(redactIncident(incident), log)));
      return finish('warn', 'batch not posted: no usable Slack webhook', base);
    }

    // Redacted, and the agent's own secrets masked wherever log text happens to quote them.
    const safe = incidents.map((incident) => scrubIncident(redactIncident(incident), log));
    const claims: Claim[] = [];
    let posted = false;
    try {
      const verdicts = await decideAll(deps, logGroup, safe, payload);
      for (const verdict of verdicts) if (verdict.kind !== 'suppressed') claims.push(verdict);
      result.suppressed = verdicts.filter((v) => v.kind === 'suppressed').length;
      if (claims.length === 0) return finish('info', 'batch processed: every incident was posted recently', base);

      const byFingerprint = new Map(safe.map((incident) => [incident.fingerprint, incident]));
      const claimed = claims.map((claim) => byFingerprint.get(claim.sighting.fingerprint)!);
      const { diagnosed: ranked, tokens } = await diagnose(deps, secrets, claimed, summary, result);
      const diagnosed = new Map(ranked.map((incident) => [incident.fingerprint, incident]));
      const isNew = new Set(claims.filter((c) => c.kind === 'new').map((c) => c.sighting.fingerprint));
      const fresh = ranked.filter((incident) => isNew.has(incident.fingerprint));
      const followUps: FollowUp[] = claims.flatMap((c) =>
        c.kind === 'follow-up' ? [{ incident: diagnosed.get(c.sighting.fingerprint)!, total: c.total, since: c.since }] : [],
      );
      const streams = [...new Set([payload.logStream, ...claimed.flatMap((incident) => incident.streams ?? [])].filter((s) => s !== ''))];
      const card = buildAgentCard(fresh, followUps, {
        summary,
        top: deps.config.slackTop,
        version: deps.version,
        origin: { logGroup, streams, ...optional('consoleUrl', consoleUrl(deps.config.region, logGroup, streams.length === 1 ? streams[0] : undefined)) },
      })!;

      const send = deps.send ?? sendSlackMessage;
      const sent = await send(card.message, { url: webhook, timeoutMs: SLACK_TIMEOUT_MS, maxRetryAfterMs: SLACK_MAX_RETRY_AFTER_MS, ...deps.sendOptions });
      if (!sent.ok) {
        result.errors.push(`Slack: ${sent.reason}`);
        logDiagnoses(log, logGroup, [...diagnosed.values()]);
        if (sent.permanent) return finish('error', 'card not posted: Slack refused it (permanent; not retried)', { ...base, status: sent.status, tokens });
        finish('error', 'card not posted: Slack is unavailable; the claims are released and the event will be retried', { ...base, status: sent.status, tokens });
        throw new UpstreamError(`Slack: ${sent.reason}`, { retryable: true });
      }
      posted = true;
      result.posted = card.shown.length;
      result.followUps = card.followUps.length;
      // Claims that did not fit on the card are given back, so a later batch can post them.
      const carried = new Set([...card.shown, ...card.followUps]);
      await releaseAll(deps, claims.filter((c) => !carried.has(c.sighting.fingerprint)));
      return finish('info', 'batch processed', { ...base, tokens });
    } catch (error) {
      if (!posted) await releaseAll(deps, claims);
      if (error instanceof UpstreamError && error.retryable) throw error;
      if (isTransientStateError(error)) {
        result.errors.push(`DynamoDB: ${(error as Error).name}`);
        finish('error', 'state table unavailable; the event will be retried', { ...base, error: (error as Error).name });
        throw new UpstreamError(`DynamoDB is unavailable (${(error as Error).name}); retrying`, { retryable: true, cause: error });
      }
      result.errors.push(`unexpected: ${(error as Error).name}: ${(error as Error).message}`);
      return finish('error', 'batch not posted: permanent failure', { ...base, error: (error as Error).name });
    }
  };
}

/**
 * Each event goes to the pipeline's analyzer as a record with its own timestamp, log group and stream, so a
 * stack trace split across events of one stream is reassembled and incidents carry the events' times.
 */
export function analyzeBatch(payload: SubscriptionPayload): AnalysisResult {
  const last = payload.logEvents.reduce((max, e) => Math.max(max, e.timestamp), 0);
  const analyzer = new LogAnalyzer({ year: new Date(last || Date.now()).getUTCFullYear() });
  for (const event of payload.logEvents) {
    analyzer.pushRecord({ message: event.message, timestamp: event.timestamp, source: payload.logGroup, stream: payload.logStream });
  }
  return analyzer.end();
}

async function readSecrets(deps: AgentDeps, result: AgentResult): Promise<AgentSecrets | undefined> {
  try {
    const secrets = await deps.secrets.get();
    deps.log.forget(secrets.anthropicApiKey, secrets.slackWebhookUrl, secrets.slackWebhookUrl ? new URL(secrets.slackWebhookUrl).pathname : undefined);
    return secrets;
  } catch (error) {
    if (error instanceof UpstreamError && error.retryable) {
      deps.log.write('error', 'cannot read the secret; the event will be retried', { error: error.message });
      throw error;
    }
    result.errors.push((error as Error).message);
    return undefined;
  }
}

function slackWebhook(secrets: AgentSecrets, config: AgentConfig, result: AgentResult): string | undefined {
  if (!secrets.slackWebhookUrl) {
    result.errors.push('the secret has no slackWebhookUrl: nothing is posted (diagnoses are in the log)');
    return undefined;
  }
  try {
    const env = { cacheDir: '/tmp', noColor: true, forceColor: false };
    return resolveSlackSettings({ slackWebhook: secrets.slackWebhookUrl, slackTop: config.slackTop }, env).webhookUrl;
  } catch (error) {
    result.errors.push(`slackWebhookUrl in the secret is unusable: ${(error as Error).message.replace(/^--slack-webhook /, '')}`);
    return undefined;
  }
}

async function decideAll(deps: AgentDeps, logGroup: string, incidents: Incident[], payload: SubscriptionPayload): Promise<Verdict[]> {
  const now = deps.now();
  const fallback = payload.logEvents[0]?.timestamp ?? now;
  const settled = await Promise.allSettled(
    incidents.map((incident) => deps.suppression.decide({ logGroup, fingerprint: incident.fingerprint, count: incident.count, firstSeen: incident.firstSeen ?? fallback }, now)),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Give back whatever was won, so the retried event finds the incidents unclaimed.
    await releaseAll(deps, settled.flatMap((s) => (s.status === 'fulfilled' && s.value.kind !== 'suppressed' ? [s.value] : [])));
    throw failed.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<Verdict>).value);
}

/** The pipeline's diagnose step for the claimed incidents only: nobody pays the LLM for an incident that is not posted. */
async function diagnose(
  deps: AgentDeps,
  secrets: AgentSecrets,
  incidents: Incident[],
  summary: RunSummary,
  result: AgentResult,
): Promise<{ diagnosed: DiagnosedIncident[]; tokens?: { input: number; output: number } }> {
  let provider: AgentProvider | undefined;
  try {
    provider = await deps.llm(secrets);
  } catch (error) {
    result.errors.push(`LLM unavailable (${(error as Error).message}); offline diagnosis used`);
  }
  const chosen: AgentProvider = provider ?? createRulesProvider();
  const callsBefore = chosen.calls?.() ?? 0;
  const denialsBefore = chosen.denials?.() ?? 0;
  try {
    const run = await diagnoseAnalysis({ incidents, summary }, async () => chosen);
    result.llmCalls = (chosen.calls?.() ?? 0) - callsBefore;
    if ((chosen.denials?.() ?? 0) > denialsBefore) result.errors.push('LLM call cap reached for this minute; offline diagnosis used');
    // A batch answered from the cache or above the cap made no call: the provider's last report is not this batch's.
    const fresh = result.llmCalls > 0;
    if (fresh && run.fault) result.errors.push(run.fault.message);
    const tokens = fresh && run.usage ? { input: run.usage.inputTokens, output: run.usage.outputTokens } : undefined;
    return { diagnosed: run.report.incidents, ...(tokens ? { tokens } : {}) };
  } catch (error) {
    if (isTransientStateError(error)) throw error;
    // An LLM outage must not lose the card: the knowledge base's answer is always there.
    result.errors.push(`LLM failed (${(error as Error).name}); offline diagnosis used`);
    return { diagnosed: incidents.map((incident) => ({ ...incident, diagnosis: offlineDiagnosis(incident) })) };
  }
}

async function releaseAll(deps: AgentDeps, claims: Claim[]): Promise<void> {
  const settled = await Promise.allSettled(claims.map((claim) => deps.suppression.release(claim)));
  const failures = settled.filter((s) => s.status === 'rejected').length;
  if (failures > 0) deps.log.write('warn', `could not release ${failures} claim(s); those incidents wait for the cooldown`, { failures });
}

function logDiagnoses(log: AgentLog, logGroup: string, incidents: (Incident & { diagnosis?: Diagnosis })[]): void {
  for (const incident of incidents) {
    const d = incident.diagnosis ?? offlineDiagnosis(incident);
    log.write('info', 'incident', { logGroup, fingerprint: incident.fingerprint, count: incident.count, severity: d.severity, category: d.category, title: d.title, engine: d.engine });
  }
}

function scrubIncident(incident: Incident, log: AgentLog): Incident {
  return { ...incident, pattern: log.scrub(incident.pattern), sample: log.scrub(incident.sample), context: incident.context.map((line) => log.scrub(line)) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
