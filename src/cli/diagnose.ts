import type { Command } from 'commander';
import { LogAnalyzer } from '../core/analyze.js';
import { buildReport, offlineDiagnosis, redactIncident, type Report } from '../core/report.js';
import type { Incident } from '../core/incident.js';
import { readEnvConfig } from '../config.js';
import { EXIT, type ExitCode, UsageError } from '../errors.js';
import { diagnoseIncidents } from '../providers/run.js';
import { renderJson, type SummaryExtras } from '../sinks/json.js';
import { renderMarkdown } from '../sinks/markdown.js';
import { renderNoErrors, renderTerminal } from '../sinks/terminal.js';
import { useColor } from './color.js';
import { type CliContext, warn } from './context.js';
import { logReadingAction, readInputLines, type InputStats } from './input.js';
import { parseNumberOption } from './options.js';

/** Flags of `cloudsentry diagnose`, as commander parses them. */
export interface DiagnoseOptions {
  text?: string;
  json?: boolean;
  markdown?: boolean;
  offline?: boolean;
  redact: boolean;
  // Claude (see src/providers/select.ts)
  model?: string;
  cache: boolean;
  maxInputTokens?: number;
  maxCost?: number;
  timeout?: number;
  // Slack
  slack?: boolean;
  slackWebhook?: string;
  slackCooldown?: number;
  slackTop?: number;
  force?: boolean;
}

/** Declares `diagnose` and its flags. */
export function registerDiagnose(program: Command, ctx: CliContext): void {
  program
    .command('diagnose')
    .description('group a log into incidents and explain each one: category, root cause, next steps')
    .argument('[file...]', 'log files to read ("-" for stdin); stdin when piped and no file is given')
    .option('--text <log>', 'diagnose this text instead of a file')
    .option('--json', 'print one JSON document on stdout (schema in the README)')
    .option('--markdown', 'print a Markdown report, ready for a ticket')
    .option('--offline', 'use only the built-in knowledge base, even when ANTHROPIC_API_KEY is set')
    .option('--no-redact', 'show raw samples in local terminal output (never applies to anything sent)')
    .option('--model <id>', 'Claude model (default: CLOUDSENTRY_MODEL or claude-haiku-5-5)')
    .option('--no-cache', 'do not read or write the diagnosis cache')
    .option('--max-input-tokens <n>', 'cap on the prompt size sent to Claude', parseNumberOption)
    .option('--max-cost <usd>', 'refuse to call Claude when the estimated cost is above this', parseNumberOption)
    .option('--timeout <seconds>', 'bound on the whole LLM step', parseNumberOption)
    .option('--slack', 'forward the diagnosis to Slack (webhook from SLACK_WEBHOOK_URL)')
    .option('--slack-webhook <url>', 'Slack incoming-webhook URL (prefer SLACK_WEBHOOK_URL)')
    .option('--slack-cooldown <minutes>', 'do not repost the same incident within this time', parseNumberOption)
    .option('--slack-top <n>', 'incidents shown in the Slack message', parseNumberOption)
    .option('--force', 'post to Slack even within the cooldown')
    .action(logReadingAction(ctx, runDiagnose));
}

/** Reads the input, diagnoses every incident, renders the report; returns the exit code. */
export async function runDiagnose(files: string[], options: DiagnoseOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.json && options.markdown) throw new UsageError('--json and --markdown cannot be used together: choose one output');
  // Checked before reading input so a bad webhook fails fast; loaded only when asked for, to keep start-up fast.
  const slack =
    options.slack || options.slackWebhook !== undefined
      ? (await import('../sinks/slack/index.js')).prepareSlackForward(options, readEnvConfig(ctx.env), ctx)
      : undefined;
  const analyzer = new LogAnalyzer({ year: new Date(ctx.now()).getUTCFullYear() });
  const stats = await readInputLines({ files, text: options.text }, ctx, (line, source) => analyzer.push(line, source));
  warnAboutInput(stats, ctx);
  const { incidents, summary } = analyzer.end();
  const color = useColor(ctx);

  if (incidents.length === 0) {
    if (options.json) ctx.stdout.write(renderJson({ incidents: [], summary }));
    else ctx.stdout.write(renderNoErrors(summary.events, color));
    if (slack) await slack.forward({ incidents: [], summary });
    return EXIT.ok;
  }

  const safeIncidents = incidents.map(redactIncident);
  const requests = safeIncidents.map((incident) => ({ incident, offline: offlineDiagnosis(incident) }));
  const env = readEnvConfig(ctx.env);
  const outcome = await diagnoseIncidents(requests, { options, env, ctx });
  const report = buildReport(safeIncidents, outcome.diagnoses, summary);
  printReport(report, shownIncidents(incidents, report, options), options, ctx, color, outcome.summaryExtras);

  // Always the redacted report (never `shown`): --no-redact must not reach Slack. Failure throws ForwardError (exit 3).
  if (slack) await slack.forward(report);
  return outcome.exitCode;
}

function printReport(report: Report, shown: Report, options: DiagnoseOptions, ctx: CliContext, color: boolean, extras: SummaryExtras): void {
  if (options.json) ctx.stdout.write(renderJson(report, extras));
  else if (options.markdown) ctx.stdout.write(renderMarkdown(report));
  else ctx.stdout.write(renderTerminal(shown, { color }));
}

/**
 * `--no-redact` swaps the raw samples back in for the terminal only;
 * JSON and Markdown output are meant to be pasted elsewhere, so they stay redacted.
 */
function shownIncidents(raw: Incident[], report: Report, options: DiagnoseOptions): Report {
  if (options.redact || options.json || options.markdown) return report;
  const rawById = new Map(raw.map((incident) => [incident.fingerprint, incident]));
  return {
    ...report,
    incidents: report.incidents.map((incident) => {
      const original = rawById.get(incident.fingerprint);
      return original ? { ...incident, sample: original.sample, context: original.context } : incident;
    }),
  };
}

function warnAboutInput(stats: InputStats, ctx: CliContext): void {
  if (stats.truncatedLines > 0) warn(ctx, `${stats.truncatedLines} over-long line(s) were truncated for analysis`);
  if (stats.invalidUtf8) warn(ctx, 'the input is not valid UTF-8; invalid bytes were replaced with U+FFFD');
}
