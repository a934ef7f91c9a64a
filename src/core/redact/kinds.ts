/**
 * Every kind of secret the redactor knows. A masked value reads `[REDACTED:<kind>]`,
 * so the reader still sees what was there without seeing it.
 */
export const REDACTION_KINDS = [
  // values of secret-looking keys (key=value, JSON, headers, query strings, CLI flags)
  'password',
  'secret',
  'token',
  'api_key',
  'auth',
  'session',
  'cookie',
  'credentials',
  'signature',
  // well-known formats, found wherever they appear
  'private_key',
  'aws_key',
  'aws_secret',
  'aws_session_token',
  'github_token',
  'gitlab_token',
  'slack_token',
  'slack_webhook',
  'anthropic_key',
  'openai_key',
  'stripe_key',
  'google_api_key',
  'npm_token',
  'sendgrid_key',
  'twilio_key',
  'azure_key',
  'jwt',
  // personal data
  'email',
  'card',
] as const;

/** One kind of secret; the `<kind>` in `[REDACTED:<kind>]`. */
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** How many values of each kind were masked; kinds never seen are absent. */
export type RedactionCounts = Partial<Record<RedactionKind, number>>;

/** The text that replaces a secret of the given kind. */
export function redactionMarker(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}

/** Start of every marker; a value that already starts with it is never masked again (idempotence). */
export const MARKER_PREFIX = '[REDACTED';

export function bump(counts: RedactionCounts | undefined, kind: RedactionKind): void {
  if (counts) counts[kind] = (counts[kind] ?? 0) + 1;
}
