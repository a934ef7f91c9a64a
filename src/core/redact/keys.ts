import { type RedactionCounts, type RedactionKind, MARKER_PREFIX, bump, redactionMarker } from './kinds.js';

/**
 * Key names whose value is a secret. A key counts when one of these is the whole
 * name or one component of it (DB_PASSWORD, smtpPass, X-Amz-Security-Token),
 * never when it merely contains the letters (author, input_tokens, passenger_id).
 */
const SECRET_WORDS: ReadonlyMap<string, RedactionKind> = new Map<string, RedactionKind>([
  ['password', 'password'],
  ['passwd', 'password'],
  ['pwd', 'password'],
  ['pw', 'password'],
  ['pass', 'password'],
  ['passphrase', 'password'],
  ['requirepass', 'password'],
  ['masterauth', 'password'],
  ['secret', 'secret'],
  ['token', 'token'],
  ['apikey', 'api_key'],
  ['auth', 'auth'],
  ['authorization', 'auth'],
  ['privatekey', 'private_key'],
  ['session', 'session'],
  ['sessionid', 'session'],
  ['sessid', 'session'],
  ['cookie', 'cookie'],
  ['credentials', 'credentials'],
  ['credential', 'credentials'],
  ['accountkey', 'azure_key'],
  ['sharedaccesskey', 'azure_key'],
  // Stripe-Signature, X-Hub-Signature-256, "signature": webhook HMACs and request signatures
  ['signature', 'signature'],
]);

/** Two-component names: api_key, x-api-key, private_key, and keys that are secrets by use. */
const SECRET_PAIRS: ReadonlyMap<string, RedactionKind> = new Map<string, RedactionKind>([
  ['api key', 'api_key'],
  ['private key', 'private_key'],
  ['account key', 'azure_key'],
  ['encryption key', 'secret'],
  ['signing key', 'secret'],
  ['master key', 'secret'],
  // Vendor keys named for what they unlock: Ocp-Apim-Subscription-Key, DD_APP_KEY, client-key-data (kubeconfig).
  ['subscription key', 'api_key'],
  ['app key', 'api_key'],
  ['application key', 'api_key'],
  ['license key', 'api_key'],
  ['admin key', 'api_key'],
  ['write key', 'api_key'],
  ['ingest key', 'api_key'],
  ['client key', 'private_key'],
  ['functions key', 'api_key'],
  ['function key', 'api_key'],
  ['amz signature', 'signature'],
]);

/** Whole key names only (too short or too common to count as a component). */
const WHOLE_KEYS: ReadonlyMap<string, RedactionKind> = new Map<string, RedactionKind>([['sig', 'signature']]);

/** Run-together names in one case (PGPASSWORD, JSESSIONID, csrftoken) end with one of these. */
const SECRET_SUFFIXES: ReadonlyArray<readonly [string, RedactionKind]> = [
  ['password', 'password'],
  ['passwd', 'password'],
  ['secret', 'secret'],
  ['token', 'token'],
  ['apikey', 'api_key'],
  ['sessionid', 'session'],
  ['sessid', 'session'],
];

/** When one of these ends the key, the value describes the secret instead of being it (token_type, session_timeout). */
const QUALIFIERS = new Set(
  (
    'type types count counts length len size limit limits max min ttl timeout expiry expires expiration expired exp ' +
    'age lifetime duration interval period affinity persistence stickiness replication days hours minutes mins hrs weeks months years policy policies rotation strength complexity url urls uri endpoint host ' +
    'hostname port path paths file filename files dir directory name names user username usr login email mail id ids ' +
    'version format mode method methods scheme provider providers enabled enable disabled disable required require ' +
    'valid invalid present missing exists set changed updated created reset used error errors err exception failed ' +
    'failure failures status state rate total num number index idx header headers field fields param params prefix ' +
    'source location ref arn region level flow grant at time timestamp date ms sec seconds label store backend driver ' +
    'engine service manager handler middleware issuer audience algorithm alg strategy domain secure samesite httponly ' +
    'cache storage table bucket queue topic found attempts retries kind class pattern regex rule rules js mjs cjs ts ' +
    'tsx jsx py go java kt rb php cs c cc cpp h hpp rs scala swift json yaml yml toml xml html sql sh log txt conf cfg ' +
    'ini properties'
  ).split(' '),
);

/** When one of these starts the key, it is a setting about secrets (max_token, is_auth, use_session). */
const PREFIX_QUALIFIERS = new Set('max min num total count is has use enable disable require allow expected'.split(' '));

/** Header names whose whole value is the secret, spaces and `;` included. */
const HEADER_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

const KIND_PRIORITY: readonly RedactionKind[] = [
  'password',
  'private_key',
  'api_key',
  'azure_key',
  'secret',
  'token',
  'credentials',
  'cookie',
  'session',
  'auth',
  'signature',
];

