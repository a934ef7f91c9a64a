import type { Readable, Writable } from 'node:stream';
import { EXIT, type ExitCode } from '../errors.js';

/** Everything a command touches outside its own logic, so tests can inject fakes. */
export interface CliContext {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Epoch milliseconds. */
  now: () => number;
  /** Set by a command whose outcome is not plain success (e.g. 3 when forwarding failed). */
  exitCode: ExitCode;
}

/** The context of a real run of the CLI. */
export function createProcessContext(): CliContext {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    exitCode: EXIT.ok,
  };
}

/** Writes one warning line to stderr. */
export function warn(ctx: CliContext, message: string): void {
  ctx.stderr.write(`cloudsentry: warning: ${message}\n`);
}
