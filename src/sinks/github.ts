import type { DiagnosedIncident } from '../core/incident.js';
import type { Report } from '../core/report.js';
import { locateFailure } from '../core/events/ci-log.js';
import type { ReportSink } from '../pipeline/index.js';
import { renderMarkdown } from './markdown.js';
import type { TextOut } from './printer.js';

/**
 * GitHub Actions output: `::error` annotations on the lines that failed, and the Markdown report appended
 * to the job's step summary. Escaping follows the workflow-command rules of @actions/core.
 */

/** A workflow command's message: `%`, CR and LF are escaped, so log text can never start another command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as a message, plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,…::message`, every part escaped; properties without a value are left out. */
export function workflowCommand(name: string, properties: ReadonlyArray<readonly [string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((entry): entry is readonly [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

/** How annotations are made. */
export interface AnnotationOptions {
  /** GITHUB_WORKSPACE: absolute paths under it are made relative, as annotations need. */
  workspace?: string | undefined;
  /** Most annotations emitted (GitHub shows 10 errors per step). */
  max?: number;
}

const SEVERE = new Set(['critical', 'high']);

/** One `::error` (or `::warning` for medium and low severity) line per incident, most urgent first. */
export function renderAnnotations(report: Report, options: AnnotationOptions = {}): string {
  const lines = report.incidents.slice(0, options.max ?? 10).map((incident) => annotation(incident, options.workspace));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function annotation(incident: DiagnosedIncident, workspace: string | undefined): string {
  const d = incident.diagnosis;
  const where = locateFailure(incident.sample);
  const message = [d.rootCause, ...d.remediation.slice(0, 2).map((step) => `→ ${step}`), `Evidence: ${d.evidence}`].join('\n');
  return workflowCommand(
    SEVERE.has(d.severity) ? 'error' : 'warning',
    [
      ['file', where ? relativePath(where.file, workspace) : undefined],
      ['line', where?.line],
      ['col', where?.col],
      ['title', `cloudsentry: ${d.title}`],
    ],
    message,
  );
}

function relativePath(file: string, workspace: string | undefined): string {
  if (workspace === undefined || workspace === '') return file;
  const root = workspace.endsWith('/') ? workspace : `${workspace}/`;
  return file.startsWith(root) ? file.slice(root.length) : file;
}

/** The step summary section: a bold line naming the command and how it ended, then the Markdown report. */
export function renderStepSummary(report: Report, heading: string): string {
  return `**${heading}**\n\n${renderMarkdown(report)}\n`;
}

/** Inline Markdown code that the text cannot close: delimited by one more backtick than its longest run. */
export function codeSpan(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\s*\n\s*/g, ' ')}${pad}${ticks}`;
}

/** Where the GitHub sink writes. */
export interface GithubIo {
  /** Annotations go to stdout, where the runner reads workflow commands. */
  stdout: TextOut;
  /** Appends to $GITHUB_STEP_SUMMARY; absent when the runner gave no summary file. */
  appendSummary?: (text: string) => Promise<void> | void;
}

/** The GitHub Actions sink: annotations, then the step summary. */
export function createGithubSink(io: GithubIo, options: AnnotationOptions & { heading: string }): ReportSink {
  return {
    name: 'github',
    emit: async (run) => {
      io.stdout.write(renderAnnotations(run.report, options));
      if (io.appendSummary) await io.appendSummary(renderStepSummary(run.report, options.heading));
    },
  };
}