/** Values that are not secrets whatever their key: placeholders, booleans, already-masked text. */
const BENIGN_VALUE_RE =
  /^(?:true|false|null|nil|none|undefined|yes|no|on|off|ok|set|unset|empty|required|optional|disabled|enabled|expired|invalid|valid|missing|unknown|up|down|pass|passed|fail|failed|success|healthy|unhealthy|pending|active|inactive|present|absent|created|deleted|updated|started|stopped|closed|opened|established|refreshed|revoked|rotated|renewed|saved|loaded|cleared|reset|rejected|accepted|denied|granted|locked|unlocked|n\/a|[|>][+-]?|\*+|\*+(?:redacted|filtered|masked|hidden|secret|removed)\*+|x{3,}|-|\.\.\.|…|redacted|filtered|masked|hidden|\[(?:redacted|filtered|masked|hidden)\]|<(?:redacted|hidden|[a-z][a-z0-9_-]*)>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\(\w+\)s|%s|%[A-Z][A-Z0-9_]*%|[%#]\{[^}]*\}|\$[0-9]+|\?+)$/i;

/** `$DB_PASSWORD` names a variable; case matters so `$aXb9` (a password) is not taken for one. */
const ENV_REF_RE = /^\$[A-Z][A-Z0-9]*_[A-Z0-9_]+$/;

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 36
  );
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

function isLineEnd(c: number): boolean {
  return c === 10 || c === 13;
}

/** Lowercased components: DB_PASSWORD → db,password; smtpPass → smtp,pass; OAuth2 → o,auth. */
export function keyComponents(key: string): string[] {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  const parts = spaced.toLowerCase().split(/[^a-z0-9]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const stripped = part.replace(/[0-9]+$/, '');
    out.push(stripped === '' ? part : stripped);
  }
  return out;
}

/** A run-together setting name: maxlifetime, readtimeout, gcinterval. */
function endsWithQualifier(part: string): boolean {
  if (SECRET_WORDS.has(part)) return false;
  for (let n = part.length - 2; n >= 4; n--) {
    const tail = part.slice(part.length - n);
    if (QUALIFIERS.has(tail)) return true;
  }
  return false;
}

function strongest(kinds: RedactionKind[]): RedactionKind | undefined {
  for (const kind of KIND_PRIORITY) if (kinds.includes(kind)) return kind;
  return kinds[0];
}

/** What a key name's value would be, or undefined when the key is not secret-looking. */
export function classifyKey(key: string, before = ''): RedactionKind | undefined {
  const parts = keyComponents(key);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) {
    const only = parts[0]!;
    const whole = WHOLE_KEYS.get(only) ?? SECRET_WORDS.get(only);
    if (whole) return whole;
    if (only === 'key') {
      // "API Key: …", "Secret Key: …", "Private Key: …"
      const m = /(api|secret|private|encryption|signing|master)[ _-]?$/i.exec(before);
      return m ? (m[1]!.toLowerCase() === 'api' ? 'api_key' : m[1]!.toLowerCase() === 'private' ? 'private_key' : 'secret') : undefined;
    }
    // Run-together names in one case only: PGPASSWORD, csrftoken; never camelCase words.
    if (key === key.toLowerCase() || key === key.toUpperCase()) {
      for (const [suffix, kind] of SECRET_SUFFIXES) {
        if (only.length > suffix.length && only.endsWith(suffix)) return kind;
      }
    }
    return undefined;
  }
  const found: RedactionKind[] = [];
  let lastMatched = -1;
  let firstMatched = -1;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const kind = SECRET_WORDS.get(part);
    if (kind) {
      found.push(kind);
      lastMatched = i;
      if (firstMatched === -1) firstMatched = i;
    }
    // One word split by case or separators: SharedAccessKey, AccountKey, Pass_Word.
    for (let j = i + 1; j < parts.length && j <= i + 2; j++) {
      const joined = SECRET_WORDS.get(parts.slice(i, j + 1).join(''));
      if (joined) {
        found.push(joined);
        if (j > lastMatched) lastMatched = j;
        if (firstMatched === -1) firstMatched = i;
      }
    }
    if (i + 1 < parts.length) {
      const pair = SECRET_PAIRS.get(`${part} ${parts[i + 1]!}`);
      if (pair) {
        found.push(pair);
        lastMatched = i + 1;
        if (firstMatched === -1) firstMatched = i;
      }
    }
  }
  if (found.length === 0) return undefined;
  const last = parts[parts.length - 1]!;
  if (lastMatched !== parts.length - 1) {
    // session_id and sessionId are the secret; token_id or secret_id name one.
    if (last === 'id' && found.includes('session') && lastMatched === parts.length - 2) return 'session';
    if (QUALIFIERS.has(last) || endsWithQualifier(last)) return undefined;
  }
  if (firstMatched > 0 && PREFIX_QUALIFIERS.has(parts[0]!)) return undefined;
  return strongest(found);
}

// Logs repeat the same few hundred keys; remembering their verdict halves the cost of this pass.
const verdicts = new Map<string, RedactionKind | null>();

function classifyCached(key: string, text: string, a: number): RedactionKind | undefined {
  const known = verdicts.get(key);
  if (known !== undefined) return known ?? undefined;
  const kind = classifyKey(key, text.slice(Math.max(0, a - 12), a));
  // A bare "key" depends on the word before it ("API Key"), so it is never remembered.
  if (!/^[^A-Za-z]*key[^A-Za-z]*$/i.test(key)) {
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(key, kind ?? null);
  }
  return kind;
}

