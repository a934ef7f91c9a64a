import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { TailBuffer } from '../core/tail-buffer.js';

/** What `run` starts and where the command's output goes. */
export interface CommandSpec {
  command: string;
  args: string[];
  /** Bytes of output kept for analysis. */
  tailBytes: number;
  /** The command's stdout and stderr are copied here, byte for byte, as they arrive. */
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The process whose SIGINT and SIGTERM are forwarded to the command (the CLI's own). */
  signals?: NodeJS.Process;
}

/** How the command ended. */
export interface CommandOutcome {
  /** The status to exit with: the command's code, 128+n for signal n, 127 not found, 126 not executable. */
  status: number;
  /** The signal that ended the command, if any. */
  signal?: NodeJS.Signals;
  /** Set when the command could not be started at all. */
  startError?: NodeJS.ErrnoException;
  /** The last `tailBytes` of stdout and stderr, interleaved as they arrived. */
  tail: TailBuffer;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** After the command exits, how long its pipes may stay open (a background child holding them). */
const DRAIN_AFTER_EXIT_MS = 2000;

/**
 * Runs the command without a shell: its stdout and stderr pass through unchanged (backpressure kept, no
 * extra buffering), the last bytes are kept for analysis, SIGINT/SIGTERM/SIGHUP are forwarded to it.
 * Never rejects: a command that cannot start resolves with status 127 (not found) or 126.
 */
export function runCommand(spec: CommandSpec): Promise<CommandOutcome> {
  const tail = new TailBuffer(spec.tailBytes);
  return new Promise((resolve) => {
    const child = spawn(spec.command, spec.args, { stdio: ['inherit', 'pipe', 'pipe'], env: spec.env, cwd: spec.cwd });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    for (const signal of FORWARDED) spec.signals?.on(signal, forward);
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: Omit<CommandOutcome, 'tail'>): void => {
      if (settled) return;
      settled = true;
      if (drainTimer) clearTimeout(drainTimer);
      for (const signal of FORWARDED) spec.signals?.off(signal, forward);
      child.stdout?.unpipe(spec.stdout);
      child.stderr?.unpipe(spec.stderr);
      resolve({ ...outcome, tail });
    };
    const finishExit = (): void => {
      if (!exit) return;
      const signal = exit.signal ?? undefined;
      finish(signal ? { status: 128 + (constants.signals[signal] ?? 0), signal } : { status: exit.code ?? 1 });
    };

    for (const [from, to] of [
      [child.stdout, spec.stdout],
      [child.stderr, spec.stderr],
    ] as const) {
      if (!from) continue;
      from.on('data', (chunk: Buffer) => tail.push(chunk));
      from.pipe(to, { end: false });
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (exit) return;
      finish({ status: error.code === 'ENOENT' ? 127 : 126, startError: error });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finishExit();
      }, DRAIN_AFTER_EXIT_MS);
      drainTimer.unref();
    });
    child.on('close', finishExit);
  });
}

/**
 * The command's environment: the caller's, plus the usual "colour please" variables when the output is
 * a terminal (piped through `run`, tools would otherwise drop their colours). NO_COLOR wins.
 */
export function commandEnv(env: Record<string, string | undefined>, toTerminal: boolean, noColor: boolean): Record<string, string | undefined> {
  if (!toTerminal || noColor) return env;
  return { FORCE_COLOR: '1', CLICOLOR_FORCE: '1', PY_COLORS: '1', CARGO_TERM_COLOR: 'always', ...env };
}
