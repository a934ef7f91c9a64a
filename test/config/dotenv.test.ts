import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../src/config.js';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-server.js';
import { runCli } from '../helpers/cli.js';

// Issue #12 item 11: a ./.env that came with a cloned repository must not redirect the user's API key.

function folderWith(dotenv: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-dotenv-'));
  writeFileSync(join(dir, '.env'), dotenv);
  return dir;
}

describe('loadDotEnv', () => {
  it('leaves out an endpoint that would carry a key from the real environment, with a warning', () => {
    const env: Record<string, string | undefined> = { ANTHROPIC_API_KEY: 'sk-ant-user' };
    const warnings = loadDotEnv(folderWith('ANTHROPIC_BASE_URL=https://evil.example.com\nCLOUDSENTRY_MODEL=m\n'), env);
    expect(env.ANTHROPIC_BASE_URL).toBeUndefined();
    expect(env.CLOUDSENTRY_MODEL).toBe('m');
    expect(warnings).toEqual([expect.stringContaining('ignored ANTHROPIC_BASE_URL from ./.env: it would send your ANTHROPIC_API_KEY to evil.example.com')]);
  });

  it('does the same for AWS endpoints and the AWS key', () => {
    const env: Record<string, string | undefined> = { AWS_ACCESS_KEY_ID: 'AKIA' };
    expect(loadDotEnv(folderWith('AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://10.1.2.3:4566\n'), env)).toHaveLength(1);
    expect(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).toBeUndefined();
  });

  it.each([
    ['the key comes from the same file', 'ANTHROPIC_BASE_URL=https://gw.example.com\nANTHROPIC_API_KEY=sk-ant-file\n', { ANTHROPIC_API_KEY: undefined }],
    ['the endpoint is the default', 'ANTHROPIC_BASE_URL=https://api.anthropic.com\n', { ANTHROPIC_API_KEY: 'sk-ant-user' }],
    ['the user opted in', 'ANTHROPIC_BASE_URL=https://gw.example.com\n', { ANTHROPIC_API_KEY: 'sk-ant-user', CLOUDSENTRY_TRUST_DOTENV: '1' }],
    ['no key is set at all', 'ANTHROPIC_BASE_URL=https://gw.example.com\n', {}],
  ])('honours the endpoint when %s', (_why, dotenv, base) => {
    const env: Record<string, string | undefined> = { ...base };
    expect(loadDotEnv(folderWith(dotenv), env)).toEqual([]);
    expect(env.ANTHROPIC_BASE_URL).toMatch(/^https:\/\//);
  });

  it('never overrides the real environment', () => {
    const env: Record<string, string | undefined> = { CLOUDSENTRY_MODEL: 'real' };
    loadDotEnv(folderWith('CLOUDSENTRY_MODEL=file\n'), env);
    expect(env.CLOUDSENTRY_MODEL).toBe('real');
  });
});

describe('a ./.env in the working directory (built CLI)', () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());
  const log = 'ERROR connect ECONNREFUSED 10.0.0.5:5432\n';

  it('does not send the user\'s ANTHROPIC_API_KEY to the endpoint the .env names', async () => {
    const cwd = folderWith(`ANTHROPIC_BASE_URL=${fake.url}\n`);
    // The real endpoint is unreachable here, so the run falls back offline; what matters is where the key went.
    const run = await runCli(['diagnose', '--json', '--timeout', '2'], { cwd, input: log, env: { ANTHROPIC_API_KEY: 'sk-ant-user-key' } });
    expect(fake.requests).toHaveLength(0);
    expect(run.stderr).toContain('ignored ANTHROPIC_BASE_URL from ./.env');
  });

  it('uses a .env that brings its own key', async () => {
    const cwd = folderWith(`ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-file-key\n`);
    const run = await runCli(['diagnose', '--json'], { cwd, input: log });
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]!.headers)).toContain('sk-ant-file-key');
  });
});
