import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBedrock, startFakeBedrock } from '../fakes/bedrock-runtime.js';
import { runCli } from '../helpers/cli.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/payment-service.log', import.meta.url)), 'utf8');
const CREDENTIALS = { accessKeyId: 'AKIDCLIBEDROCKTEST01', secretAccessKey: 'cli-bedrock-test-secret' };
let fake: FakeBedrock;

beforeAll(async () => {
  fake = await startFakeBedrock({ region: 'us-west-2', credentials: CREDENTIALS });
});
afterAll(() => fake.close());
beforeEach(() => void (fake.requests.length = 0));

/** The built CLI with AWS credentials in the environment (as after `aws configure export-credentials`), no Anthropic key. */
function run(args: string[], env: Record<string, string> = {}) {
  return runCli(['diagnose', '--json', ...args], {
    input: EXAMPLE,
    env: {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-west-2',
      ANTHROPIC_BEDROCK_BASE_URL: fake.url,
      XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'cloudsentry-bedrock-cache-')),
      ...env,
    },
  });
}

describe('diagnose --provider bedrock (built CLI, Bedrock runtime fake)', () => {
  it('asks Claude on Bedrock with SigV4-signed requests and no API key', async () => {
    const result = await run(['--provider', 'bedrock']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { incidents: { diagnosis: { engine: string; title: string } }[]; summary: { usage?: { model: string } } };
    expect(doc.incidents.some((i) => i.diagnosis.engine === 'claude' && i.diagnosis.title.startsWith('Bedrock diagnosis'))).toBe(true);
    expect(doc.summary.usage?.model).toBe('global.anthropic.claude-haiku-5-5');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.signatureValid).toBe(true);
    expect(fake.requests[0]!.headers.authorization).toContain('/us-west-2/bedrock/aws4_request');
  });

  it('takes CLOUDSENTRY_PROVIDER and CLOUDSENTRY_MODEL from the environment', async () => {
    const result = await run([], { CLOUDSENTRY_PROVIDER: 'bedrock', CLOUDSENTRY_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0' });
    expect(result.code).toBe(0);
    expect(fake.requests[0]!.modelId).toBe('eu.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('refuses an unknown provider with a usage error, before reading input', async () => {
    const result = await run(['--provider', 'openai']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider must be anthropic, bedrock or offline (got "openai")');
    expect(fake.requests).toHaveLength(0);
  });

  it('--offline wins over --provider bedrock', async () => {
    const result = await run(['--provider', 'bedrock', '--offline']);
    expect(result.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});
