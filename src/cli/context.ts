import type { Readable, Writable } from 'node:stream';
import { type CommandStatus, EXIT, type ExitCode } from '../errors.js';

/** Everything a command touches outside its own logic, so tests can inject fakes. */
export interface CliContext {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Epoch milliseconds. */
  now: () => number;
  /** Set by a command whose outcome is not plain success (e.g. 3 when forwarding failed); `run` sets its command's status. */
  exitCode: ExitCode | CommandStatus;
  /** The process whose SIGINT/SIGTERM `run` forwards to its command; absent in tests that run in-process. */
  signals?: NodeJS.Process;
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
    signals: process,
  };
}

/** Writes one warning line to stderr. */
export function warn(ctx: CliContext, message: string): void {
  ctx.stderr.write(`cloudsentry: warning: ${message}\n`);
}
