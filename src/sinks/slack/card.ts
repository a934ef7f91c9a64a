import type { DiagnosedIncident } from '../../core/incident.js';
import type { Report } from '../../core/report.js';
import type { Severity } from '../../core/taxonomy.js';
import { SLACK_LIMITS } from './limits.js';
import { nonEmpty, truncate, untrusted, untrustedCode } from './text.js';

/** A mrkdwn or plain_text text object; `verbatim` stops Slack auto-linking URLs and #channels in log text. */
export type SlackText = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string; verbatim?: boolean };

/** The Block Kit blocks cloudsentry uses (a subset of @slack/types, which is not a direct dependency). */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

/** One incoming-webhook payload: blocks plus the `text` fallback used for notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** A message plus the fingerprints it shows, which are the ones to record as posted. */
export interface SlackCard {
  message: SlackMessage;
  shown: string[];
}

/** How a card is built. */
export interface CardOptions {
  /** Incidents shown in full; the rest are counted in a closing line. */
  top: number;
  /** cloudsentry version, shown in each incident's context line. */
  version: string;
  /** Incidents left out because they were posted recently (shown in the closing line). */
  inCooldown?: number;
  /** Where the lines came from (the Lambda agent): shown as a first context line with a console link. */
  origin?: CardOrigin;
  /** The CI run a report comes from (repository, workflow, run link): one context line on top. */
  ciRun?: CiRunOrigin;
}

/** A CloudWatch Logs origin: the log group, its streams in this batch, and a link to read them. */
export interface CardOrigin {
  logGroup: string;
  streams: string[];
  /** AWS console link to the log group (or stream); must be a plain https URL. */
  consoleUrl?: string;
}

/** Labelled facts about the CI run a report comes from; `url` makes the value a link. */
export type CiRunOrigin = ReadonlyArray<{ label: string; value: string; url?: string }>;

/** Incidents shown when `--slack-top` is not given: enough for a storm, short enough to read on a phone. */
export const DEFAULT_SLACK_TOP = 3;

const SEVERITY_ICON: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵' };

/**
 * Builds one Slack message for a report (incidents already ranked, most urgent first).
 * Pure: every piece of log-derived text is redacted, escaped and cut to Block Kit's limits; it never throws on size.
 */
export function buildSlackCard(report: Report, options: CardOptions): SlackCard {
  const incidents = report.incidents;
  const top = Math.max(1, Math.floor(options.top));
  const several = incidents.length > 1;
  // Room is kept for the summary and closing lines, so what is missing is always said.
  const budget = SLACK_LIMITS.blocks - (several ? 2 : 1) - (options.origin ? 1 : 0) - (options.ciRun && options.ciRun.length > 0 ? 1 : 0);
  const body: SlackBlock[] = [];
  let shown = 0;
  for (const incident of incidents.slice(0, top)) {
    const card = incidentBlocks(incident, options.version);
    const divider: SlackBlock[] = shown > 0 ? [{ type: 'divider' }] : [];
    if (body.length + divider.length + card.length > budget) break;
    body.push(...divider, ...card);
    shown++;
  }
  const blocks: SlackBlock[] = several ? [summaryBlock(report, shown, options.inCooldown ?? 0), ...body] : body;
  if (options.origin) blocks.unshift(originBlock(options.origin));
  if (options.ciRun && options.ciRun.length > 0) blocks.unshift(ciRunBlock(options.ciRun));
  const closing = closingBlock(incidents.length - shown, options.inCooldown ?? 0);
  if (closing) blocks.push(closing);

  return {
    message: { text: fallbackText(incidents, options.inCooldown ?? 0), blocks },
    shown: incidents.slice(0, shown).map((incident) => incident.fingerprint),
  };
}

function incidentBlocks(incident: DiagnosedIncident, version: string): SlackBlock[] {
  const d = incident.diagnosis;
  const header = `${SEVERITY_ICON[d.severity]} ${d.severity.toUpperCase()} · ${untrusted(oneLine(d.title))}`;
  const fields: SlackText[] = [
    codeField('Source', incident.sources.length > 0 ? incident.sources.join(', ') : 'unknown'),
    codeField('Category', d.category),
    field('Count', `${incident.count}`),
    field('Engine', `${d.engine} (confidence ${d.confidence.toFixed(2)})`),
    field('First seen', formatTime(incident.firstSeen)),
    field('Last seen', formatTime(incident.lastSeen)),
  ];
  const steps = d.remediation.map((step, i) => `${i + 1}. ${untrusted(oneLine(step))}`).join('\n');
  const evidence = d.evidence.trim() !== '' ? d.evidence : (incident.sample.split('\n')[0] ?? '');
  return [
    { type: 'header', text: { type: 'plain_text', text: truncate(nonEmpty(header), SLACK_LIMITS.headerText) } },
    { type: 'section', fields: fields.slice(0, SLACK_LIMITS.fields) },
    section(`*Root cause*\n${untrusted(d.rootCause)}`),
    section(`*Next steps*\n${nonEmpty(steps)}`),
    codeSection('*Evidence*', evidence),
    {
      type: 'context',
      elements: [mrkdwn(`fingerprint \`${untrusted(incident.fingerprint)}\` · cloudsentry ${untrusted(version)}`)],
    },
  ];
}

