import type { Command } from 'commander';
import { readEnvConfig } from '../config.js';
import { type ExitCode, EXIT } from '../errors.js';
import { runPipeline } from '../pipeline/index.js';
import { selectProvider } from '../providers/select.js';
import { createPrinterSink, createUsageLineSink } from '../sinks/printer.js';
import { useColor } from './color.js';
import { type CliContext, warn } from './context.js';
import { decodingWarnings, type InputStats, logReadingAction, readInputLines } from './input.js';
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

/** Flags of `cloudsentry diagnose`, as commander parses them. */
export interface DiagnoseOptions extends ReportFlags {
  text?: string;
}

/** Declares `diagnose` and its flags. */
export function registerDiagnose(program: Command, ctx: CliContext): void {
  const command = program
    .command('diagnose')
    .description('group a log into incidents and explain each one: category, root cause, next steps')
    .argument('[file...]', 'log files to read ("-" for stdin); stdin when piped and no file is given')
    .option('--text <log>', 'diagnose this text instead of a file');
  addSlackOptions(addProviderOptions(addOutputOptions(command))).action(logReadingAction(ctx, runDiagnose));
}

/** Reads files, stdin or --text through the pipeline and prints the report; returns the exit code. */
export async function runDiagnose(files: string[], options: DiagnoseOptions, ctx: CliContext): Promise<ExitCode> {
  const format = outputFormat(options);
  const slack = await slackSinkFor(options, ctx);
  // A closed stdout (`… --slack | head -1`) ends the printing, not the forwarding: while a command listens
  // for its stdout's errors itself, the entry point does not exit on EPIPE.
  if (slack) ctx.stdout.on('error', () => {});
  const env = readEnvConfig(ctx.env);
  const { run } = await runPipeline(
    async (analyzer) => {
      const stats = await readInputLines({ files, text: options.text }, ctx, (line, source) => analyzer.push(line, source));
      warnAboutInput(stats, ctx);
    },
    {
      analyzer: { year: new Date(ctx.now()).getUTCFullYear() },
      provider: () => selectProvider(providerSettings(options, env), providerIo(ctx, format)),
      sinks: [
        createUsageLineSink(ctx.stderr),
        createPrinterSink(ctx.stdout, { format, color: useColor(ctx), showRaw: !options.redact }),
        ...(slack ? [slack] : []),
      ],
    },
  );
  const overflow = run.report.summary.overflow;
  if (overflow) {
    warn(ctx, `too many distinct errors: ${overflow.events} error(s) of ${overflow.patterns} rare unrecognised pattern(s) are counted in one "overflow" incident`);
  }
  return run.fault?.exitCode ?? EXIT.ok;
}

function warnAboutInput(stats: InputStats, ctx: CliContext): void {
  if (stats.truncatedLines > 0) warn(ctx, `${stats.truncatedLines} over-long line(s) were truncated for analysis`);
  for (const warning of decodingWarnings(stats)) warn(ctx, warning);
}
