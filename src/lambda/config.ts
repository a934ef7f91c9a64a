/**
 * The agent's settings, read once per cold start from the environment the template sets.
 *
 * Contract with `deploy` (template/ and src/aws/deploy/), kept exactly:
 * - `npm run build` also writes dist/agent/cloudsentry-agent.zip (scripts/build-agent.mjs): esbuild bundles
 *   src/lambda/index.ts into ONE file `index.mjs` at the zip root, handler `index.handler`, zipped with fflate,
 *   reproducible (fixed mtimes, sorted entries: same input, same bytes).
 * - Environment variables (validated below; a bad value is one log line naming it, returned in `errors`, not retried):
 *     CLOUDSENTRY_TABLE                 DynamoDB table, partition key `pk` (S), TTL attribute `expiresAt` (epoch s). Required.
 *     CLOUDSENTRY_SECRET_ARN            JSON secret {"slackWebhookUrl": "...", "anthropicApiKey": "..."}, both keys optional.
 *     CLOUDSENTRY_PROVIDER              offline | anthropic | bedrock (default anthropic: Claude when the secret holds a key).
 *     CLOUDSENTRY_MODEL                 model id (default claude-haiku-5-5; for bedrock the Bedrock id, see BEDROCK_DEFAULT_MODEL).
 *     CLOUDSENTRY_COOLDOWN_MINUTES      default 30.
 *     CLOUDSENTRY_LLM_CALLS_PER_MINUTE  fleet-wide cap on LLM calls; default 20; 0 = never call the LLM.
 *     CLOUDSENTRY_SLACK_TOP             incidents shown in full per card; default 3.
 *     CLOUDSENTRY_OWN_LOG_GROUP         the function's own log group: batches from it are ignored (no feedback loop).
 *   Lambda itself sets AWS_REGION (console links, Bedrock region).
 * - The handler returns { incidents, posted, suppressed, followUps, malformed, llmCalls, errors: string[] }.
 * - IAM, exactly: dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem on the table;
 *   secretsmanager:GetSecretValue on the secret; bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream
 *   only when the provider is bedrock. Nothing else.
 *
 * Sizing, measured with `node bench/agent.mjs` (2-core machine under heavy load, so absolute times are high):
 *   zip 574 KiB (index.mjs 1,982 KiB); cold import 1.4–1.6 s median vs 0.5 s for a bare `node` start in the same run
 *   (load average 14 on 2 cores: expect a fraction of that on an idle arm64 Lambda);
 *   a 1,039 KiB, 10,000-event batch: the whole handler (decode, analyze, suppress, offline diagnosis, card) 0.23 s,
 *   1.2× the time of gunzip + JSON.parse alone; resident memory 131 MB after 5 batches.
 *   → memory 512 MB (4× headroom; Lambda's CPU share grows with memory, which shortens cold starts), timeout 120 s
 *   (the template's default; 60 s is the least that fits): the handler bounds itself well below it: LLM step ≤ 30 s (LLM_STEP_SECONDS), Slack ≤ 3 attempts × 5 s plus backoff,
 *   DynamoDB a few 10 ms calls per incident. A timeout is retried by Lambda like any transient failure.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';

/** Which diagnoser the agent uses. */
export const AGENT_PROVIDERS = ['offline', 'anthropic', 'bedrock'] as const;
export type AgentProvider = (typeof AGENT_PROVIDERS)[number];

/** Memory and timeout the template should give the function (bench/agent.mjs; see the comment above). */
export const AGENT_SIZING = {
  memoryMb: 512,
  timeoutSeconds: 120,
} as const;

/** Bound on the whole LLM step of one invocation, retries included: half the function's timeout. */
export const LLM_STEP_SECONDS = 30;

/** The agent's validated settings. */
export interface AgentConfig {
  tableName: string;
  secretArn?: string;
  provider: AgentProvider;
  model?: string;
  cooldownMinutes: number;
  llmCallsPerMinute: number;
  slackTop: number;
  ownLogGroup?: string;
  region?: string;
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const whole = (name: string, fallback: number, min: number, max: number) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${value}")` });
      return z.NEVER;
    }
    return n;
  });

const envSchema = z.object({
  CLOUDSENTRY_TABLE: optionalText.refine((value) => value !== undefined, 'CLOUDSENTRY_TABLE is required (the DynamoDB table name)'),
  CLOUDSENTRY_SECRET_ARN: optionalText,
  CLOUDSENTRY_PROVIDER: optionalText.transform((value, ctx) => {
    const provider = (value ?? 'anthropic').toLowerCase();
    if (!(AGENT_PROVIDERS as readonly string[]).includes(provider)) {
      ctx.addIssue({ code: 'custom', message: `CLOUDSENTRY_PROVIDER must be one of ${AGENT_PROVIDERS.join(', ')} (got "${value}")` });
      return z.NEVER;
    }
    return provider as AgentProvider;
  }),
  CLOUDSENTRY_MODEL: optionalText,
  CLOUDSENTRY_COOLDOWN_MINUTES: whole('CLOUDSENTRY_COOLDOWN_MINUTES', 30, 0, 7 * 24 * 60),
  CLOUDSENTRY_LLM_CALLS_PER_MINUTE: whole('CLOUDSENTRY_LLM_CALLS_PER_MINUTE', 20, 0, 100_000),
  CLOUDSENTRY_SLACK_TOP: whole('CLOUDSENTRY_SLACK_TOP', 3, 1, 10),
  CLOUDSENTRY_OWN_LOG_GROUP: optionalText,
  AWS_REGION: optionalText,
});

/** Parses the agent's environment; throws ConfigError naming every bad variable. */
export function agentConfigFrom(env: Record<string, string | undefined>): AgentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`cloudsentry agent: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const e = parsed.data;
  return {
    tableName: e.CLOUDSENTRY_TABLE!,
    ...(e.CLOUDSENTRY_SECRET_ARN ? { secretArn: e.CLOUDSENTRY_SECRET_ARN } : {}),
    provider: e.CLOUDSENTRY_PROVIDER,
    ...(e.CLOUDSENTRY_MODEL ? { model: e.CLOUDSENTRY_MODEL } : {}),
    cooldownMinutes: e.CLOUDSENTRY_COOLDOWN_MINUTES,
    llmCallsPerMinute: e.CLOUDSENTRY_LLM_CALLS_PER_MINUTE,
    slackTop: e.CLOUDSENTRY_SLACK_TOP,
    ...(e.CLOUDSENTRY_OWN_LOG_GROUP ? { ownLogGroup: e.CLOUDSENTRY_OWN_LOG_GROUP } : {}),
    ...(e.AWS_REGION ? { region: e.AWS_REGION } : {}),
  };
}
