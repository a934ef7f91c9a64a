import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { UpstreamError } from '../errors.js';

/** What the agent's secret may hold; either key may be missing. */
export interface AgentSecrets {
  slackWebhookUrl?: string;
  anthropicApiKey?: string;
}

const secretSchema = z.object({
  slackWebhookUrl: z.string().optional(),
  anthropicApiKey: z.string().optional(),
});

/** Reads the agent's secrets once and keeps them for the life of the execution environment. */
export interface SecretSource {
  get(): Promise<AgentSecrets>;
}

const TRANSIENT = new Set(['ThrottlingException', 'InternalServiceError', 'InternalServiceErrorException', 'ServiceUnavailableException', 'RequestTimeout']);

/**
 * The secret is fetched on the first invocation of a cold start and cached in memory across warm ones;
 * a failed fetch is not cached, so the next invocation tries again. Messages name the secret's ARN, never its value.
 */
export function createSecretSource(client: () => Promise<SecretsManagerClient>, secretArn: string | undefined): SecretSource {
  let cached: Promise<AgentSecrets> | undefined;
  return {
    get() {
      if (!secretArn) return Promise.resolve({});
      cached ??= fetchSecrets(client, secretArn).catch((error: unknown) => {
        cached = undefined;
        throw error;
      });
      return cached;
    },
  };
}

async function fetchSecrets(client: () => Promise<SecretsManagerClient>, secretArn: string): Promise<AgentSecrets> {
  const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  let text: string | undefined;
  try {
    const out = await (await client()).send(new GetSecretValueCommand({ SecretId: secretArn }));
    text = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const retryable = TRANSIENT.has(name) || status === undefined || status >= 500;
    throw new UpstreamError(`cannot read the secret ${secretArn} (${name}${status ? ` ${status}` : ''}); ${retryable ? 'will retry' : 'check that it exists and that the function may read it'}`, {
      retryable,
      cause: error,
    });
  }
  if (text === undefined) throw badSecret(secretArn, 'it has no value');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badSecret(secretArn, 'it is not JSON');
  }
  const parsed = secretSchema.safeParse(json);
  if (!parsed.success) throw badSecret(secretArn, 'slackWebhookUrl and anthropicApiKey must be strings');
  return {
    ...(parsed.data.slackWebhookUrl?.trim() ? { slackWebhookUrl: parsed.data.slackWebhookUrl.trim() } : {}),
    ...(parsed.data.anthropicApiKey?.trim() ? { anthropicApiKey: parsed.data.anthropicApiKey.trim() } : {}),
  };
}

function badSecret(secretArn: string, why: string): UpstreamError {
  return new UpstreamError(
    `the secret ${secretArn} is unusable: ${why}; store {"slackWebhookUrl": "...", "anthropicApiKey": "..."} (either key may be left out)`,
    { retryable: false },
  );
}
