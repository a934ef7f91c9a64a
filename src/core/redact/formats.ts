import { type RedactionCounts, type RedactionKind, MARKER_PREFIX, bump, redactionMarker } from './kinds.js';

/** A well-known secret format that starts with a fixed prefix, recognised wherever it appears. */
interface Format {
  kind: RedactionKind;
  /** The literal prefixes the token can start with; their first two characters gate the regex. */
  prefixes: string[];
  /** Regex source for the whole token, without capture groups. */
  source: string;
  /** Extra check for shapes a regex cannot say cheaply. */
  accept?: (match: string) => boolean;
}

const hasDigitOrUpper = (s: string): boolean => /[0-9A-Z]/.test(s);

// Order matters where shapes overlap: sk-ant- before sk-.
const FORMATS: Format[] = [
  { kind: 'aws_key', prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], source: '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])' },
  { kind: 'aws_session_token', prefixes: ['AQoDYXdz'], source: 'AQoDYXdz[A-Za-z0-9+/]{16,}={0,2}' },
  {
    kind: 'github_token',
    prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    source: '(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})',
  },
  {
    kind: 'gitlab_token',
    prefixes: ['gl'],
    source: 'gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|oas|agent)-[A-Za-z0-9_-]{20,}',
  },
  {
    kind: 'slack_token',
    prefixes: ['xox', 'xapp-'],
    source: '(?:xox[abpoers]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})',
  },
  {
    kind: 'slack_webhook',
    prefixes: ['hooks.slack.com/'],
    source: 'hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{8,}',
  },
  {
    kind: 'token',
    prefixes: ['discord'],
    source: 'discord(?:app)?\\.com/api/webhooks/[0-9]{5,}/[A-Za-z0-9_-]{20,}',
  },
  { kind: 'anthropic_key', prefixes: ['sk-ant-'], source: 'sk-ant-[A-Za-z0-9_-]{16,}' },
  {
    kind: 'openai_key',
    prefixes: ['sk-'],
    source: 'sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}',
    accept: (m) => hasDigitOrUpper(m.slice(3)),
  },
  {
    kind: 'stripe_key',
    prefixes: ['sk_', 'rk_', 'whsec_'],
    source: '(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})',
  },
  {
    kind: 'google_api_key',
    prefixes: ['AIza', 'GOCSPX-', 'ya29.'],
    source: '(?:AIza[0-9A-Za-z_-]{30,}|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\\.[0-9A-Za-z_-]{20,})',
  },
  { kind: 'npm_token', prefixes: ['npm_'], source: 'npm_[A-Za-z0-9]{30,}' },
  { kind: 'token', prefixes: ['pypi-'], source: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}' },
  { kind: 'sendgrid_key', prefixes: ['SG.'], source: 'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}' },
  { kind: 'twilio_key', prefixes: ['SK'], source: 'SK[0-9a-fA-F]{32}(?![A-Za-z0-9])' },
  // Other vendors: Hugging Face, DigitalOcean, Shopify, Vault, Databricks, Mailgun,
  // Linear, Postman, age, Doppler, Grafana, New Relic, Atlassian.
  {
    kind: 'token',
    prefixes: ['hf_', 'do', 'shp', 'hv', 'dapi', 'key-', 'lin_api_', 'PMAK-', 'AGE-', 'dp.', 'glsa_', 'glc_', 'NRAK-', 'ATATT3'],
    source:
      '(?:hf_[A-Za-z0-9]{30,}|do[por]_v1_[a-f0-9]{64}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|hv[sb]\\.[A-Za-z0-9_-]{24,}' +
      '|dapi[0-9a-f]{32}|key-[0-9a-z]{32}(?![A-Za-z0-9])|lin_api_[A-Za-z0-9]{30,}|PMAK-[0-9a-f]{24}-[0-9a-f]{34}' +
      '|AGE-SECRET-KEY-1[0-9A-Z]{50,}|dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{30,}|gl(?:sa|c)_[A-Za-z0-9_=+/-]{30,}' +
      '|NRAK-[A-Z0-9]{27}|ATATT3[A-Za-z0-9_=-]{30,})',
  },
  {
    kind: 'jwt',
    prefixes: ['eyJ'],
    source: 'eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){1,3}',
  },
];

// Tried only where a word starts with a known two-character prefix: a regex with this
// many alternatives, run over every position, is several times slower than this gate.
const STICKY_RE = new RegExp(FORMATS.map((f) => `(${f.source})`).join('|'), 'y');

