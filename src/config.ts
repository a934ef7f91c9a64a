import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one module that reads environment variables. Precedence, lowest first:
 * built-in defaults < ./.env < the real environment < flags the user passed.
 */
export interface EnvConfig {
  anthropicApiKey?: string;
  model?: string;
  /** The SDK's own endpoint override, passed through so injected environments work too. */
  anthropicBaseUrl?: string;
  /** CLOUDSENTRY_PRICES: JSON overriding the per-model price table (USD per million tokens). */
  prices?: string;
  slackWebhookUrl?: string;
  /** CLOUDSENTRY_SLACK_TIMEOUT, raw: seconds per Slack request; checked where it is used. */
  slackTimeoutSeconds?: string;
  cacheDir: string;
  /** NO_COLOR set (any value) turns colour off; FORCE_COLOR turns it on. */
  noColor: boolean;
  forceColor: boolean;
}

/** Loads ./.env into process.env without overriding variables that are already set. */
export function loadDotEnv(cwd: string): void {
  const file = join(cwd, '.env');
  if (!existsSync(file) || typeof process.loadEnvFile !== 'function') return;
  process.loadEnvFile(file);
}

/** Reads the settings cloudsentry takes from the environment. */
export function readEnvConfig(env: Record<string, string | undefined>): EnvConfig {
  return {
    anthropicApiKey: nonEmpty(env.ANTHROPIC_API_KEY),
    model: nonEmpty(env.CLOUDSENTRY_MODEL),
    anthropicBaseUrl: nonEmpty(env.ANTHROPIC_BASE_URL),
    prices: nonEmpty(env.CLOUDSENTRY_PRICES),
    slackWebhookUrl: nonEmpty(env.SLACK_WEBHOOK_URL),
    slackTimeoutSeconds: nonEmpty(env.CLOUDSENTRY_SLACK_TIMEOUT),
    cacheDir: cacheDirFrom(env),
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
    forceColor: env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '',
  };
}

/** `$XDG_CACHE_HOME/cloudsentry`, else `~/.cache/cloudsentry`. */
export function cacheDirFrom(env: Record<string, string | undefined>): string {
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  return join(xdg ?? join(nonEmpty(env.HOME) ?? homedir(), '.cache'), 'cloudsentry');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