function isArnChar(c: number): boolean {
  return isKeyChar(c) || c === 58 || c === 47 || c === 43 || c === 64 || c === 42;
}

/** `arn:aws:secretsmanager:…:secret:prod/db` names a resource; its `secret:` is not a key. */
function inArn(text: string, a: number): boolean {
  if (a === 0 || text.charCodeAt(a - 1) !== 58) return false;
  let i = a - 1;
  while (i > 0 && i > a - 200 && isArnChar(text.charCodeAt(i - 1))) i--;
  return text.startsWith('arn:', i);
}

/**
 * `token-service.internal:8443/…`, `auth.example.com:443`: a host name and its port. The secret word
 * is in the host name, not in its last label, and digits follow the colon directly.
 */
function isHostPort(text: string, key: string, b: number): boolean {
  const dot = key.lastIndexOf('.');
  if (dot <= 0 || text.charCodeAt(b) !== 58) return false;
  let k = b + 1;
  while (k < text.length && k - b <= 6 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  if (k === b + 1 || k - b > 6) return false;
  const c = text.charCodeAt(k);
  if (k < text.length && (isKeyChar(c) || c === 64 || (c === 58 && !isBlank(text.charCodeAt(k + 1))))) return false;
  return classifyKey(key.slice(dot + 1)) === undefined;
}

/** Where a masked value starts and ends, and what it was. */
interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
}

const SCHEME_RE =
  /^(Bearer|Basic|Digest|Token|Bot|OAuth|Negotiate|NTLM|ApiKey|Api-Key|JWT|SSWS|GenieKey|Splunk|AWS4-HMAC-SHA256|HMAC-SHA256)[ \t]+(?=\S)/i;

function kindForScheme(scheme: string, credential: string, fallback: RedactionKind): RedactionKind {
  const s = scheme.toLowerCase();
  if (s === 'basic') return 'credentials';
  if (credential.startsWith('eyJ')) return 'jwt';
  if (s === 'bearer' || s === 'token' || s === 'bot' || s === 'oauth' || s === 'jwt') return 'token';
  return fallback;
}

/** YAML tags that point elsewhere: !vault (encrypted inline), !Ref/!Sub (CloudFormation), !secret (Home Assistant). */
const YAML_TAG_RE =
  /^!(?:vault|Ref|Sub|GetAtt|ImportValue|Join|Select|FindInMap|If|Base64|Split|Cidr|GetAZs|env|include|secret)(?![A-Za-z0-9_])/;

/**
 * A lookup of one variable by name in config or source (Laravel `env('X')`, Python `os.environ["X"]`,
 * Node `process.env.X`, Ruby `ENV['X']`, Java `System.getenv("X")`). A second argument (a default) may
 * be a real secret, so only single-name lookups count.
 */
