import type { EnvConfig } from '../config.js';
import { type CliContext, warn } from '../cli/context.js';
import { UsageError } from '../errors.js';
import type { Provider } from './provider.js';
import { createRulesProvider } from './rules.js';

/** What provider selection looks at: the Claude-related flags of `diagnose`, the environment and the context. */
export interface ProviderSelection {
  options: {
    offline?: boolean;
    json?: boolean;
    model?: string;
    cache?: boolean;
    maxInputTokens?: number;
    maxCost?: number;
    timeout?: number;
  };
  env: EnvConfig;
  ctx: CliContext;
}

/** Smallest useful `--max-input-tokens`: the fixed prompt plus one trimmed incident. */
export const MIN_INPUT_TOKENS = 2_000;

/** The offline knowledge base, or Claude (behind the disk cache unless --no-cache) when a key is set and --offline is not. */
export async function selectProvider(selection: ProviderSelection): Promise<Provider> {
  const { options, env, ctx } = selection;
  if (options.offline || !env.anthropicApiKey) return createRulesProvider();
  if (options.maxInputTokens !== undefined && options.maxInputTokens < MIN_INPUT_TOKENS) {
    throw new UsageError(`--max-input-tokens must be at least ${MIN_INPUT_TOKENS}`);
  }
  if (options.timeout !== undefined && options.timeout <= 0) throw new UsageError('--timeout must be more than 0 seconds');

  // Loaded only now: runs without a key never pay for the Claude code or the SDK.
  const [claude, prices, prompt] = await Promise.all([
    import('./claude/index.js'),
    import('./claude/prices.js'),
    import('./claude/prompt.js'),
  ]);
  const model = options.model?.trim() || env.model || claude.DEFAULT_MODEL;
  const say = (message: string) => warn(ctx, message);
  const provider = claude.createClaudeProvider({
    apiKey: env.anthropicApiKey,
    ...(env.anthropicBaseUrl ? { baseURL: env.anthropicBaseUrl } : {}),
    model,
    maxInputTokens: options.maxInputTokens ?? claude.DEFAULT_MAX_INPUT_TOKENS,
    ...(options.maxCost !== undefined ? { maxCostUsd: options.maxCost } : {}),
    timeoutSeconds: options.timeout ?? claude.DEFAULT_TIMEOUT_SECONDS,
    prices: prices.priceTable(env.prices),
    ...(ctx.stderr.isTTY && !options.json ? { live: ctx.stderr } : {}),
    warn: say,
  });
  if (options.cache === false) return provider;
  const { createCachedProvider } = await import('./cache.js');
  return createCachedProvider(provider, {
    dir: env.cacheDir,
    model,
    promptVersion: prompt.PROMPT_VERSION,
    now: ctx.now,
    warn: say,
  });
}
