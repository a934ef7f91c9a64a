import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { createSecretSource } from '../../src/lambda/secrets.js';
import { type FakeSecretsManager, startFakeSecretsManager } from '../fakes/secrets-manager.js';
import { TEST_CREDENTIALS } from '../aws/state/dynalite.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:cloudsentry-AbCdEf';
let fake: FakeSecretsManager;

beforeAll(async () => {
  fake = await startFakeSecretsManager();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

/** The real SDK, pointed at the fake the way the ecosystem does it: AWS_ENDPOINT_URL_<SERVICE>. */
function client(): () => Promise<SecretsManagerClient> {
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', fake.url);
  return async () => new SecretsManagerClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

describe('agent secrets from Secrets Manager', () => {
  it('reads the JSON secret once over signed AWS JSON 1.1 and caches it across invocations', async () => {
    fake.put(ARN, JSON.stringify({ slackWebhookUrl: ' http://127.0.0.1:9/services/T/B/X ', anthropicApiKey: 'sk-ant-api03-secretvalue' }));
    const before = fake.requests.length;
    const source = createSecretSource(client(), ARN);
    const first = await source.get();
    expect(first).toEqual({ slackWebhookUrl: 'http://127.0.0.1:9/services/T/B/X', anthropicApiKey: 'sk-ant-api03-secretvalue' });
    expect(await source.get()).toBe(first);
    expect(fake.requests.length - before).toBe(1);
    const request = fake.requests.at(-1)!;
    expect(request.target).toBe('secretsmanager.GetSecretValue');
    expect(request.body).toEqual({ SecretId: ARN });
    expect(request.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTTESTTESTTEST\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request/);
  });

  it('accepts a secret with either key left out', async () => {
    const arn = `${ARN}-slackonly`;
    fake.put(arn, JSON.stringify({ slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X' }));
    expect(await createSecretSource(client(), arn).get()).toEqual({ slackWebhookUrl: 'https://hooks.slack.com/services/T/B/X' });
  });

  it('needs no request at all when no secret is configured', async () => {
    const before = fake.requests.length;
    expect(await createSecretSource(client(), undefined).get()).toEqual({});
    expect(fake.requests.length).toBe(before);
  });

  it('calls a missing secret permanent and a throttled read transient; a failure is not cached', async () => {
    const missing = createSecretSource(client(), `${ARN}-missing`);
    const error = await missing.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain('ResourceNotFoundException');

    fake.script({ kind: 'error', status: 400, type: 'ThrottlingException', message: 'Rate exceeded' });
    const source = createSecretSource(client(), ARN);
    await expect(source.get()).rejects.toMatchObject({ retryable: true });
    await expect(source.get()).resolves.toMatchObject({ anthropicApiKey: 'sk-ant-api03-secretvalue' });
  });

  it('refuses a secret that is not the expected JSON without repeating its value', async () => {
    const arn = `${ARN}-plain`;
    fake.put(arn, 'sk-ant-api03-plain-text-key');
    const error = (await createSecretSource(client(), arn).get().catch((e: unknown) => e)) as UpstreamError;
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('not JSON');
    expect(error.message).not.toContain('sk-ant');

    const wrong = `${ARN}-wrongtype`;
    fake.put(wrong, JSON.stringify({ anthropicApiKey: 12345 }));
    await expect(createSecretSource(client(), wrong).get()).rejects.toMatchObject({ retryable: false });
  });
});
