/**
 * Every failure cloudsentry expects is one of these classes, and this file is
 * the one place that maps them to exit codes (README "Exit codes").
 */
export const EXIT = {
  ok: 0,
  /** Unexpected failure, or the LLM rejected the credentials (so CI notices). */
  failure: 1,
  /** Bad usage, unreadable or empty input. */
  usage: 2,
  /** The diagnosis was printed but forwarding it (Slack) failed. */
  forward: 3,
  /** AWS denied an action (IAM): the message names the action to grant. */
  denied: 4,
  /** A deployment step in AWS failed: a pre-flight refusal, a failed or rolled-back stack, a failed test invocation. */
  deploy: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit status of a command run by `cloudsentry run`, handed on unchanged (0–255, 128+n for signal n). */
export type CommandStatus = number & { readonly commandStatus: true };

/** Marks a wrapped command's own status as the one to exit with. */
export function commandStatus(status: number): CommandStatus {
  return status as CommandStatus;
}

/** Base class: `message` is one line that tells the user what to do next. */
export class CloudsentryError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** Input that cannot be read or holds nothing to diagnose. */
export class InputError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** Invalid configuration (environment, .env, flag values). */
export class ConfigError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** A remote service failed; `retryable` says whether trying again later may help. */
export class UpstreamError extends CloudsentryError {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; exitCode?: ExitCode; cause?: unknown }) {
    super(message, options.exitCode ?? EXIT.failure, options);
    this.retryable = options.retryable;
  }
}

/** Forwarding a diagnosis (to Slack) failed after the diagnosis itself was printed. */
export class ForwardError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.forward, options);
  }
}

/** AWS is not set up for the run: no credentials, no region, an expired SSO session, an unknown profile. */
export class AwsSetupError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.usage, options);
  }
}

/** AWS refused an action for lack of permission; `action` is the IAM action to grant (e.g. logs:FilterLogEvents). */
export class AwsAccessDeniedError extends CloudsentryError {
  readonly action: string;
  constructor(message: string, action: string, options?: { cause?: unknown }) {
    super(message, EXIT.denied, options);
    this.action = action;
  }
}

/** `deploy`/`destroy` could not do what was asked in AWS; the message names the resource and what to do. */
export class DeployError extends CloudsentryError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EXIT.deploy, options);
  }
}

/** The exit code for any thrown value: typed errors carry theirs, anything else is unexpected. */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof CloudsentryError ? error.exitCode : EXIT.failure;
}