const CODE_REF_RE =
  /^(?:(?:(?:os\.)?getenv|env|ENV|os\.environ(?:\.get)?|System\.getenv|Deno\.env\.get|Environment\.GetEnvironmentVariable)[ \t]*[([][ \t]*(["']?)[A-Za-z_][A-Za-z0-9_.]*\1[ \t]*[)\]]|process\.env(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(["'])[A-Za-z_][A-Za-z0-9_]*\2\])(?![A-Za-z0-9_.(|&?]))/;

/** The same lookups with a default value: env('X', 'default'), os.getenv("X", "d"), ENV.fetch('X', 'd'). */
const CODE_DEFAULT_RE =
  /^(?:(?:os\.)?getenv|env|os\.environ\.get|ENV\.fetch|System\.getenv)[ \t]*\([ \t]*(["'])[A-Za-z_][A-Za-z0-9_.]*\1[ \t]*,[ \t]*["']/;

/** Stand-ins tools print instead of the value: Terraform's `(sensitive value)`, `(known after apply)`. */
const PAREN_PLACEHOLDER_RE = /^\((?:sensitive(?: value)?|known after apply|redacted|hidden|masked|not set|none|empty)\)/i;

/**
 * A file path says where a secret lives (/var/secrets/google/key.json, ~/.aws/credentials), not what it is.
 * Only paths under a usual root or the home directory: a base64 secret may start with "/" too.
 */
const FILE_PATH_RE =
  /^(?:\/(?:etc|var|run|home|opt|srv|usr|tmp|app|data|mnt|root|secrets|config|certs|workspace|Users|private)|~|\$HOME|\.{1,2})\/[\w./-]*$/;

/** An ARN names a resource (even a secret's), it is not one: README lists ARNs as kept. */
const ARN_VALUE_RE = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:[^\s]+$/;

/** Placeholders that stand where a secret would be: `${PGPASSWORD}`, `{{ .Values.x }}`, `%s`, `****`, `$DB_PASS`. */
const PLACEHOLDER_RE = /^(?:\*+|\$\{[^}]*\}|\{\{[^}]*\}\}|%\(\w+\)s|%s|<[a-z][a-z0-9_-]*>)$/i;

export function isPlaceholder(value: string): boolean {
  return value.startsWith(MARKER_PREFIX) || PLACEHOLDER_RE.test(value) || ENV_REF_RE.test(value);
}

/** Values that are no secret whatever their key. */
function isBenignValue(value: string): boolean {
  return (
    value.length === 0 ||
    value.startsWith(MARKER_PREFIX) ||
    BENIGN_VALUE_RE.test(value) ||
    ENV_REF_RE.test(value) ||
    YAML_TAG_RE.test(value) ||
    PAREN_PLACEHOLDER_RE.test(value) ||
    FILE_PATH_RE.test(value) ||
    ARN_VALUE_RE.test(value)
  );
}

const isBenign = isBenignValue;

function lineEndFrom(text: string, i: number): number {
  let j = i;
  while (j < text.length && !isLineEnd(text.charCodeAt(j))) j++;
  return j;
}

function atLineStart(text: string, a: number): boolean {
  let i = a - 1;
  while (i >= 0 && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 45)) i--;
  return i < 0 || isLineEnd(text.charCodeAt(i));
}

/** End of a quoted value opened at `open`, honouring backslash escapes; the line end when unterminated. */
function closeQuote(text: string, open: number, quote: number): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === quote || isLineEnd(c)) return Math.min(i, text.length);
    else i++;
  }
  return text.length;
}

/**
 * End of a value opened by an escaped quote (`\"` inside a JSON string). The inner
 * string is read through one level of escaping, so `\\\"` is a quote inside it.
 */
function closeEscapedQuote(text: string, open: number, slashes: number, quote: number): number {
  let i = open + slashes + 1;
  if (slashes !== 1) {
    const closer = text.slice(open, open + slashes + 1);
    const j = text.indexOf(closer, i);
    const eol = lineEndFrom(text, i);
    return j === -1 || j > eol ? eol : j;
  }
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineEnd(c)) return i;
    if (c === 92) {
      const n = text.charCodeAt(i + 1);
      if (n === quote) return i;
      if (n === 92) {
        // An escaped backslash in the inner string escapes the next inner character.
        i += 2;
        i += text.charCodeAt(i) === 92 ? 2 : 1;
      } else i += 2;
    } else i++;
  }
  return text.length;
}

/** Single-dash password flags: keytool's -storepass, -keypass, -srcstorepass, -deststorepass. */
const SINGLE_DASH_PASS_RE = /^-[a-z]*(?:pass|password|passwd)$/;

/** A .netrc / .authinfo entry before its `password` word: `machine <host> login <user> `. */
const NETRC_BEFORE_RE = /(?:^|[\s])(?:machine|login|account)[ \t]+[^\s]+[ \t]+$/;

/** `%22` or `%27`: a quote in URL-encoded text. */
function isEncodedQuote(text: string, i: number): boolean {
  return text.charCodeAt(i) === 37 && text.charCodeAt(i + 1) === 50 && (text.charCodeAt(i + 2) === 50 || text.charCodeAt(i + 2) === 55);
}

