import type { EnvConfig } from '../../config.js';
import type { Report } from '../../core/report.js';
import { VERSION } from '../../version.js';
import type { CiRunOrigin } from './card.js';
import { forwardReport, type ForwardOutcome } from './forward.js';
import { createFilePostedStore } from './posted-store.js';
import { resolveSlackSettings, type SlackFlags } from './settings.js';

/** Slack forwarding as a command uses it: configured before input is read, run after the report is printed. */
export interface SlackForwarder {
  forward(report: Report): Promise<ForwardOutcome>;
}

/** Where a command reports and what time it is. */
export interface ForwarderIo {
  stderr: { write(text: string): unknown };
  now: () => number;
  /** Where the report comes from (a CI run), named on the card. */
  ciRun?: CiRunOrigin;
}

/**
 * Checks the Slack settings now (ConfigError, exit 2, before any input is read) and returns the forwarder.
 * Loaded with `import()` by commands, so runs without `--slack` never load this code or @slack/webhook.
 */
export function prepareSlackForward(flags: SlackFlags, env: EnvConfig, io: ForwarderIo): SlackForwarder {
  const settings = resolveSlackSettings(flags, env);
  const say = (message: string): void => void io.stderr.write(`cloudsentry: ${message}\n`);
  for (const warning of settings.warnings) say(`warning: ${warning}`);
  const store = createFilePostedStore(env.cacheDir, { onWarning: (message) => say(`warning: Slack: ${message}`) });
  return {
    forward: (report) => forwardReport(report, settings, { store, now: io.now, version: VERSION, notice: say, ...(io.ciRun ? { ciRun: io.ciRun } : {}) }),
  };
}
