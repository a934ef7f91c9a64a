import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the built CLI entry, as users run it. */
export const BIN = fileURLToPath(new URL('../../bin/cloudsentry.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Written to stdin, then stdin is closed; when absent stdin is closed immediately (not a TTY). */
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/** Spawns the built CLI with a clean, offline environment and collects its output. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...baseEnv(), ...options.env })) if (value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? SCRATCH, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {}); // the CLI may exit before reading all input
    child.stdin.end(options.input ?? '');
  });
}

/** A scratch folder: the default working directory (so a developer's ./.env is never read) and cache home. */
export const SCRATCH = mkdtempSync(join(tmpdir(), 'cloudsentry-test-'));

/** No keys, no webhooks, no colour, a private cache: tests opt into each explicitly. */
function baseEnv(): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_COLOR: '1',
    XDG_CACHE_HOME: join(SCRATCH, 'cache'),
    ANTHROPIC_API_KEY: undefined,
    SLACK_WEBHOOK_URL: undefined,
  };
}