/** The value span after `key` ending at `b`, or undefined when no value follows. */
function findValue(text: string, a: number, b: number, key: string, kind: RedactionKind): Span | undefined {
  const len = text.length;
  let p = b;
  let q = p;
  while (q < len && text.charCodeAt(q) === 92 && q - p < 3) q++;
  if (q < len && isQuote(text.charCodeAt(q))) p = q + 1;
  else if (isEncodedQuote(text, b)) p = b + 3; // URL-encoded JSON: %22password%22%3A%22…%22

  // <password>value</password>, <ns2:password>, <wsse:Password Type="…">value</wsse:Password>
  if (p === b && a > 0 && isElementStart(text, a)) {
    const c0 = text.charCodeAt(b);
    if (c0 === 62 || isBlank(c0)) return elementText(text, b, kind, true);
  }
  // PHP print_r: [PHP_AUTH_PW] => value
  if (p === b && text.charCodeAt(b) === 93 && a > 0 && text.charCodeAt(a - 1) === 91) p = b + 1;

  let s = p;
  while (s < len && isBlank(text.charCodeAt(s))) s++;
  const c = text.charCodeAt(s);
  let v: number;
  let sep: 'colon' | 'equals' | 'space';
  if (c === 61) {
    const n = text.charCodeAt(s + 1);
    if (n === 61) return undefined; // == compares, it doesn't assign
    v = n === 62 ? s + 2 : s + 1;
    sep = 'equals';
  } else if (c === 58) {
    const n = text.charCodeAt(s + 1);
    if (n === 58) return undefined; // Token::new
    if (n === 47 && text.charCodeAt(s + 2) === 47) return undefined; // a URL; its password has its own rule
    v = n === 61 ? s + 2 : s + 1;
    sep = 'colon';
  } else if (c === 37 && text.charCodeAt(s + 1) === 51 && (text.charCodeAt(s + 2) | 32) === 100) {
    v = s + 3; // %3D in an encoded query string
    sep = 'equals';
  } else if (c === 37 && text.charCodeAt(s + 1) === 51 && (text.charCodeAt(s + 2) | 32) === 97) {
    v = s + 3; // %3A in encoded JSON
    sep = 'colon';
  } else if (s > p && s < len && isQuote(c) && (kind === 'password' || (p > b && key === key.toUpperCase()))) {
    // SQL: PASSWORD 'x'; Redis MONITOR: "AUTH" "pw" or "AUTH" "user" "pw" (not `secret "db-creds" not found`)
    v = s;
    const second = closeQuote(text, s, c) + 1;
    if (p > b && isBlank(text.charCodeAt(second)) && isQuote(text.charCodeAt(second + 1))) v = second + 1;
    sep = 'space';
  } else if (c === 44 && p > b && key.startsWith('--')) {
    // argv arrays: ["--token", "value"], ['--password', 'x']
    let n = s + 1;
    while (n < len && isBlank(text.charCodeAt(n))) n++;
    if (!isQuote(text.charCodeAt(n))) return undefined;
    v = n;
    sep = 'space';
  } else if (s > p && s < len && !isLineEnd(c) && key === 'password' && NETRC_BEFORE_RE.test(text.slice(Math.max(0, a - 200), a))) {
    v = s; // .netrc: machine api.example.com login bob password s3cret
    sep = 'space';
  } else if (s > p && (key.startsWith('--') || SINGLE_DASH_PASS_RE.test(key)) && s < len && c !== 45 && !isLineEnd(c)) {
    v = s; // CLI: --password x
    sep = 'space';
  } else return undefined;

  const spaceBefore = s > p;
  while (v < len && isBlank(text.charCodeAt(v))) v++;
  if (v >= len) return undefined;
  let first = text.charCodeAt(v);
  if (first === 91) {
    // Headers as arrays (Go's http.Header, Node's raw headers): "X-Api-Key":["value"]
    let n = v + 1;
    while (n < len && isBlank(text.charCodeAt(n))) n++;
    const quote = text.charCodeAt(n);
    if (!isQuote(quote)) return undefined;
    return quotedSpan(text, n + 1, closeQuote(text, n, quote), kind, key);
  }
  if (isLineEnd(first) || first === 123) return undefined; // nested object: inner keys decide

  // Python byte/unicode strings: b'…'
  if ((first | 32) === 98 || (first | 32) === 117 || (first | 32) === 114 || (first | 32) === 102) {
    if (isQuote(text.charCodeAt(v + 1))) {
      v++;
      first = text.charCodeAt(v);
    }
  }

  let start: number;
  let end: number;
  if (first === 37 && isEncodedQuote(text, v)) {
    start = v + 3;
    end = start;
    while (end < len && text.charCodeAt(end) > 32 && !isEncodedQuote(text, end)) end++;
    return quotedSpan(text, start, end, kind, key);
  }
  if (first === 92) {
    let n = v;
    while (n < len && text.charCodeAt(n) === 92 && n - v < 3) n++;
    const quote = text.charCodeAt(n);
    if (!isQuote(quote)) return unquoted(text, a, v, kind, key, sep, spaceBefore);
    start = n + 1;
    end = closeEscapedQuote(text, v, n - v, quote);
  } else if (isQuote(first)) {
    start = v + 1;
    end = closeQuote(text, v, first);
  } else {
    return unquoted(text, a, v, kind, key, sep, spaceBefore);
  }
  return quotedSpan(text, start, end, kind, key);
}

function quotedSpan(text: string, start: number, end: number, kind: RedactionKind, key: string): Span | undefined {
  const inner = text.slice(start, end);
  const scheme = SCHEME_RE.exec(inner);
  if (scheme) {
    const credential = inner.slice(scheme[0].length);
    if (isBenign(credential)) return undefined;
    return { start: start + scheme[0].length, end, kind: kindForScheme(scheme[1]!, credential, kind) };
  }
  if (isBenign(inner.trim())) return undefined;
  if (isPwdPath(key, inner)) return undefined;
  return { start, end, kind };
}

/** The shell's PWD is the working directory, not a password. */
function isPwdPath(key: string, value: string): boolean {
  return /^(?:old)?pwd$/i.test(key) && (value.startsWith('/') || value.startsWith('~'));
}

function stopsUnquoted(c: number): boolean {
  return c <= 32 || isQuote(c) || c === 59 || c === 38 || c === 44 || c === 127;
}

function stopsFlagValue(c: number): boolean {
  return c <= 32 || isQuote(c) || c === 127;
}

