import type { DiagnosedIncident, RunSummary } from '../core/incident.js';
import { buildSlackCard, type CardOrigin, originBlock, type SlackBlock, type SlackMessage } from '../sinks/slack/card.js';
import { SLACK_LIMITS } from '../sinks/slack/limits.js';
import { truncate, untrusted, untrustedCode } from '../sinks/slack/text.js';

/** An incident whose cooldown ended while it kept happening. */
export interface FollowUp {
  incident: DiagnosedIncident;
  /** Occurrences counted across the fleet since its first card. */
  total: number;
  /** Epoch ms of the first occurrence counted. */
  since: number;
}

/** One agent message and the fingerprints of the new incidents it shows in full. */
export interface AgentCard {
  message: SlackMessage;
  shown: string[];
  /** Fingerprints of the follow-ups it carries. */
  followUps: string[];
}

/** Most follow-up lines in one message; each is one section block. */
const MAX_FOLLOW_UPS = 10;

/**
 * The card for one batch: new incidents in full (the CLI's card, plus the log group, streams and a console link),
 * then one "still happening: ×N since …" line per follow-up. Undefined when there is nothing to post.
 */
export function buildAgentCard(
  fresh: DiagnosedIncident[],
  followUps: FollowUp[],
  context: { summary: RunSummary; origin: CardOrigin; top: number; version: string },
): AgentCard | undefined {
  if (fresh.length === 0 && followUps.length === 0) return undefined;
  const fingerprints = (list: FollowUp[]) => list.map((f) => f.incident.fingerprint);
  if (fresh.length === 0) {
    const carried = followUps.slice(0, MAX_FOLLOW_UPS);
    const blocks: SlackBlock[] = [originBlock(context.origin), ...carried.map(followUpBlock)];
    const first = followUps[0]!;
    const text = truncate(`still happening: ×${first.total} ${untrusted(first.incident.diagnosis.title.replace(/\s+/g, ' '))} · cloudsentry`, SLACK_LIMITS.fallbackText);
    return { message: { text, blocks }, shown: [], followUps: fingerprints(carried) };
  }
  const card = buildSlackCard({ incidents: fresh, summary: context.summary }, { top: context.top, version: context.version, origin: context.origin });
  const room = Math.min(MAX_FOLLOW_UPS, SLACK_LIMITS.blocks - card.message.blocks.length - 1);
  const carried = followUps.length > 0 && room > 0 ? followUps.slice(0, room) : [];
  const extra: SlackBlock[] = carried.length > 0 ? [{ type: 'divider' }, ...carried.map(followUpBlock)] : [];
  return { message: { ...card.message, blocks: [...card.message.blocks, ...extra] }, shown: card.shown, followUps: fingerprints(carried) };
}

function followUpBlock(followUp: FollowUp): SlackBlock {
  const { incident, total, since } = followUp;
  const title = untrusted(incident.diagnosis.title.replace(/\s+/g, ' '));
  const text = `🔁 *still happening*: ×${total.toLocaleString('en-US')} since ${formatTime(since)} · ${title} · fingerprint \`${untrustedCode(incident.fingerprint)}\``;
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText), verbatim: true } };
}

function formatTime(epochMs: number): string {
  return Number.isFinite(epochMs) && epochMs > 0 ? `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time';
}

/** The CloudWatch console page of a log group (or one stream), in the console's own `$25` escaping. */
export function consoleUrl(region: string | undefined, logGroup: string, stream?: string): string | undefined {
  if (!region || !/^[a-z0-9-]+$/.test(region)) return undefined;
  const escape = (text: string) => encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$');
  const path = `log-groups/log-group/${escape(logGroup)}${stream ? `/log-events/${escape(stream)}` : ''}`;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:${path}`;
}
