import { Command, CommanderError } from 'commander';
import { loadDotEnv } from '../config.js';
import { CloudsentryError, type CommandStatus, EXIT, exitCodeFor, type ExitCode } from '../errors.js';
import { VERSION } from '../version.js';
import { type CliContext, createProcessContext, warn } from './context.js';

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Each command's module is loaded only when that command runs (or for help), so `--version` and
 * `diagnose` don't pay for parsing the code of the others: start-up time is a feature.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  diagnose: async () => (await import('./diagnose.js')).registerDiagnose,
  patterns: async () => (await import('./patterns.js')).registerPatterns,
  redact: async () => (await import('./redact.js')).registerRedact,
  watch: async () => (await import('./watch.js')).registerWatch,
  deploy: async () => (await import('./deploy.js')).registerDeploy,
  destroy: async () => (await import('./destroy.js')).registerDestroy,
  run: async () => (await import('./run.js')).registerRun,
};

/** Builds the commander program with the commands `argv` needs declared (all of them for help). */
export async function buildProgram(ctx: CliContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('cloudsentry')
    .description('Turn error logs into a diagnosis: what broke, why, and the next three things to do.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of unexpected errors')
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // Commander's own errors read like every other error: one `cloudsentry:` line.
      outputError: (text, write) => write(`cloudsentry: ${text.replace(/^error: /, '').trimEnd()} (run with --help for usage)\n`),
    })
    .exitOverride();
  for (const name of commandsToLoad(argv)) (await COMMANDS[name]!())(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code; the only place that turns errors into exit codes. */
export async function main(argv: string[], ctx: CliContext = createProcessContext()): Promise<ExitCode | CommandStatus> {
  const debug = argv.includes('--debug');
  try {
    for (const warning of loadDotEnv(ctx.cwd, ctx.env)) warn(ctx, warning);
    await (await buildProgram(ctx, argv)).parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx, debug);
  }
}

/** The invoked command alone; none for a bare --version; every command otherwise (help, unknown command). */
function commandsToLoad(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  const named = args.find((arg) => !arg.startsWith('-'));
  if (named !== undefined && Object.hasOwn(COMMANDS, named)) return [named];
  if (named === undefined && args.some((arg) => arg === '--version' || arg === '-V')) return [];
  return Object.keys(COMMANDS);
}

function reportError(error: unknown, ctx: CliContext, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are successes.
    // A bare `cloudsentry` also prints help, but as a usage error (exitCode 1 from commander).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0)) {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`cloudsentry: ${firstLine(message)}\n`);
  if (debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  else if (!(error instanceof CloudsentryError)) ctx.stderr.write('cloudsentry: this is a bug; run again with --debug for details\n');
  return exitCodeFor(error);
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline === -1 ? text : text.slice(0, newline);
}
