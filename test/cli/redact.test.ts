import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCRATCH, runCli } from '../helpers/cli.js';

// Spawns the built CLI (npm run build first), as users run it, with input piped on stdin.
const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/redact/${name}`, import.meta.url)), 'utf8');
const SECRETS = fixture('secrets.log');
const EXPECTED = fixture('secrets.expected.log');
const BENIGN = fixture('benign.log');

// Every secret value planted in secrets.log; none may reach stdout.
const PLANTED = [
  'Tr0ub4dor&3', 'r3d1sPa55', 'm@ilPw-2024', 'S3cr3t-Pg', 'pgpass-42', 'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ASIAY34FZKBOKMUTVV7A', '9drTJvcXLB89EXAMPLELB8923FB892xMFI',
  'IQoJb3JpZ2luX2VjEJr', 'sk-ant-api03-', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'qL9xZ2.abcDEF123',
  'YWRtaW46c3VwM3JTM2NyZXQ=', 'FwoGZXIvYXdzEBYaDHhBcDEfGhIjKlMnOp', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  '4xGpQ9sT2mL8vR1cZ7nW3yHj', 'xoxb-2048153791', 'sk-proj-4fGh7Jk2', 'jane.doe@example.com', '4242 4242 4242 4242',
  'sk_live_51H8xK2LmN3pQr4StUv5WxYz6', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', 'SG.ngeVfQFYQlKU0ufo8x5d1A',
  'SK2a5f8c9e1b3d4f6a7c8e9f0a1b2c3d4e', 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'M0ng0!pw', '5555555555554444',
  'john.smith@acme.io', 'rabb1tPw', 'Sql$erverPw1', 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq',
  'sm7p-Pa55', 'ya29.a0AfB_byC1234567890', 'hunter2!', 'tk_8f7e6d5c4b3a', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi0KOk1pLYaIM8DS4hrZ7Z5j0zF',
  'qk5nTnl+Y5JWN3p9hSvVHxGFzLrhB0N2oGdGk2jpCQd8y6H4xvTzYbvQq6F2mfMw', 'cl1ent-s3cr3t with spaces',
];

describe('cloudsentry redact', () => {
  it('masks every planted secret and prints one line per input line', async () => {
    const run = await runCli(['redact'], { input: SECRETS });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXPECTED);
    for (const secret of PLANTED) expect(run.stdout).not.toContain(secret);
    expect(run.stdout.split('\n')).toHaveLength(SECRETS.split('\n').length);
  });

  it('passes benign near-misses through unchanged', async () => {
    const run = await runCli(['redact'], { input: BENIGN });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(BENIGN);
  });

  it('keeps a missing final newline missing, and blank lines', async () => {
    const run = await runCli(['redact'], { input: 'password=a\n\ntoken=b' });
    expect(run.stdout).toBe('password=[REDACTED:password]\n\ntoken=[REDACTED:token]');
  });

  it('reads files in order, and --text', async () => {
    const a = join(SCRATCH, 'redact-a.log');
    const b = join(SCRATCH, 'redact-b.log');
    writeFileSync(a, 'user=jane@example.com');
    writeFileSync(b, 'pwd=x\n');
    const files = await runCli(['redact', a, b]);
    expect(files.stdout).toBe('user=[REDACTED:email]\npwd=[REDACTED:password]\n');
    const text = await runCli(['redact', '--text', 'Authorization: Bearer abc123def']);
    expect(text.stdout).toBe('Authorization: Bearer [REDACTED:token]');
  });

  it('prints counts per kind on stderr with --stats, never on stdout', async () => {
    const run = await runCli(['redact', '--stats'], { input: 'password=a token=b\nmail jane@example.com\n' });
    expect(run.stdout).toBe('password=[REDACTED:password] token=[REDACTED:token]\nmail [REDACTED:email]\n');
    expect(run.stderr).toMatchInlineSnapshot(`
      "password                  1
      token                     1
      email                     1
      total                     3  (in 2 lines)
      "
    `);
  });

  it('masks a PEM block across lines of a piped stream', async () => {
    const pem = ['key:', '-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '-----END PRIVATE KEY-----', 'ok'];
    const run = await runCli(['redact'], { input: `${pem.join('\n')}\n` });
    expect(run.stdout).toBe('key:\n[REDACTED:private_key]\n[REDACTED:private_key]\n[REDACTED:private_key]\nok\n');
  });

  it('fails with exit 2 on a missing file', async () => {
    const run = await runCli(['redact', join(SCRATCH, 'nope.log')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file');
  });

  it('streams in bounded memory: 64 MB through a 48 MB heap', async () => {
    const line = '2024-03-02T03:04:05Z ERROR login failed password=hunter2 user=jane@example.com trace=4bf92f3577b34da6\n';
    const input = Buffer.from(line.repeat(Math.ceil((64 * 1024 * 1024) / line.length)));
    const run = await runCli(['redact'], {
      input,
      env: { NODE_OPTIONS: '--max-old-space-size=48' },
      timeoutMs: 120_000,
    });
    expect(run.stderr.slice(0, 300)).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.length - 1).toBe(input.length / Buffer.byteLength(line));
    expect(lines[0]).toBe(
      '2024-03-02T03:04:05Z ERROR login failed password=[REDACTED:password] user=[REDACTED:email] trace=4bf92f3577b34da6',
    );
  }, 120_000);
});
