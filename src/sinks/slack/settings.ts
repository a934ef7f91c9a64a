import type { EnvConfig } from '../../config.js';
import { ConfigError } from '../../errors.js';
import { DEFAULT_SLACK_TOP } from './card.js';

/** Slack forwarding settings, resolved and checked before any input is read. */
export interface SlackSettings {
  webhookUrl: string;
  cooldownMinutes: number;
  top: number;
  force: boolean;
  /** Per-attempt bound on the HTTP request. */
  timeoutMs: number;
  /** Said once on stderr (e.g. a host that is not Slack's). */
  warnings: string[];
}

/** The Slack-related flags of a command. */
export interface SlackFlags {
  slackWebhook?: string;
  slackCooldown?: number;
  slackTop?: number;
  force?: boolean;
}

/** Minutes during which the same incident is not posted again. */
export const DEFAULT_SLACK_COOLDOWN_MINUTES = 30;
const DEFAULT_TIMEOUT_SECONDS = 10;
/** Longer than any webhook answer takes; also keeps the timer within what setTimeout accepts. */
const MAX_TIMEOUT_SECONDS = 600;
const SLACK_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Flag > SLACK_WEBHOOK_URL; refuses a URL that is neither https nor loopback http (ConfigError, exit 2).
 * Messages never echo the URL: its path is the secret.
 */
export function resolveSlackSettings(flags: SlackFlags, env: EnvConfig): SlackSettings {
  const raw = flags.slackWebhook?.trim() || env.slackWebhookUrl;
  if (!raw) {
    throw new ConfigError('--slack needs a webhook: set SLACK_WEBHOOK_URL (preferred) or pass --slack-webhook <url>');
  }
  const origin = flags.slackWebhook?.trim() ? '--slack-webhook' : 'SLACK_WEBHOOK_URL';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${origin} is not a valid URL; copy the webhook URL from your Slack app's "Incoming Webhooks" page`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${origin} must be an https:// URL (plain http is accepted only for loopback test receivers)`);
  }
  if (url.username || url.password) throw new ConfigError(`${origin} must not contain a user name or password`);

  const warnings: string[] = [];
  if (!loopback && !SLACK_HOSTS.has(url.hostname)) {
    warnings.push(`the Slack webhook host is ${url.hostname}, not hooks.slack.com; sending anyway (Slack-compatible receiver?)`);
  }
  const top = flags.slackTop ?? DEFAULT_SLACK_TOP;
  if (!Number.isInteger(top) || top < 1) throw new ConfigError('--slack-top must be a whole number of at least 1');
  return {
    webhookUrl: url.href,
    cooldownMinutes: flags.slackCooldown ?? DEFAULT_SLACK_COOLDOWN_MINUTES,
    top,
    force: flags.force === true,
    timeoutMs: timeoutSeconds(env.slackTimeoutSeconds) * 1000,
    warnings,
  };
}

function timeoutSeconds(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new ConfigError(
      `CLOUDSENTRY_SLACK_TIMEOUT must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (got ${JSON.stringify(raw).slice(0, 40)}); the default is ${DEFAULT_TIMEOUT_SECONDS}`,
    );
  }
  return seconds;
}
