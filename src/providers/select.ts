import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { DiagnosisCacheStore } from './cache.js';
import type { Provider } from './provider.js';
import { createRulesProvider } from './rules.js';

/**
 * What picks and configures a diagnoser, resolved by the caller (CLI flags and environment, or the
 * Lambda's configuration): the same settings serve every front door.
 */
export interface ProviderSettings {
  /** Use only the offline knowledge base. */
  offline?: boolean;
  /** Where Claude runs: the Anthropic API (default, needs `apiKey`) or Amazon Bedrock (AWS credentials). */
  provider?: LlmProvider;
  /** Bedrock only: the AWS Region (the SDK falls back to AWS_REGION) and an endpoint override for fakes. */
  region?: string;
  bedrockBaseUrl?: string;
  /** Without a key, the offline knowledge base answers. */
  apiKey?: string;
  /** ANTHROPIC_BASE_URL; undefined lets the SDK use its default. */
  baseUrl?: string;
  model?: string;
  /** CLOUDSENTRY_PRICES, raw JSON. */
  prices?: string;
  maxInputTokens?: number;
  maxCost?: number;
  /** Seconds for the whole LLM step. */
  timeout?: number;
  /** Where answers are cached; undefined means no cache. */
  cache?: DiagnosisCacheStore;
}

/** What a provider may do outside its own logic: warn, read the clock, show a live view. */
export interface ProviderIo {
  warn: (message: string) => void;
  now: () => number;
  /** A terminal to show progress on; undefined for JSON output, pipes and the Lambda. */
  live?: Writable;
}

/** Where Claude is reached. */
export type LlmProvider = 'anthropic' | 'bedrock';

/** Smallest useful `--max-input-tokens`: the fixed prompt plus one trimmed incident. */
export const MIN_INPUT_TOKENS = 2_000;

/** The offline knowledge base, or Claude (behind the cache when one is given) when a key is set and offline is not. */
/** A day: far beyond any answer, and within what timers accept (about 24.8 days). */
const MAX_TIMEOUT_SECONDS = 86_400;

export async function selectProvider(settings: ProviderSettings, io: ProviderIo): Promise<Provider> {
  const bedrock = settings.provider === 'bedrock';
  if (settings.offline || (!bedrock && !settings.apiKey)) return createRulesProvider();
  if (settings.maxInputTokens !== undefined && settings.maxInputTokens < MIN_INPUT_TOKENS) {
    throw new UsageError(`--max-input-tokens must be at least ${MIN_INPUT_TOKENS}`);
  }
  if (settings.timeout !== undefined && (settings.timeout <= 0 || settings.timeout > MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`--timeout must be more than 0 and at most ${MAX_TIMEOUT_SECONDS} seconds (one day)`);
  }

  // Loaded only now: runs without a key never pay for the Claude code or the SDK.
  const [claude, prices, prompt] = await Promise.all([
    import('./claude/index.js'),
    import('./claude/prices.js'),
    import('./claude/prompt.js'),
  ]);
  const common = {
    maxInputTokens: settings.maxInputTokens ?? claude.DEFAULT_MAX_INPUT_TOKENS,
    ...(settings.maxCost !== undefined ? { maxCostUsd: settings.maxCost } : {}),
    timeoutSeconds: settings.timeout ?? claude.DEFAULT_TIMEOUT_SECONDS,
    prices: prices.priceTable(settings.prices),
    ...(io.live ? { live: io.live } : {}),
    warn: io.warn,
  };
  let model: string;
  let provider: Provider;
  if (bedrock) {
    // Bedrock signs with the AWS credentials (environment, profile, SSO, role): no API key is used.
    const { BEDROCK_DEFAULT_MODEL, createBedrockProvider } = await import('./bedrock.js');
    model = settings.model?.trim() || BEDROCK_DEFAULT_MODEL;
    provider = createBedrockProvider({
      ...common,
      model,
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.bedrockBaseUrl ? { baseURL: settings.bedrockBaseUrl } : {}),
    });
  } else {
    model = settings.model?.trim() || claude.DEFAULT_MODEL;
    provider = claude.createClaudeProvider({ ...common, apiKey: settings.apiKey, ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}), model });
  }
  if (!settings.cache) return provider;
  const { createCachedProvider } = await import('./cache.js');
  return createCachedProvider(provider, {
    store: settings.cache,
    model,
    promptVersion: prompt.PROMPT_VERSION,
    now: io.now,
    warn: io.warn,
  });
}