/** "Repository `o/r` · Workflow `CI` · Run <url|#42>": values are log-independent but still escaped. */
function ciRunBlock(origin: CiRunOrigin): SlackBlock {
  const parts = origin.map(({ label, value, url }) => {
    const shown = untrusted(oneLine(value));
    return url && /^https:\/\/[^\s|<>]+$/.test(url) ? `${label} <${url}|${shown}>` : `${label} \`${untrustedCode(oneLine(value))}\``;
  });
  return { type: 'context', elements: [mrkdwn(truncate(parts.join(' · '), SLACK_LIMITS.sectionText))] };
}

function summaryBlock(report: Report, shown: number, inCooldown: number): SlackBlock {
  const { summary } = report;
  const total = report.incidents.length + inCooldown;
  const text = `*cloudsentry* found ${plural(total, 'incident')} in ${plural(summary.events, 'event')} (${plural(summary.errorEvents, 'error')}); ${shown === total ? 'all' : shown} shown, most urgent first.`;
  return { type: 'context', elements: [mrkdwn(text)] };
}

/** Shows at most three streams; a console link only when it is a URL Slack's `<url|text>` cannot be broken by. */
export function originBlock(origin: CardOrigin): SlackBlock {
  const streams = origin.streams.slice(0, 3).map((stream) => `\`${truncate(untrustedCode(oneLine(stream)), 200)}\``);
  const more = origin.streams.length > 3 ? ` +${origin.streams.length - 3} more` : '';
  const parts = [`Log group \`${truncate(untrustedCode(oneLine(origin.logGroup)), 600)}\``];
  if (streams.length > 0) parts.push(`${origin.streams.length === 1 ? 'stream' : 'streams'} ${streams.join(', ')}${more}`);
  if (origin.consoleUrl && /^https:\/\/[^\s|<>]+$/.test(origin.consoleUrl)) parts.push(`<${origin.consoleUrl}|Open in CloudWatch>`);
  return { type: 'context', elements: [mrkdwn(truncate(parts.join(' · '), SLACK_LIMITS.sectionText))] };
}

function closingBlock(notShown: number, inCooldown: number): SlackBlock | undefined {
  const parts: string[] = [];
  if (notShown > 0) parts.push(`${plural(notShown, 'more incident')} not shown: run \`cloudsentry diagnose\` for the full report.`);
  if (inCooldown > 0) parts.push(`${plural(inCooldown, 'incident')} already posted recently, left out.`);
  return parts.length > 0 ? { type: 'context', elements: [mrkdwn(parts.join(' '))] } : undefined;
}

function fallbackText(incidents: DiagnosedIncident[], inCooldown: number): string {
  const first = incidents[0];
  if (!first) return inCooldown > 0 ? 'cloudsentry: nothing new' : 'cloudsentry: no incidents';
  const more = incidents.length > 1 ? ` (+${plural(incidents.length - 1, 'more incident')})` : '';
  const line = `${first.diagnosis.severity.toUpperCase()}: ${untrusted(oneLine(first.diagnosis.title))}${more} · cloudsentry`;
  return truncate(line, SLACK_LIMITS.fallbackText);
}

function field(label: string, value: string): SlackText {
  const prefix = `*${label}*\n`;
  return mrkdwn(prefix + truncate(nonEmpty(untrusted(value)), SLACK_LIMITS.fieldText - prefix.length));
}

/** File names and log groups shown as code, so their `_` and `*` do not turn into formatting. */
function codeField(label: string, value: string): SlackText {
  const prefix = `*${label}*\n\``;
  return mrkdwn(`${prefix}${truncate(nonEmpty(untrustedCode(oneLine(value))), SLACK_LIMITS.fieldText - prefix.length - 1)}\``);
}

function section(text: string): SlackBlock {
  return { type: 'section', text: mrkdwn(truncate(nonEmpty(text), SLACK_LIMITS.sectionText)) };
}

/** A titled code block whose body is cut inside the fence, so truncation never leaves it open. */
function codeSection(title: string, body: string): SlackBlock {
  const open = `${title}\n\`\`\`\n`;
  const close = '\n```';
  const room = SLACK_LIMITS.sectionText - open.length - close.length;
  const code = truncate(nonEmpty(untrustedCode(body.replace(/\s+$/, ''))), room);
  return { type: 'section', text: mrkdwn(open + code + close) };
}

function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text, verbatim: true };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return 'unknown';
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
