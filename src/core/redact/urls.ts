import { isPlaceholder } from './keys.js';
import { type RedactionCounts, bump, redactionMarker } from './kinds.js';

function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** Characters of a host name, an IPv4 address or a percent-encoded host. */
function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c === 126 || c === 37;
}

/** Quote or bracket that opened the text right before a URL, and the character that closes it. */
function closerFor(c: number): number {
  if (c === 34 || c === 39 || c === 96) return c;
  if (c === 60) return 62;
  return -1;
}

/** Whether a host (name, IPv4, or bracketed IPv6) starts at `from` and is followed by something other than `@`. */
function hostFollows(text: string, from: number, end: number): boolean {
  let k = from;
  if (text.charCodeAt(k) === 91) {
    const close = text.indexOf(']', k);
    if (close === -1 || close >= end || close - k > 64) return false;
    k = close + 1;
  } else {
    const first = text.charCodeAt(k);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || (first >= 48 && first <= 57))) return false;
    while (k < end && isHostChar(text.charCodeAt(k))) k++;
  }
  return k >= end || text.charCodeAt(k) !== 64;
}

/** `host:8443/…`: what follows the colon is a port, not a password, when the part before it names a host. */
function isPortAfterHost(user: string, text: string, from: number): boolean {
  if (user.indexOf('@') !== -1 || !(user.indexOf('.') !== -1 || user === 'localhost' || user.startsWith('['))) return false;
  let k = from;
  while (k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  const c = text.charCodeAt(k);
  return k > from && (c === 47 || c === 63 || c === 35);
}

/**
 * Masks the password in `scheme://user:password@host` URLs and DSNs
 * (postgres, mongodb+srv, redis with an empty user, amqp…), keeping user and host.
 * The password may hold `# ? / @ &` (as people type them in DSNs): it runs to the last
 * `@` that is followed by a host, within the URL's token (up to whitespace, or to the quote
 * that opened it, honouring backslash escapes). Driven by indexOf, so every character is
 * scanned a bounded number of times.
 */
export function redactUrlPasswords(text: string, counts: RedactionCounts | undefined): string {
  let at = text.indexOf('://');
  if (at === -1) return redactAtForms(text, counts);
  let out = '';
  let last = 0;
  const len = text.length;
  while (at !== -1) {
    let schemeStart = at;
    while (schemeStart > 0 && at - schemeStart < 32 && isSchemeChar(text.charCodeAt(schemeStart - 1))) schemeStart--;
    const start = at + 3;
    let next = start;
    if (schemeStart < at && start > last) {
      const closer = schemeStart > 0 ? closerFor(text.charCodeAt(schemeStart - 1)) : -1;
      // The user name: up to the first ':' of the authority.
      let colon = start;
      for (; colon < len; colon++) {
        const c = text.charCodeAt(colon);
        if (c === 58 || c <= 32 || c === 127 || c === 47 || c === 63 || c === 35 || c === closer) break;
      }
      if (text.charCodeAt(colon) === 58) {
        // The URL's token, and the last `@` in it that a host follows.
        // Past the closing quote only when no host came before it: `"u:p"w@db/x"` holds a quote in its
        // password. (So `"h:80/x","a@b.c"` masks `80/x","a`: a rare over-mask rather than a leak.)
        let end = colon + 1;
        let lastAt = -1;
        let closedAt = -1;
        while (end < len) {
          const c = text.charCodeAt(end);
          if (c <= 32 || c === 127) break;
          if (c === closer && closedAt === -1) {
            if (lastAt !== -1) break;
            closedAt = end;
          } else if (c === 92 && closer !== -1 && (text.charCodeAt(end + 1) === closer || text.charCodeAt(end + 1) === 92)) {
            end += 2;
            continue;
          } else if (c === 64 && hostFollows(text, end + 1, len)) {
            lastAt = end;
          }
          end++;
        }
        // The rest of the token is done with: a URL nested in it was masked with this password.
        next = Math.min(end, len);
        const user = text.slice(start, colon);
        if (lastAt !== -1 && !isPortAfterHost(user, text, colon + 1)) {
          const password = text.slice(colon + 1, lastAt);
          // ${PGPASSWORD}, %s, **** are placeholders, not passwords.
          if (password !== '' && !isPlaceholder(password)) {
            out += text.slice(last, colon + 1) + redactionMarker('password');
            last = lastAt;
            bump(counts, 'password');
          }
        }
      } else next = colon;
    }
    at = text.indexOf('://', Math.max(next, at + 3));
  }
  return redactAtForms(last === 0 ? text : out + text.slice(last), counts);
}

/** Oracle's `user/password@host` form: `jdbc:oracle:thin:scott/tiger@//db:1521/svc`, `sqlplus scott/tiger@db`. */
const ORACLE_RE = /(jdbc:oracle:(?:thin|oci8?):|sqlplus(?:[ \t]+-[A-Za-z]+)*[ \t]+)([A-Za-z0-9_$#.-]+)\/([^\s/@'"`]+)@/g;

/** Whether the `@` at `at` ends an Oracle `user/password@` whose line names Oracle or sqlplus. */
function oracleAt(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i < 64) {
    const c = text.charCodeAt(i);
    if (c === 47) break;
    if (c <= 32 || c === 64) return false;
    i--;
  }
  if (i < 0 || text.charCodeAt(i) !== 47) return false;
  const window = text.slice(Math.max(0, i - 200), i);
  const nl = window.lastIndexOf('\n');
  const line = nl === -1 ? window : window.slice(nl + 1);
  return line.indexOf('oracle:') !== -1 || line.indexOf('sqlplus') !== -1;
}

/**
 * Forms marked by their `@`: Go's MySQL DSN `user:password@tcp(host)` and Oracle's `user/password@host`.
 * One scan over the `@`s decides which regex runs at all.
 */
function redactAtForms(text: string, counts: RedactionCounts | undefined): string {
  let go = false;
  let oracle = false;
  for (let at = text.indexOf('@'); at !== -1 && !(go && oracle); at = text.indexOf('@', at + 1)) {
    const n = text.charCodeAt(at + 1);
    if ((n === 116 && text.startsWith('tcp(', at + 1)) || (n === 117 && (text.startsWith('unix(', at + 1) || text.startsWith('udp(', at + 1)))) {
      go = true;
    } else if (!oracle && oracleAt(text, at)) oracle = true;
  }
  let t = text;
  if (oracle) {
    ORACLE_RE.lastIndex = 0;
    t = t.replace(ORACLE_RE, (match: string, prefix: string, user: string, password: string) => {
      if (isPlaceholder(password)) return match;
      bump(counts, 'password');
      return `${prefix}${user}/${redactionMarker('password')}@`;
    });
  }
  return go ? redactGoDsn(t, counts) : t;
}

const GO_DSN_RE = /(?<![A-Za-z0-9_.:-])([A-Za-z0-9_.-]*):([^\s@/:'"`]+)@(?=(?:tcp|unix|udp)\()/g;

/** Go's MySQL DSN has no scheme: `user:password@tcp(host:3306)/db`. */
function redactGoDsn(text: string, counts: RedactionCounts | undefined): string {
  GO_DSN_RE.lastIndex = 0;
  return text.replace(GO_DSN_RE, (match: string, user: string, password: string) => {
    if (isPlaceholder(password)) return match;
    bump(counts, 'password');
    return `${user}:${redactionMarker('password')}@`;
  });
}
