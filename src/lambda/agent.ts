import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CallCap } from '../aws/state/call-cap.js';
import type { DiagnosisCacheStore } from '../providers/cache.js';
import type { SendOptions } from '../sinks/slack/send.js';
import { VERSION } from '../version.js';
import { type AgentConfig, LLM_STEP_SECONDS } from './config.js';
import { type AgentResult, createAgentHandler, type LlmFactory } from './handler.js';
import type { AgentLog } from './log.js';
import { createSecretSource } from './secrets.js';

/** What the agent takes from its front door; clients default to the AWS SDK's own settings. */
export interface AgentOptions {
  log: AgentLog;
  now: () => number;
  /** Default: a client configured by the SDK (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, the role's credentials). */
  dynamo?: DynamoDBClient;
  secretsClient?: SecretsManagerClient;
  /** Slack delivery tuning (tests shorten the backoff). */
  sendOptions?: Partial<SendOptions>;
}

/** Wires the handler to DynamoDB, Secrets Manager, the LLM chain and Slack for one execution environment. */
export async function createAgent(config: AgentConfig, options: AgentOptions): Promise<(event: unknown) => Promise<AgentResult>> {
  const [{ DynamoDBClient }, { SecretsManagerClient }, state] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-secrets-manager'),
    import('../aws/state/index.js'),
  ]);
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  let secretsClient = options.secretsClient;
  const table = { client: dynamo, tableName: config.tableName };
  const cache = state.createDynamoDiagnosisStore(table);
  const cap = state.createCallCap(table, config.llmCallsPerMinute);
  return createAgentHandler({
    config,
    secrets: createSecretSource(async () => (secretsClient ??= new SecretsManagerClient({})), config.secretArn),
    suppression: state.createSuppressionStore(table, { cooldownMinutes: config.cooldownMinutes }),
    llm: llmFactory(config, { cache, cap, log: options.log, now: options.now, credentials: () => dynamo.config.credentials() }),
    log: options.log,
    now: options.now,
    version: VERSION,
    ...(options.sendOptions ? { sendOptions: options.sendOptions } : {}),
  });
}

/** The LLM chain for this configuration: fleet cache → per-minute cap → Claude (Anthropic API or Bedrock). */
function llmFactory(
  config: AgentConfig,
  deps: { cache: DiagnosisCacheStore; cap: CallCap; log: AgentLog; now: () => number; credentials: () => Promise<AwsCredentialIdentity> },
): LlmFactory {
  let built: Awaited<ReturnType<LlmFactory>> | null = null;
  return async (secrets) => {
    if (config.provider === 'offline' || config.llmCallsPerMinute === 0) return undefined;
    if (config.provider === 'anthropic' && !secrets.anthropicApiKey) return undefined;
    if (built) return built;
    const [claude, prices, prompt, bedrock, agent, cache] = await Promise.all([
      import('../providers/claude/index.js'),
      import('../providers/claude/prices.js'),
      import('../providers/claude/prompt.js'),
      import('../providers/bedrock.js'),
      import('./diagnose.js'),
      import('../providers/cache.js'),
    ]);
    const warn = (message: string) => deps.log.write('warn', message);
    const common = {
      maxInputTokens: claude.DEFAULT_MAX_INPUT_TOKENS,
      // Well inside the function's timeout, with room for Slack after it (AGENT_SIZING in config.ts).
      timeoutSeconds: LLM_STEP_SECONDS,
      prices: prices.DEFAULT_PRICES,
      warn,
    };
    const model = config.model ?? (config.provider === 'bedrock' ? bedrock.BEDROCK_DEFAULT_MODEL : claude.DEFAULT_MODEL);
    const llm =
      config.provider === 'bedrock'
        ? bedrock.createBedrockProvider({ ...common, model, ...(config.region ? { region: config.region } : {}), credentials: deps.credentials })
        : claude.createClaudeProvider({ ...common, model, apiKey: secrets.anthropicApiKey! });
    const capped = agent.createCappedProvider(llm, deps.cap, { now: deps.now, onDenied: () => deps.log.write('warn', 'LLM call cap reached for this minute; offline diagnosis used') });
    const cached = cache.createCachedProvider(capped, { store: deps.cache, model, promptVersion: prompt.PROMPT_VERSION, now: deps.now, warn });
    built = Object.assign(cached, { calls: () => capped.calls(), denials: () => capped.denials() });
    return built;
  };
}
