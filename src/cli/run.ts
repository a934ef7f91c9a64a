import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type GithubEnv, readEnvConfig } from '../config.js';
import { redactText } from '../core/redact/index.js';
import { commandStatus, type CommandStatus, UsageError } from '../errors.js';
import { type DiagnosedRun, type ReportSink, runPipeline } from '../pipeline/index.js';
import { selectProvider } from '../providers/select.js';
import { codeSpan, createGithubSink, workflowCommand } from '../sinks/github.js';
import { createPrinterSink, createUsageLineSink } from '../sinks/printer.js';
import { type CliContext, warn } from './context.js';
import { parseByteSize } from './options.js';
import { type CommandOutcome, commandEnv, runCommand } from './run-command.js';
import {
  addOutputOptions,
  addProviderOptions,
  addSlackOptions,
  outputFormat,
  providerIo,
  providerSettings,
  type ReportFlags,
  slackSinkFor,
} from './shared-options.js';

/** Flags of `cloudsentry run`, as commander parses them. */
export interface RunOptions extends ReportFlags {
  /** Bytes of output kept for analysis. */
  tailSize: number;
}

/** Output kept for analysis when `--tail-size` is not given. */
export const DEFAULT_TAIL_SIZE = 4 * 1024 * 1024;
/** Longest line analysed, as for `diagnose`. */
const MAX_LINE = 64 * 1024;
/** Lines of output shown when a failed command printed nothing that looks like an error. */
const LAST_LINES = 8;

/** Declares `run` and its flags. */
export function registerRun(program: Command, ctx: CliContext): void {
  const command = program
    .command('run')
    .usage('[options] -- <command> [args...]')
    .description('run a command; if it fails, diagnose its output. Output passes through unchanged; exits with the command\'s status')
    .argument('<command...>', 'the command and its arguments (after --); no shell unless you run one (sh -c "…")')
    .option('--tail-size <size>', 'output kept for analysis: bytes, or with KB/MB/GB (default 4MB)', parseByteSize, DEFAULT_TAIL_SIZE);
  addSlackOptions(addProviderOptions(addOutputOptions(command))).action(async (words: string[], options: RunOptions) => {
    ctx.exitCode = await runRun(words, options, ctx);
  });
}

/**
 * Runs the command with its output passing through; on failure diagnoses the kept output and reports on
 * stderr (and, in GitHub Actions, as annotations and in the step summary). Returns the command's status.
 */
export async function runRun(words: string[], options: RunOptions, ctx: CliContext): Promise<CommandStatus> {
  const [command, ...args] = words;
  if (command === undefined || command === '') throw new UsageError('run needs a command: cloudsentry run -- <command> [args...]');
  const format = outputFormat(options);
  const env = readEnvConfig(ctx.env);
  const gh: GithubEnv = env.github ?? { actions: false };
  // Checked before the command runs, so a bad webhook fails fast (exit 2) instead of after a long build.
  const slack = await slackSinkFor(options, ctx, gh.actions ? githubOrigin(gh) : undefined);

  const outcome = await runCommand({
    command,
    args,
    tailBytes: options.tailSize,
    stdout: ctx.stdout,
    stderr: ctx.stderr,
    env: commandEnv(ctx.env, Boolean(ctx.stdout.isTTY || ctx.stderr.isTTY), env.noColor),
    cwd: ctx.cwd,
    ...(ctx.signals ? { signals: ctx.signals } : {}),
  });
  if (outcome.status === 0 && !outcome.signal) return commandStatus(0);
  const display = [command, ...args].join(' ');
  if (outcome.startError) {
    const why = outcome.status === 127 ? 'command not found' : `cannot run it (${outcome.startError.code ?? outcome.startError.message})`;
    ctx.stderr.write(`cloudsentry: ${command}: ${why}\n`);
    return commandStatus(outcome.status);
  }

  const ended = describeEnd(outcome);
  ctx.stderr.write(`\ncloudsentry: ${display} ${ended}; diagnosing its last ${formatBytes(Math.min(outcome.tail.totalBytes, options.tailSize))} of output\n`);
  try {
    const github = gh.actions ? githubSink(gh, ctx, display, ended) : undefined;
    await runPipeline(
      async (analyzer) => {
        for (const line of outcome.tail.lines(MAX_LINE)) analyzer.push(line, display);
      },
      {
        analyzer: { year: new Date(ctx.now()).getUTCFullYear() },
        provider: () => selectProvider(providerSettings(options, env), providerIo(ctx, format)),
        sinks: [
          createUsageLineSink(ctx.stderr),
          noErrorLinesSink(ctx, outcome, display, ended),
          createPrinterSink(ctx.stderr, { format, color: Boolean(ctx.stderr.isTTY) && !env.noColor, showRaw: !options.redact }),
          ...(github ? [github] : []),
          ...(slack ? [slack] : []),
        ],
      },
    );
  } catch (error) {
    // The diagnosis is a bonus: whatever happens to it, the job keeps the command's own status.
    warn(ctx, error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  return commandStatus(outcome.status);
}

function describeEnd(outcome: CommandOutcome): string {
  return outcome.signal ? `was killed by ${outcome.signal} (status ${outcome.status})` : `exited with status ${outcome.status}`;
}

/**
 * When a failed command printed nothing that reads as an error, "no errors found" would be wrong: say
 * what happened and show its last lines (redacted) instead.
 */
function noErrorLinesSink(ctx: CliContext, outcome: CommandOutcome, display: string, ended: string): ReportSink {
  return {
    name: 'no-error-lines',
    emit: (run: DiagnosedRun) => {
      if (run.report.incidents.length > 0) return;
      const last = outcome.tail.lines(MAX_LINE).slice(-LAST_LINES).map((line) => `  ${redactText(line)}`);
      ctx.stderr.write(`cloudsentry: ${display} ${ended}, but its output holds no line that reads as an error.\n`);
      if (last.length > 0) ctx.stderr.write(`cloudsentry: its last lines:\n${last.join('\n')}\n`);
    },
  };
}

function githubSink(gh: GithubEnv, ctx: CliContext, display: string, ended: string): ReportSink {
  const summaryFile = gh.stepSummary;
  const inner = createGithubSink(
    {
      stdout: ctx.stdout,
      ...(summaryFile ? { appendSummary: (text: string) => appendFile(summaryFile, text, 'utf8') } : {}),
    },
    { workspace: gh.workspace, heading: `cloudsentry run: ${codeSpan(display)} ${ended}` },
  );
  return {
    name: 'github',
    emit: async (run) => {
      if (run.report.incidents.length === 0) {
        ctx.stdout.write(`${workflowCommand('error', [['title', `cloudsentry: ${display} ${ended}`]], 'Its output holds no line that reads as an error; see the step log.')}\n`);
      }
      await inner.emit(run);
    },
  };
}

/** The repository, workflow and run link a Slack card names in GitHub Actions. */
function githubOrigin(github: GithubEnv): Array<{ label: string; value: string; url?: string }> {
  const origin: Array<{ label: string; value: string; url?: string }> = [];
  if (github.repository) origin.push({ label: 'Repository', value: github.repository, ...(github.serverUrl ? { url: `${github.serverUrl}/${github.repository}` } : {}) });
  if (github.workflow) origin.push({ label: 'Workflow', value: github.workflow });
  if (github.runUrl) origin.push({ label: 'Run', value: `#${github.runId ?? ''}`.trim(), url: github.runUrl });
  return origin;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
