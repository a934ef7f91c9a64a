import type { Command } from 'commander';
import { type EnvConfig, readEnvConfig } from '../config.js';
import { UsageError } from '../errors.js';
import type { ReportSink } from '../pipeline/index.js';
import { createFileCacheStore } from '../providers/cache.js';
import type { LlmProvider, ProviderIo, ProviderSettings } from '../providers/select.js';
import type { OutputFormat } from '../sinks/printer.js';
import type { CiRunOrigin } from '../sinks/slack/card.js';
import { type CliContext, warn } from './context.js';
import { parseNumberOption } from './options.js';

/**
 * Flags shared by every command that diagnoses (`diagnose`, `watch`, `run`): output, Claude and Slack.
 * Declared once here so the commands cannot drift apart.
 */
export interface ReportFlags {
  json?: boolean;
  markdown?: boolean;
  offline?: boolean;
  provider?: string;
  redact: boolean;
  model?: string;
  cache: boolean;
  maxInputTokens?: number;
  maxCost?: number;
  timeout?: number;
  slack?: boolean;
  slackWebhook?: string;
  slackCooldown?: number;
  slackTop?: number;
  force?: boolean;
}

/** Declares `--json`, `--markdown` and `--no-redact`. */
export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'print one JSON document on stdout (schema in the README)')
    .option('--markdown', 'print a Markdown report, ready for a ticket')
    .option('--no-redact', 'show raw samples in local terminal output (never applies to anything sent)');
}

/** Declares the Claude flags. */
export function addProviderOptions(command: Command): Command {
  return command
    .option('--offline', 'use only the built-in knowledge base, even when ANTHROPIC_API_KEY is set')
    .option('--provider <name>', 'where Claude runs: anthropic (ANTHROPIC_API_KEY) or bedrock (your AWS credentials); default CLOUDSENTRY_PROVIDER or anthropic')
    .option('--model <id>', 'Claude model (default: CLOUDSENTRY_MODEL or claude-haiku-5-5)')
    .option('--no-cache', 'do not read or write the diagnosis cache')
    .option('--max-input-tokens <n>', 'cap on the prompt size sent to Claude', parseNumberOption)
    .option('--max-cost <usd>', 'refuse to call Claude when the estimated cost is above this', parseNumberOption)
    .option('--timeout <seconds>', 'bound on the whole LLM step', parseNumberOption);
}

/** Declares the Slack forwarding flags. */
export function addSlackOptions(command: Command): Command {
  return command
    .option('--slack', 'forward the diagnosis to Slack (webhook from SLACK_WEBHOOK_URL)')
    .option('--slack-webhook <url>', 'Slack incoming-webhook URL (prefer SLACK_WEBHOOK_URL)')
    .option('--slack-cooldown <minutes>', 'do not repost the same incident within this time', parseNumberOption)
    .option('--slack-top <n>', 'incidents shown in the Slack message', parseNumberOption)
    .option('--force', 'post to Slack even within the cooldown');
}

/** The one output format the flags ask for; both at once is a usage error. */
export function outputFormat(flags: Pick<ReportFlags, 'json' | 'markdown'>): OutputFormat {
  if (flags.json && flags.markdown) throw new UsageError('--json and --markdown cannot be used together: choose one output');
  return flags.json ? 'json' : flags.markdown ? 'markdown' : 'terminal';
}

/** Provider settings from flags over the environment (flags win). */
export function providerSettings(flags: ReportFlags, env: EnvConfig): ProviderSettings {
  const provider = llmProvider(flags.provider, env.provider);
  return {
    offline: flags.offline || provider === 'offline',
    ...(provider !== 'offline' ? { provider } : {}),
    region: env.awsRegion,
    bedrockBaseUrl: env.bedrockBaseUrl,
    apiKey: env.anthropicApiKey,
    baseUrl: env.anthropicBaseUrl,
    model: flags.model?.trim() || env.model,
    prices: env.prices,
    maxInputTokens: flags.maxInputTokens,
    maxCost: flags.maxCost,
    timeout: flags.timeout,
    cache: flags.cache === false ? undefined : createFileCacheStore(env.cacheDir),
  };
}

/** `--provider` over CLOUDSENTRY_PROVIDER; an unknown name is an error, never a silent default. */
function llmProvider(flag: string | undefined, env: string | undefined): LlmProvider | 'offline' {
  const name = (flag?.trim() || env || 'anthropic').toLowerCase();
  if (name === 'anthropic' || name === 'bedrock' || name === 'offline') return name;
  const origin = flag?.trim() ? '--provider' : 'CLOUDSENTRY_PROVIDER';
  throw new UsageError(`${origin} must be anthropic, bedrock or offline (got "${name}")`);
}

/** How a provider talks to the user of the CLI: warnings on stderr, a live view only on a terminal and not with --json. */
export function providerIo(ctx: CliContext, format: OutputFormat): ProviderIo {
  return {
    warn: (message) => warn(ctx, message),
    now: ctx.now,
    ...(ctx.stderr.isTTY && format !== 'json' ? { live: ctx.stderr } : {}),
  };
}

/**
 * The Slack sink when `--slack` or `--slack-webhook` is given; checked now, before any input is read, so a
 * bad webhook fails fast (exit 2). The Slack code and SDK are loaded only then, to keep start-up fast.
 */
export async function slackSinkFor(flags: ReportFlags, ctx: CliContext, ciRun?: CiRunOrigin): Promise<ReportSink | undefined> {
  if (!flags.slack && flags.slackWebhook === undefined) return undefined;
  const { prepareSlackForward } = await import('../sinks/slack/index.js');
  const forwarder = prepareSlackForward(flags, readEnvConfig(ctx.env), { ...ctx, ...(ciRun ? { ciRun } : {}) });
  // Always the redacted report: --no-redact must not reach Slack. Failure throws ForwardError (exit 3).
  return { name: 'slack', emit: async (run) => void (await forwarder.forward(run.report)) };
}
