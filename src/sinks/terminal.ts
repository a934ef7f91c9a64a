import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../core/report.js';
import type { Severity } from '../core/taxonomy.js';
import type { DiagnosedIncident } from '../core/incident.js';
import { isoOrNull } from './json.js';

export interface TerminalOptions {
  color: boolean;
  /** How many sample lines to print per incident. */
  sampleLines?: number;
}

/** The human report: one block per incident, most urgent first. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { summary } = report;
  const onlyPossible = summary.errorEvents === 0 && report.incidents.length > 0 && report.incidents.every((i) => i.possible !== undefined);
  const lines = [
    c.bold(
      onlyPossible
        ? `cloudsentry: no errors, but ${plural(summary.incidents, 'possible error')} from ${plural(summary.events, 'event')} (nothing is logged at error level; these look like failures)`
        : `cloudsentry: ${plural(summary.incidents, 'incident')} from ${plural(summary.events, 'event')} (${plural(summary.errorEvents, 'error')})`,
    ),
  ];
  report.incidents.forEach((incident, index) => lines.push('', ...renderIncident(incident, index, c, options)));
  return `${lines.join('\n')}\n`;
}

/** Said when the input held no error at all. */
export function renderNoErrors(events: number, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  return `${c.green('✔')} No errors found in ${plural(events, 'event')}: nothing to diagnose.\n`;
}

function renderIncident(incident: DiagnosedIncident, index: number, c: ChalkInstance, options: TerminalOptions): string[] {
  const d = incident.diagnosis;
  const header = `${index + 1}. ${badge(d.severity, c)} ${c.bold(safe(d.title))}  ${c.dim(`×${incident.count}${span(incident)}`)}`;
  const out = [
    header,
    `   ${c.dim('category')}  ${d.category} ${c.dim(`· confidence ${d.confidence.toFixed(2)} · engine ${d.engine} · ${incident.fingerprint}`)}`,
    ...originLines(incident, c),
    `   ${c.dim('evidence')}  ${c.yellow(safe(d.evidence))}`,
    ...(incident.possible !== undefined ? [`   ${c.dim('possible')}  ${safe(incident.possible)}`] : []),
    ...(incident.addresses !== undefined
      ? [`   ${c.dim('from')}      ${incident.addresses.map((a) => `${safe(a.address)} ×${a.count}`).join(', ')}`]
      : []),
    `   ${c.dim('cause')}     ${safe(d.rootCause)}`,
    `   ${c.dim('next')}`,
    ...d.remediation.map((step, i) => `     ${i + 1}. ${safe(step)}`),
    ...(incident.related ?? []).map((r) => `   ${c.dim('related')}   ×${r.count} ${safe(r.pattern.slice(0, 160))} ${c.dim(`(${safe(r.reason)})`)}`),
  ];
  const sample = sampleExcerpt(incident.sample, options.sampleLines ?? 6);
  if (sample.length > 0) out.push(`   ${c.dim('sample')}`, ...sample.map((line) => c.dim(`     │ ${safe(line)}`)));
  return out;
}

/** Log groups, streams and console link of an incident read from CloudWatch Logs. */
function originLines(incident: DiagnosedIncident, c: ChalkInstance): string[] {
  const out: string[] = [];
  if (incident.streams !== undefined) {
    const streams = incident.streams.length > 0 ? c.dim(` · stream${incident.streams.length === 1 ? '' : 's'} ${incident.streams.join(', ')}`) : '';
    out.push(`   ${c.dim('logs')}      ${safe(incident.sources.join(', '))}${safe(streams)}`);
  }
  if (incident.link !== undefined) out.push(`   ${c.dim('console')}   ${safe(incident.link)}`);
  return out;
}

function sampleExcerpt(sample: string, maxLines: number): string[] {
  const lines = sample.split('\n');
  const shown = lines.slice(0, maxLines).map((line) => (line.length > 300 ? `${line.slice(0, 299)}…` : line));
  if (lines.length > maxLines) shown.push(`… ${lines.length - maxLines} more line(s)`);
  return shown;
}

const BADGE_STYLE: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.bgRed.white,
  medium: (c) => c.bgYellow.black,
  low: (c) => c.bgBlue.white,
};

function badge(severity: Severity, c: ChalkInstance): string {
  const label = ` ${severity.toUpperCase()} `;
  return c.level > 0 ? BADGE_STYLE[severity](c)(label) : `[${severity.toUpperCase()}]`;
}

function span(incident: DiagnosedIncident): string {
  const first = isoOrNull(incident.firstSeen);
  const last = isoOrNull(incident.lastSeen);
  if (!first || !last) return '';
  return first === last ? `  at ${first}` : `  ${first} → ${last}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Log text is untrusted: control characters (escape sequences, carriage returns, bells)
 * are shown as visible escapes so they cannot move the cursor, recolour or retitle the terminal.
 */
export function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