function unquoted(
  text: string,
  a: number,
  v: number,
  kind: RedactionKind,
  key: string,
  sep: 'colon' | 'equals' | 'space',
  spaceBefore: boolean,
): Span | undefined {
  const len = text.length;
  const scheme = SCHEME_RE.exec(text.slice(v, Math.min(len, v + 40)));
  if (scheme) {
    const start = v + scheme[0].length;
    const wholeRest = /^(?:digest|aws4-hmac-sha256|hmac-sha256|negotiate|ntlm)$/i.test(scheme[1]!);
    let end = start;
    // Digest and signed-request parameters quote their values (username="u", response="…"): a quote
    // right after "=" opens one and the next closes it; any other quote ends the header.
    let inParam = false;
    while (end < len) {
      const c = text.charCodeAt(end);
      // A backslash ends a token too: an escaped "\r\n" or quote in a logged string (b'…Bearer x\r\n').
      if (isLineEnd(c) || (!wholeRest && (c <= 32 || c === 92))) break;
      if (isQuote(c)) {
        if (wholeRest && c === 34 && (inParam || text.charCodeAt(end - 1) === 61)) inParam = !inParam;
        else break;
      }
      end++;
    }
    const credential = text.slice(start, end);
    if (isBenign(credential)) return undefined;
    return { start, end, kind: kindForScheme(scheme[1]!, credential, kind) };
  }
  if (PAREN_PLACEHOLDER_RE.test(text.slice(v, v + 24))) return undefined;
  // Code that reads the secret from the environment names it: env('APP_TOKEN'), os.environ["X"], process.env.X
  const head = text.slice(v, v + 96);
  if (CODE_REF_RE.test(head)) return undefined;
  // ...but a default after the name is the secret itself: env('APP_TOKEN', 'default')
  const fallback = CODE_DEFAULT_RE.exec(head);
  if (fallback) {
    const open = v + fallback[0].length - 1;
    const close = closeQuote(text, open, text.charCodeAt(open));
    return isBenign(text.slice(open + 1, close)) ? undefined : { start: open + 1, end: close, kind };
  }
  // GitHub Actions / Jinja expressions with spaces: ${{ secrets.DB_PASSWORD }}, {{ vault_db_password }}
  if (text.startsWith('${{', v)) return undefined;
  // `--secret id=npmrc,src=.npmrc`, `--mount type=secret,…`: a spec whose own keys decide.
  if (sep === 'space' && key.startsWith('--') && SPEC_VALUE_RE.test(text.slice(v, v + 40))) return undefined;
  const lower = key.replace(/^["'`\\-]+/, '').toLowerCase();
  let end: number;
  if ((HEADER_KEYS.has(lower) && sep === 'colon') || (atLineStart(text, a) && (sep === 'colon' || spaceBefore))) {
    // Header values (Cookie: a=b; c=d) and YAML/properties lines run to the end of the line.
    end = v;
    while (end < len) {
      const c = text.charCodeAt(end);
      if (isLineEnd(c) || (HEADER_KEYS.has(lower) && isQuote(c))) break;
      end++;
    }
    while (end > v && isBlank(text.charCodeAt(end - 1))) end--;
    if (isSentence(text.slice(v, end))) return undefined;
  } else {
    end = v;
    // A command-line flag's value runs to the next blank: `--password=Tr0ub4dor&3` is not a query string.
    const flag = key.startsWith('-');
    while (end < len && !(flag ? stopsFlagValue(text.charCodeAt(end)) : stopsUnquoted(text.charCodeAt(end)))) end++;
    if (sep === 'equals' && isBlank(text.charCodeAt(end))) end = connectionStringEnd(text, end);
    end = trimClosers(text, v, end);
  }
  const value = text.slice(v, end);
  if (isBenign(value) || isPwdPath(key, value)) return undefined;
  if (sep === 'colon' && isProse(text, v, end)) return undefined;
  return { start: v, end, kind };
}

/**
 * In `;`-separated connection strings a value may hold spaces (`Password=my pass;`):
 * when the next `;` comes before any other `=` on the line, the value runs to it.
 */
function connectionStringEnd(text: string, end: number): number {
  for (let i = end; i < text.length && i < end + 128; i++) {
    const c = text.charCodeAt(i);
    if (c === 59) return i;
    if (c === 61 || isLineEnd(c) || isQuote(c)) return end;
  }
  return end;
}

const SPEC_VALUE_RE = /^[a-z][a-z0-9_-]*=[^\s,]*,/;

/** Words that make a run of lowercase words a sentence rather than a passphrase. */
const FUNCTION_WORDS = new Set(
  (
    'a an the to of in on at by for from with without into onto not no nor and or but is are was were be been being ' +
    'has have had do does did can could cannot will would should must may might yet still now then than this that ' +
    'these those it its there here after before during while when if because so as per via too very all any some ' +
    'ok active idle'
  ).split(' '),
);

/**
 * A word (lowercase or capitalised: `… provided. Check your key`), or a token led by a digit
 * (3, 12ms, 2026-11-25T08:14:03Z), with prose punctuation around it.
 */
const SENTENCE_WORD_RE = /^\(?(?:[A-Za-z][a-z0-9'/-]*|[0-9][\w.:/%+-]*)[.,;:!?)]*$/;

/** The first word is where a password would be: letters only (`Hunter2 is …` stays a value), or a number. */
const SENTENCE_FIRST_RE = /^\(?(?:[A-Za-z][a-z'-]*|[0-9][\w.:/%+-]*)[.,;:!?)]*$/;

/** Past participles and adverbs read as a status message: `password updated successfully`, `too large, dropped`. */
const STATUS_WORD_RE = /^[a-z]{3,}(?:ed|ly)$/;

/** `auth: failed to verify token`, `pass: 3 of 5 checks`, `cookie: not set`: words with a function word among them. */
function isSentence(value: string): boolean {
  if (value.length > 300) return false;
  const words = value.split(/[ \t]+/);
  if (words.length < 2) return false;
  let sentence = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!(i === 0 ? SENTENCE_FIRST_RE : SENTENCE_WORD_RE).test(word)) return false;
    const bare = word.replace(/^\(|[.,;:!?)]+$/g, '').toLowerCase();
    if (FUNCTION_WORDS.has(bare) || STATUS_WORD_RE.test(bare) || BENIGN_VALUE_RE.test(bare)) sentence = true;
  }
  return sentence;
}

/**
 * `Invalid token: expected 3 parts`, `bad auth : Authentication failed.` are sentences:
 * a word (lowercase, or capitalised) followed by more words.
 */
function isProse(text: string, v: number, end: number): boolean {
  if (end - v > 24 || !isBlank(text.charCodeAt(v - 1))) return false;
  for (let i = v; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 97 || c > 122) && !(i === v && c >= 65 && c <= 90 && end - v > 1)) return false;
  }
  const n = text.charCodeAt(end + 1);
  return isBlank(text.charCodeAt(end)) && ((n >= 97 && n <= 122) || (n >= 48 && n <= 57));
}

/** Drops closing brackets that close something opened before the value: {Password:x} keeps its }. */
function trimClosers(text: string, start: number, end: number): number {
  let opens = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123 || c === 60) opens++;
  }
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c === 41 || c === 93 || c === 125 || c === 62) {
      if (opens > 0) break;
      e--;
    } else break;
  }
  return e;
}

