import { type RedactionCounts, bump, redactionMarker } from './kinds.js';

function isLocalChar(c: number): boolean {
  // A-Z a-z 0-9 . _ % + - '
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** SSH logins (`git@github.com`, `ec2-user@host`) name a machine account, not a person. */
const SYSTEM_USERS = new Set(['git', 'ec2-user', 'ubuntu', 'centos', 'root', 'hadoop', 'fedora', 'debian', 'azureuser', 'opc', 'bitnami', 'core']);

/** Host names that never receive mail: `user@ip-10-0-0-1.ec2.internal`. */
const HOST_DOMAIN_RE = /(?:\.amazonaws\.com|\.internal|\.local|\.localdomain|\.lan|\.home\.arpa)$/i;

/** Length of the domain at `from` (labels, a dot, an alphabetic TLD), or 0 when there is none. */
function domainLength(text: string, from: number): number {
  let end = from;
  // A domain is at most 255 characters: the bound keeps a megabyte of "a.a.a…" linear.
  const cap = Math.min(text.length, from + 255);
  while (end < cap && isDomainChar(text.charCodeAt(end))) end++;
  if (end === cap && cap < text.length && isDomainChar(text.charCodeAt(end))) return 0;
  // Trailing dots and dashes end the sentence, not the domain.
  while (end > from && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  let domain = text.slice(from, end);
  // Drop trailing labels that can't be a TLD: "a@b.com.0" is the address a@b.com and ".0".
  for (;;) {
    const dot = domain.lastIndexOf('.');
    if (dot <= 0) return 0;
    const tld = domain.length - dot - 1;
    let alpha = tld >= 2 && tld <= 24;
    for (let i = dot + 1; alpha && i < domain.length; i++) alpha = isAlpha(domain.charCodeAt(i));
    if (alpha) return domain.length;
    domain = domain.slice(0, dot);
  }
}

/**
 * Whether the text at `from` (just after `scheme://a@b.c`) still belongs to the URL's user info
 * (`:pw@host` or `@host`), making a@b.c an e-mail used as the user name. Looks at most 256 characters.
 */
function isUserInfo(text: string, from: number): boolean {
  const c = text.charCodeAt(from);
  if (c === 64) return true;
  if (c !== 58) return false;
  const cap = Math.min(text.length, from + 256);
  for (let i = from + 1; i < cap; i++) {
    const d = text.charCodeAt(i);
    if (d === 64) return true;
    if (d === 47 || d === 32 || d === 9 || d === 10 || d === 34 || d === 39) return false;
  }
  return false;
}

/**
 * Masks e-mail addresses, also percent-encoded ones (`john%40example.com` in a
 * URL user name). `git@github.com` is an SSH address, not a person, and `user@host`
 * right after `://` is a URL user name with a host, so both stay.
 * Driven by indexOf('@'): each character is looked at a bounded number of times.
 */
export function redactEmails(text: string, counts: RedactionCounts | undefined): string {
  let at = text.indexOf('@');
  const hasEncoded = text.indexOf('%40') !== -1;
  if (at === -1 && !hasEncoded) return text;
  let out = '';
  let last = 0;
  let floor = 0;
  const handle = (sepStart: number, sepLength: number): number => {
    // The local part is at most 64 characters and never reaches back past the previous @ or %40.
    const low = Math.max(last, floor, sepStart - 64);
    floor = sepStart + sepLength;
    let start = sepStart;
    while (start > low && isLocalChar(text.charCodeAt(start - 1))) start--;
    // The local part can't start with a dot; a leading %40 would be an encoded @.
    while (start < sepStart && text.charCodeAt(start) === 46) start++;
    if (start === sepStart) return sepStart + sepLength;
    const local = text.slice(start, sepStart);
    if (SYSTEM_USERS.has(local)) return sepStart + sepLength;
    const dl = domainLength(text, sepStart + sepLength);
    if (dl === 0) return sepStart + sepLength;
    if (start >= 3 && text.startsWith('://', start - 3) && sepLength === 1 && !isUserInfo(text, sepStart + 1 + dl)) {
      return sepStart + sepLength;
    }
    if (HOST_DOMAIN_RE.test(text.slice(sepStart + sepLength, sepStart + sepLength + dl))) return sepStart + sepLength + dl;
    out += text.slice(last, start) + redactionMarker('email');
    last = sepStart + sepLength + dl;
    bump(counts, 'email');
    return last;
  };
  // Walk '@' and '%40' in text order; cache each next position so neither is searched twice.
  let pos = 0;
  let nextEncoded = hasEncoded ? text.indexOf('%40') : -1;
  while (at !== -1 || nextEncoded !== -1) {
    if (nextEncoded !== -1 && (at === -1 || nextEncoded < at)) pos = handle(nextEncoded, 3);
    else pos = handle(at, 1);
    if (at !== -1 && at < pos) at = text.indexOf('@', pos);
    if (nextEncoded !== -1 && nextEncoded < pos) nextEncoded = text.indexOf('%40', pos);
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

