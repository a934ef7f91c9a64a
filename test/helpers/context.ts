import { PassThrough, Readable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';
import { EXIT } from '../../src/errors.js';

/** A CliContext over in-memory streams, for calling command handlers directly. */
export function fakeContext(options: { stdin?: string; stdinIsTTY?: boolean; env?: Record<string, string> } = {}) {
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]) as Readable & { isTTY?: boolean };
  stdin.isTTY = options.stdinIsTTY ?? false;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const ctx: CliContext = {
    stdin,
    stdout,
    stderr,
    env: { NO_COLOR: '1', ...options.env },
    cwd: '/nonexistent-cloudsentry-test-dir',
    now: () => Date.UTC(2026, 10, 25),
    exitCode: EXIT.ok,
  };
  return { ctx, stdout: () => out.join(''), stderr: () => err.join('') };
}