// Cheap literal search: only runs containing one of these can be secret keys.
// `pw` only as a whole component (ADMIN_PW=, DB_PW_FILE): inside random tokens it would hit too often.
const HIT_RE = /pass|pwd|pw(?![A-Za-z0-9])|secret|token|auth|key|sess|cookie|credential|sig/gi;

const NAME_CONTEXT_RE =
  /(?:^|[^A-Za-z0-9_])(?:name|key|parametername|parameterkey|variable|optionname|secretname)\\{0,3}["'`]?[ \t]*[:=][ \t]*\\{0,3}["'`]?$/i;

const VALUE_KEY_RE = /(?<![A-Za-z0-9_])(?:value|parametervalue|secretvalue)(?![A-Za-z0-9_])/gi;

/** How far after a `name: DB_PASSWORD` its `value:` may be (same or next line). */
const NAME_VALUE_WINDOW = 200;

/** State carried from one line to the next by the streaming line redactor. */
export interface KeyState {
  /** A `name: DB_PASSWORD` was seen: the kind its `value` gets and how many characters may still come first. */
  pending?: { kind: RedactionKind; budget: number };
  /** A YAML block scalar (`password: |`) ended the last line: its value is the next, indented line. */
  block?: RedactionKind;
}

const BLOCK_RE = /(?:\\{0,3}["'`])?[ \t]*:[ \t]*[|>][+-]?[ \t]*(?=\r?$|\r?\n)/y;

/** The content of the indented line starting at `start`, as a span, or undefined when it is not indented. */
function indentedLine(text: string, start: number, kind: RedactionKind): Span | undefined {
  let v = start;
  while (v < text.length && isBlank(text.charCodeAt(v))) v++;
  if (v === start) return undefined;
  let end = lineEndFrom(text, v);
  while (end > v && isBlank(text.charCodeAt(end - 1))) end--;
  return isBenign(text.slice(v, end)) ? undefined : { start: v, end, kind };
}

function findNamedValue(text: string, from: number, limit: number, kind: RedactionKind): Span | undefined {
  if (limit <= from) return undefined;
  // Search a bounded slice so a line full of names without values stays linear.
  const window = text.slice(from, limit);
  VALUE_KEY_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = VALUE_KEY_RE.exec(window))) {
    const at = from + m.index;
    const span = findValue(text, at, at + m[0].length, m[0], kind);
    if (span) return span;
  }
  return undefined;
}

/** End of the window for a `value` after a secret name at `b`: the next line's end, at most 200 characters on. */
function nameWindow(text: string, b: number): { limit: number; reachedEnd: boolean } {
  const cap = Math.min(text.length, b + NAME_VALUE_WINDOW);
  let newlines = 0;
  for (let i = b; i < cap; i++) {
    if (text.charCodeAt(i) === 10 && ++newlines === 2) return { limit: i, reachedEnd: false };
  }
  return { limit: cap, reachedEnd: cap === text.length && newlines === 0 };
}

/** `<password` or `<ns2:password`: the key opens an XML element. */
function isElementStart(text: string, a: number): boolean {
  let i = a - 1;
  if (text.charCodeAt(i) === 58) {
    i--;
    while (i >= 0 && a - i < 34 && isKeyChar(text.charCodeAt(i))) i--;
  }
  return i >= 0 && text.charCodeAt(i) === 60;
}

/**
 * The text of an element: after `<password` (its attributes skipped when `attributes`), or after
 * `<entry key="db.password"` (Java XML properties), up to its closing tag on the same line.
 */
function elementText(text: string, b: number, kind: RedactionKind, attributes = false): Span | undefined {
  let i = b;
  if (isQuote(text.charCodeAt(i))) i++;
  if (attributes && text.charCodeAt(i) !== 62) {
    // Skip attributes, boundedly: <wsse:Password Type="…#PasswordText">
    const limit = Math.min(text.length, i + 512);
    while (i < limit && text.charCodeAt(i) !== 62 && !isLineEnd(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i - 1) === 47) return undefined; // <password/>
  }
  if (text.charCodeAt(i) !== 62) return undefined;
  // A bounded look: a line of names without values stays linear.
  const window = text.slice(i + 1, i + 1 + 512);
  const close = window.indexOf('</');
  if (close === -1 || /[\r\n]/.test(window.slice(0, close))) return undefined;
  const value = window.slice(0, close);
  return isBenign(value.trim()) ? undefined : { start: i + 1, end: i + 1 + close, kind };
}

/** Terraform plans show a change as `token = "old" -> "new"`: the new value after the arrow is the same secret. */
function arrowValue(text: string, from: number, kind: RedactionKind): Span | undefined {
  let i = from;
  if (isQuote(text.charCodeAt(i))) i++;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 62) return undefined;
  i += 2;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  const quote = text.charCodeAt(i);
  if (!isQuote(quote)) return undefined;
  const end = closeQuote(text, i, quote);
  return isBenign(text.slice(i + 1, end)) ? undefined : { start: i + 1, end, kind };
}