/** BIGRAM[c0 * 128 + c1] is 1 when a format can start with those two characters. */
export const BIGRAM = new Uint8Array(128 * 128);
for (const format of FORMATS) {
  for (const prefix of format.prefixes) BIGRAM[prefix.charCodeAt(0) * 128 + prefix.charCodeAt(1)] = 1;
}

/** A token found at a position: mask [maskFrom, end) as `kind`. */
export interface TokenMatch {
  kind: RedactionKind;
  maskFrom: number;
  end: number;
}

/** The prefixed token starting at `i` (a word start), if any. */
export function matchPrefixedToken(text: string, i: number): TokenMatch | undefined {
  STICKY_RE.lastIndex = i;
  const m = STICKY_RE.exec(text);
  if (!m) return undefined;
  let k = 0;
  while (k < FORMATS.length && m[k + 1] === undefined) k++;
  const format = FORMATS[k]!;
  const match = m[0];
  if (format.accept && !format.accept(match)) return undefined;
  // Keep a Slack webhook's host and route: they tell the reader what it was.
  const maskFrom = format.kind === 'slack_webhook' ? i + match.indexOf('/', 'hooks.slack.com/'.length) + 1 : i;
  return { kind: format.kind, maskFrom, end: i + match.length };
}

// Azure AD client secrets: three characters, a digit, "Q~", then 31 to 34 more.
const AZURE_RE = /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/y;
// Telegram bot tokens: the bot id, a colon, then "AA" and 33 more.
// In the Bot API's URLs the token follows "bot": https://api.telegram.org/bot<token>/sendMessage.
const TELEGRAM_RE = /(?<![A-Za-z0-9_])(?:bot)?[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/y;

/** An Azure AD client secret starting at `start`, found from its "Q~". */
export function matchAzureSecret(text: string, start: number): TokenMatch | undefined {
  AZURE_RE.lastIndex = start;
  const m = AZURE_RE.exec(text);
  return m ? { kind: 'azure_key', maskFrom: start, end: start + m[0].length } : undefined;
}

/** A Telegram bot token whose ":AA" is at `colon`: the bot id before it, with the Bot API's "bot" prefix or not. */
export function matchTelegramToken(text: string, colon: number): TokenMatch | undefined {
  let d = colon;
  while (d > 0 && d > colon - 11) {
    const c = text.charCodeAt(d - 1);
    if (c < 48 || c > 57) break;
    d--;
  }
  const from = d >= 3 && text.startsWith('bot', d - 3) ? d - 3 : d;
  TELEGRAM_RE.lastIndex = from;
  const m = TELEGRAM_RE.exec(text);
  if (!m) return undefined;
  return { kind: 'token', maskFrom: d, end: from + m[0].length };
}

/** STS session tokens are base64 protobufs: "b3JpZ2lu" is "origin", "ZXIvYXdz" is "er/aws", after 4 header characters. */
export function isAwsSessionToken(text: string, start: number, end: number): boolean {
  return end - start >= 28 && (text.startsWith('b3JpZ2lu', start + 4) || text.startsWith('ZXIvYXdz', start + 4));
}

const SCHEME_RE = /(?<![A-Za-z0-9_])(Bearer|Basic)[ \t]+([A-Za-z0-9._~+/-]{8,}=*)(?![A-Za-z0-9._~+/=-])/g;

function isBasicCredential(value: string): boolean {
  if (/[0-9]/.test(value) || (/[A-Z]/.test(value) && /[a-z]/.test(value))) return true;
  return false;
}

/** Masks `Bearer <token>` and `Basic <base64>` wherever they appear, keeping the scheme word. */
export function redactAuthSchemes(text: string, counts: RedactionCounts | undefined): string {
  if (text.indexOf('Bearer') === -1 && text.indexOf('Basic') === -1) return text;
  SCHEME_RE.lastIndex = 0;
  return text.replace(SCHEME_RE, (match: string, scheme: string, credential: string) => {
    if (credential.startsWith(MARKER_PREFIX)) return match;
    // "Bearer authentication" is prose, not a token.
    if (/^[a-z_]+$/.test(credential)) return match;
    if (scheme === 'Basic' && !isBasicCredential(credential)) return match;
    const kind: RedactionKind = scheme === 'Basic' ? 'credentials' : credential.startsWith('eyJ') ? 'jwt' : 'token';
    bump(counts, kind);
    return `${match.slice(0, match.length - credential.length)}${redactionMarker(kind)}`;
  });
}
