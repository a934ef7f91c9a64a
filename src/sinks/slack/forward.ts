import type { Report } from '../../core/report.js';
import { ForwardError } from '../../errors.js';
import { buildSlackCard, type CiRunOrigin } from './card.js';
import type { PostedStore } from './posted-store.js';
import { type SendOptions, type SendResult, sendSlackMessage } from './send.js';
import type { SlackSettings } from './settings.js';

/** What forwarding needs from outside: state, clock, version, where to say things; sending is injectable. */
export interface ForwardDeps {
  store: PostedStore;
  now: () => number;
  version: string;
  /** One line for the user (stderr in the CLI). */
  notice: (message: string) => void;
  /** Where the report comes from (a CI run), named on the card. */
  ciRun?: CiRunOrigin;
  send?: (message: Parameters<typeof sendSlackMessage>[0], options: SendOptions) => Promise<SendResult>;
  /** Extra delivery options (fetch, sleep…) for tests and other front doors. */
  sendOptions?: Partial<SendOptions>;
}

/** What forwarding did; a delivery failure is thrown as ForwardError instead (exit 3). */
export type ForwardOutcome =
  | { status: 'posted'; posted: string[]; attempts: number }
  | { status: 'cooldown'; skipped: number }
  | { status: 'empty' };

/**
 * Posts the report's incidents not seen within the cooldown as one message, then records them.
 * The same rule serves the CLI (file state) and, later, the Lambda agent (shared state).
 */
export async function forwardReport(report: Report, settings: SlackSettings, deps: ForwardDeps): Promise<ForwardOutcome> {
  if (report.incidents.length === 0) {
    deps.notice('Slack: no incidents, nothing sent');
    return { status: 'empty' };
  }
  const now = deps.now();
  const recent = settings.force ? new Map<string, number>() : await deps.store.lastPosted(report.incidents.map((i) => i.fingerprint));
  const cooldownMs = settings.cooldownMinutes * 60_000;
  const fresh = report.incidents.filter((incident) => {
    const at = recent.get(incident.fingerprint);
    return at === undefined || now - at >= cooldownMs;
  });
  const skipped = report.incidents.length - fresh.length;
  if (fresh.length === 0) {
    deps.notice(
      `Slack: ${skipped === 1 ? 'the incident was' : `all ${skipped} incidents were`} already posted in the last ${settings.cooldownMinutes} min; nothing sent (use --force to post again)`,
    );
    return { status: 'cooldown', skipped };
  }

  const card = buildSlackCard(
    { ...report, incidents: fresh },
    { top: settings.top, version: deps.version, inCooldown: skipped, ...(deps.ciRun ? { ciRun: deps.ciRun } : {}) },
  );
  const send = deps.send ?? sendSlackMessage;
  const result = await send(card.message, { ...deps.sendOptions, url: settings.webhookUrl, timeoutMs: settings.timeoutMs });
  if (!result.ok) throw new ForwardError(`Slack forwarding failed: ${result.reason}`);

  try {
    await deps.store.markPosted(card.shown, now);
  } catch (error) {
    deps.notice(`Slack: posted, but could not record it for the cooldown (${(error as Error).message}); the next run may post it again`);
  }
  const left = skipped > 0 ? ` (${skipped} left out: posted in the last ${settings.cooldownMinutes} min)` : '';
  deps.notice(`Slack: posted ${card.shown.length} incident${card.shown.length === 1 ? '' : 's'}${left}`);
  return { status: 'posted', posted: card.shown, attempts: result.attempts };
}
