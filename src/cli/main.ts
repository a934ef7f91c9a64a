import { Command, CommanderError } from 'commander';
import { loadDotEnv } from '../config.js';
import { CloudsentryError, EXIT, exitCodeFor, type ExitCode } from '../errors.js';
import { VERSION } from '../version.js';
import { type CliContext, createProcessContext } from './context.js';
import { registerDiagnose } from './diagnose.js';
import { registerPatterns } from './patterns.js';
import { registerRedact } from './redact.js';

/** Builds the commander program with every command declared. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cloudsentry')
    .description('Turn error logs into a diagnosis: what broke, why, and the next three things to do.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
    })
    .exitOverride();
  registerDiagnose(program, ctx);
  registerPatterns(program, ctx);
  registerRedact(program, ctx);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code; the only place that turns errors into exit codes. */
export async function main(argv: string[], ctx: CliContext = createProcessContext()): Promise<ExitCode> {
  const debug = argv.includes('--debug');
  try {
    loadDotEnv(ctx.cwd);
    await buildProgram(ctx).parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx, debug);
  }
}

function reportError(error: unknown, ctx: CliContext, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
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
