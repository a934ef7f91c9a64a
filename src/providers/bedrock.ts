import type { AwsCredentialIdentity } from '@smithy/types';
import { type ClaudeSettings, createClaudeProvider } from './claude/index.js';
import { DEFAULT_PRICES, type Price, type PriceTable, priceFor } from './claude/prices.js';
import type { Provider } from './provider.js';

/**
 * Default Claude model on Amazon Bedrock: Haiku 5.5 through the global cross-Region inference profile.
 * Bedrock ids follow the newer models' pattern (`global.anthropic.claude-sonnet-5-5`); the exact Haiku 5.5 id
 * is not confirmed from a primary source, so CLOUDSENTRY_MODEL / --model override it.
 */
export const BEDROCK_DEFAULT_MODEL = 'global.anthropic.claude-haiku-5-5';

/** Regional (geo) inference profiles and in-Region ids cost 10 % more than the global profile on Bedrock. */
const REGIONAL_PREMIUM = 1.1;
const GEO_PREFIX = /^(us|eu|apac|jp|au|ca|us-gov)\./;

/** Everything the Bedrock provider needs besides the Claude settings it shares. */
export interface BedrockSettings extends Omit<ClaudeSettings, 'apiKey' | 'client' | 'baseURL' | 'credentialName'> {
  /** AWS Region of the Bedrock runtime; the SDK falls back to AWS_REGION. */
  region?: string;
  /** Loopback fakes only (the SDK also reads ANTHROPIC_BEDROCK_BASE_URL). */
  baseURL?: string;
  /**
   * Where AWS credentials come from. The Lambda passes its AWS SDK client's own chain (the function's role);
   * undefined uses the Bedrock SDK's default chain (environment, profile, SSO, instance role).
   */
  credentials?: () => Promise<AwsCredentialIdentity>;
}

/**
 * Claude on Amazon Bedrock: the same provider as the Anthropic API (prompt, schema, fallbacks), reached through
 * @anthropic-ai/bedrock-sdk, which SigV4-signs every request. The IAM identity is the only credential.
 */
export function createBedrockProvider(settings: BedrockSettings): Provider {
  const { region, baseURL, credentials, ...shared } = settings;
  return createClaudeProvider({
    ...shared,
    prices: withBedrockPrice(settings.prices, settings.model),
    credentialName: 'the AWS credentials for Bedrock',
    client: async ({ maxRetries, timeout }) => {
      const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk');
      const resolver = credentials ? async () => credentials : null;
      return new AnthropicBedrock({
        ...(region ? { awsRegion: region } : {}),
        ...(baseURL ? { baseURL } : {}),
        // null: never an AWS_BEARER_TOKEN_BEDROCK from the environment; the role signs.
        apiKey: null,
        providerChainResolver: resolver,
        maxRetries,
        timeout,
      }) as unknown as import('@anthropic-ai/sdk').default;
    },
  });
}

/**
 * The Anthropic list price of the model a Bedrock id names (`global.anthropic.claude-haiku-5-5`,
 * `eu.anthropic.claude-haiku-4-5-20251001-v1:0`), plus the regional premium for geo and in-Region ids.
 */
export function bedrockPrice(table: PriceTable, model: string): Price | undefined {
  if (table[model]) return table[model];
  const alias = model
    .replace(/^global\./, '')
    .replace(GEO_PREFIX, '')
    .replace(/^anthropic\./, '')
    .replace(/-v\d+(:\d+)?$/, '');
  const base = priceFor(table, alias) ?? priceFor(DEFAULT_PRICES, alias);
  if (!base) return undefined;
  if (model.startsWith('global.')) return base;
  const scale = (p: { input: number; output: number }) => ({ input: p.input * REGIONAL_PREMIUM, output: p.output * REGIONAL_PREMIUM });
  return { ...scale(base), ...(base.long ? { long: { above: base.long.above, ...scale(base.long) } } : {}) };
}

function withBedrockPrice(table: PriceTable, model: string): PriceTable {
  const price = bedrockPrice(table, model);
  return price ? { ...table, [model]: price } : table;
}
