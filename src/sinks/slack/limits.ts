/**
 * Slack's Block Kit limits for one incoming-webhook message (platform-facts §5).
 * Lengths are counted in UTF-16 code units, which is never fewer than Slack's characters.
 */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Slack accepts more, but the notification fallback only needs a line. */
  fallbackText: 4000,
} as const;
