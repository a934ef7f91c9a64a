import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockPrice, createBedrockProvider, type BedrockSettings } from '../../src/providers/bedrock.js';
import { DEFAULT_PRICES } from '../../src/providers/claude/prices.js';
import { type FakeBedrock, startFakeBedrock } from '../fakes/bedrock-runtime.js';
import { requests } from './helpers.js';

const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'AKIDBEDROCKTESTKEY01', secretAccessKey: 'bedrock-test-secret-access-key', sessionToken: 'bedrock-session-token' };
let fake: FakeBedrock;
const warnings: string[] = [];

beforeAll(async () => {
  fake = await startFakeBedrock({ region: REGION, credentials: CREDENTIALS });
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  warnings.length = 0;
});

function provider(overrides: Partial<BedrockSettings> = {}) {
  return createBedrockProvider({
    model: 'global.anthropic.claude-haiku-5-5',
    region: REGION,
    baseURL: fake.url,
    credentials: async () => CREDENTIALS,
    maxInputTokens: 24_000,
    timeoutSeconds: 20,
    prices: DEFAULT_PRICES,
    warn: (m) => void warnings.push(m),
    maxRetries: 0,
    ...overrides,
  });
}

describe('Claude on Amazon Bedrock (the real Bedrock SDK against a loopback InvokeModel)', () => {
  it('sends SigV4-signed InvokeModel requests with the role credentials and no API key, and parses the answer', async () => {
    const p = provider();
    const diagnoses = await p.diagnose(requests(2));
    expect(diagnoses.map((d) => d.title)).toEqual(['Bedrock diagnosis for i1', 'Bedrock diagnosis for i2']);
    expect(diagnoses.every((d) => d.engine === 'claude')).toBe(true);
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.modelId).toBe('global.anthropic.claude-haiku-5-5');
    expect(request.signatureValid).toBe(true);
    expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDBEDROCKTESTKEY01\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
    expect(request.headers['x-amz-security-token']).toBe('bedrock-session-token');
    expect(request.headers['x-api-key']).toBeUndefined();
    expect(request.body.anthropic_version).toEqual(expect.any(String));
    expect(p.report!().usage).toMatchObject({ model: 'global.anthropic.claude-haiku-5-5', requests: 1, inputTokens: 1200, outputTokens: 150 });
    // The global profile costs Anthropic's list price: Haiku 5.5 at $0.10 / $0.50 per million tokens.
    expect(p.report!().usage.costUsd).toBeCloseTo((1200 * 0.1 + 150 * 0.5) / 1e6, 12);
  });

  it('is refused by the fake when signed with the wrong secret (the signature check can fail)', async () => {
    const p = provider({ credentials: async () => ({ ...CREDENTIALS, secretAccessKey: 'not-the-secret' }) });
    const diagnoses = await p.diagnose(requests(1));
    expect(diagnoses[0]!.engine).toBe('rules');
    expect(fake.requests[0]!.signatureValid).toBe(false);
    expect(p.report!().fault?.message).toMatch(/Claude rejected the AWS credentials for Bedrock \(403/);
    expect(p.report!().fault?.message).toContain('bedrock:InvokeModel');
  });

  it('falls back to the offline diagnosis when Bedrock throttles, saying it may be retried', async () => {
    fake.script({ kind: 'error', status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
    const p = provider();
    const diagnoses = await p.diagnose(requests(1));
    expect(diagnoses[0]!.engine).toBe('rules');
    expect(p.report!().fault).toMatchObject({ retryable: true });
    expect(p.report!().fault?.message).toContain('429');
  });
});

describe('Bedrock prices', () => {
  it('uses the list price for the global profile and 10 % more for geo and in-Region ids', () => {
    expect(bedrockPrice(DEFAULT_PRICES, 'global.anthropic.claude-haiku-5-5')).toMatchObject({ input: 0.1, output: 0.5 });
    const eu = bedrockPrice(DEFAULT_PRICES, 'eu.anthropic.claude-haiku-4-5-20251001-v1:0')!;
    expect(eu.input).toBeCloseTo(1.1, 10);
    expect(eu.output).toBeCloseTo(5.5, 10);
    expect(bedrockPrice(DEFAULT_PRICES, 'anthropic.claude-sonnet-5-5')!.input).toBeCloseTo(2.2, 10);
    expect(bedrockPrice(DEFAULT_PRICES, 'amazon.nova-pro-v1:0')).toBeUndefined();
  });
});
