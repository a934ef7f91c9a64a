import type { Report } from '../core/report.js';
import { isoOrNull } from './json.js';

/** A Markdown report for tickets and pull requests; samples are fenced so log text cannot format the page. */
export function renderMarkdown(report: Report): string {
  const { summary } = report;
  const out: string[] = [
    '# cloudsentry diagnosis',
    '',
    `${summary.incidents} incident(s) from ${summary.events} event(s), ${summary.errorEvents} of them errors.`,
  ];
  report.incidents.forEach((incident, index) => {
    const d = incident.diagnosis;
    out.push(
      '',
      `## ${index + 1}. [${d.severity.toUpperCase()}] ${escapeInline(d.title)}`,
      '',
      `- **Category:** \`${d.category}\` (confidence ${d.confidence.toFixed(2)}, engine ${d.engine})`,
      `- **Seen:** ${incident.count}× ${timeSpan(incident.firstSeen, incident.lastSeen)}`,
      `- **Fingerprint:** \`${incident.fingerprint}\``,
      ...originItems(incident),
      ...(incident.possible !== undefined ? [`- **Possible error:** ${escapeInline(incident.possible)}`] : []),
      ...(incident.addresses !== undefined ? [`- **From:** ${incident.addresses.map((a) => `${escapeInline(a.address)} ×${a.count}`).join(', ')}`] : []),
      ...(incident.related ?? []).map((r) => `- **Related:** ×${r.count} \`${escapeInline(r.pattern.slice(0, 160)).replace(/`/g, "'")}\` (${escapeInline(r.reason)})`),
      '',
      `**Root cause.** ${escapeInline(d.rootCause)}`,
      '',
      '**Next steps.**',
      '',
      ...d.remediation.map((step, i) => `${i + 1}. ${escapeInline(step)}`),
      '',
      '**Evidence.**',
      '',
      fence(incident.sample),
    );
  });
  return `${out.join('\n')}\n`;
}

/** Log groups, streams and console link of an incident read from CloudWatch Logs. */
function originItems(incident: Report['incidents'][number]): string[] {
  const out: string[] = [];
  if (incident.streams !== undefined) {
    out.push(`- **Log groups:** ${escapeInline(incident.sources.join(', '))}`);
    if (incident.streams.length > 0) out.push(`- **Log streams:** ${escapeInline(incident.streams.join(', '))}`);
  }
  if (incident.link !== undefined) out.push(`- **Console:** <${incident.link.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return out;
}

function timeSpan(first: number | undefined, last: number | undefined): string {
  const a = isoOrNull(first);
  const b = isoOrNull(last);
  if (!a || !b) return '';
  return a === b ? `at ${a}` : `from ${a} to ${b}`;
}

/** Keeps untrusted text on one line and stops it from opening HTML or links. */
function escapeInline(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[<>\[\]]/g, (c) => `\\${c}`);
}

/** A code fence longer than any backtick run inside the text, so the text cannot close it. */
export function fence(text: string): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}
