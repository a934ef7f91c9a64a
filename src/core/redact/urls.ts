import { isPlaceholder } from './keys.js';
import { type RedactionCounts, bump, redactionMarker } from './kinds.js';

function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** Ends the authority part of a URL: / ? # whitespace, quotes and brackets. */
function endsAuthority(c: number): boolean {
  return (
    c === 47 || c === 63 || c === 35 || c <= 32 || c === 34 || c === 39 || c === 96 || c === 60 || c === 62 || c === 127
  );
}

/**
 * Masks the password in `scheme://user:password@host` URLs and DSNs
 * (postgres, mongodb+srv, redis with an empty user, amqp…), keeping user and host.
 * Driven by indexOf so a long run of scheme-like letters never rescans.
 */
export function redactUrlPasswords(text: string, counts: RedactionCounts | undefined): string {
  let at = text.indexOf('://');
  if (at === -1) return redactAtForms(text, counts);
  let out = '';
  let last = 0;
  while (at !== -1) {
    const schemeStart = at - 1;
    if (schemeStart >= 0 && isSchemeChar(text.charCodeAt(schemeStart))) {
      const start = at + 3;
      let end = start;
      let lastAt = -1;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (endsAuthority(c)) break;
        if (c === 64) lastAt = end;
        end++;
      }
      if (lastAt !== -1) {
        const colon = text.indexOf(':', start);
        if (colon !== -1 && colon < lastAt) {
          const password = text.slice(colon + 1, lastAt);
          // ${PGPASSWORD}, %s, **** are placeholders, not passwords.
          if (!isPlaceholder(password)) {
            out += text.slice(last, colon + 1) + redactionMarker('password');
            last = lastAt;
            bump(counts, 'password');
          }
        }
      }
      at = text.indexOf('://', Math.max(end, at + 3));
    } else {
      at = text.indexOf('://', at + 3);
    }
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
