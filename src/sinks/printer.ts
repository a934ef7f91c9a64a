import type { DiagnosedRun, ReportSink } from '../pipeline/index.js';
import type { Report } from '../core/report.js';
import { formatUsage } from '../providers/usage.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderNoErrors, renderTerminal } from './terminal.js';

/** The three ways a report is printed. */
export type OutputFormat = 'terminal' | 'json' | 'markdown';

export interface PrinterOptions {
  format: OutputFormat;
  color: boolean;
  /** `--no-redact`: swap the raw samples back in, for the terminal format only. */
  showRaw?: boolean;
}

/** Something text can be written to: stdout, stderr, a file stream. */
export interface TextOut {
  write(text: string): unknown;
}

/** Prints the run in the chosen format (terminal, JSON, Markdown). */
export function createPrinterSink(out: TextOut, options: PrinterOptions): ReportSink {
  return { name: 'printer', emit: (run) => void out.write(renderRun(run, options)) };
}

/** The one stderr line about tokens and money, when a paid provider ran. */
export function createUsageLineSink(err: TextOut): ReportSink {
  return { name: 'usage', emit: (run) => void (run.usage && err.write(`${formatUsage(run.usage)}\n`)) };
}

/** The run as text in the chosen format. */
export function renderRun(run: DiagnosedRun, options: PrinterOptions): string {
  const { report } = run;
  const extras = run.usage ? { usage: run.usage } : {};
  if (options.format === 'json') return renderJson(report, extras);
  if (report.incidents.length === 0) return renderNoErrors(report.summary.events, options.color);
  if (options.format === 'markdown') return renderMarkdown(report);
  return renderTerminal(options.showRaw ? withRawSamples(run) : report, { color: options.color });
}

/**
 * `--no-redact` swaps the raw samples back in for the terminal only;
 * JSON and Markdown output are meant to be pasted elsewhere, so they stay redacted.
 */
function withRawSamples(run: DiagnosedRun): Report {
  const rawById = new Map(run.raw.map((incident) => [incident.fingerprint, incident]));
  return {
    ...run.report,
    incidents: run.report.incidents.map((incident) => {
      const original = rawById.get(incident.fingerprint);
      return original ? { ...incident, sample: original.sample, context: original.context } : incident;
    }),
  };
}