/**
 * Masks the values of secret-looking keys in key=value, key: value, JSON (also
 * escaped inside a JSON string), query strings, headers, XML and CLI flags, and the
 * value next to a `name`/`key` field that names a secret (ECS, Kubernetes, CloudFormation).
 */
export function redactKeys(text: string, counts: RedactionCounts | undefined, state?: KeyState): string {
  let out = '';
  let last = 0;
  const spans: Span[] = [];

  if (state?.block) {
    const span = indentedLine(text, 0, state.block);
    state.block = undefined;
    if (span) spans.push(span);
  }
  if (state?.pending) {
    const { kind, budget } = state.pending;
    state.pending = undefined;
    const eol = lineEndFrom(text, 0);
    const span = findNamedValue(text, 0, Math.min(eol, budget), kind);
    if (span) spans.push(span);
  }

  HIT_RE.lastIndex = spans.length > 0 ? spans[spans.length - 1]!.end : 0;
  let m: RegExpExecArray | null;
  let floor = HIT_RE.lastIndex;
  while ((m = HIT_RE.exec(text))) {
    const hit = m.index;
    let a = hit;
    while (a > floor && isKeyChar(text.charCodeAt(a - 1))) a--;
    let b = hit + m[0].length;
    while (b < text.length && isKeyChar(text.charCodeAt(b))) b++;
    HIT_RE.lastIndex = b;
    floor = b;
    if (a > 0 && a + 2 < hit && isEncodedQuote(text, a - 1)) a += 2; // %22password: the key starts after %22
    const key = text.slice(a, b);
    const kind = classifyCached(key, text, a) ?? (SINGLE_DASH_PASS_RE.test(key) ? 'password' : undefined);
    if (!kind || inArn(text, a) || isHostPort(text, key, b)) continue;
    let span = findValue(text, a, b, key, kind);
    const named = !span && NAME_CONTEXT_RE.test(text.slice(Math.max(0, a - 40), a));
    if (named) span = elementText(text, b, kind);
    if (named && !span) {
      const { limit, reachedEnd } = nameWindow(text, b);
      span = findNamedValue(text, b, limit, kind);
      if (!span && reachedEnd && state) {
        // The newline between the lines counts too, as it does when the text is redacted whole.
        state.pending = { kind, budget: NAME_VALUE_WINDOW - (text.length - b) - 1 };
        if (state.pending.budget <= 0) state.pending = undefined;
      }
    }
    if (!span) {
      BLOCK_RE.lastIndex = b;
      if (!BLOCK_RE.test(text)) continue;
      // password: |  — the secret is on the next, indented line.
      const eol = lineEndFrom(text, b);
      const next = text.indexOf('\n', eol);
      if (next === -1) {
        if (state) state.block = kind;
        continue;
      }
      span = indentedLine(text, next + 1, kind);
      if (!span) continue;
    }
    spans.push(span);
    const changed = arrowValue(text, span.end, span.kind);
    if (changed) spans.push(changed);
    HIT_RE.lastIndex = Math.max(b, (changed ?? span).end);
    floor = HIT_RE.lastIndex;
  }
  if (spans.length === 0) return text;
  for (const span of spans) {
    if (span.start < last) continue;
    out += text.slice(last, span.start) + redactionMarker(span.kind);
    last = span.end;
    bump(counts, span.kind);
  }
  return out + text.slice(last);
}
