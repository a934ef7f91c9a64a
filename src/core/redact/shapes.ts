import { type RedactionCounts, bump, redactionMarker } from './kinds.js';
import { BIGRAM, type TokenMatch, isAwsSessionToken, matchAzureSecret, matchPrefixedToken, matchTelegramToken } from './formats.js';
import { luhnValid } from './personal.js';

// Character classes by table: a regex character-class loop over every position is several times slower.
const BASE64 = 1;
const DIGIT = 2;
const WORD = 4;
const ALNUM = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const digit = c >= 48 && c <= 57;
  if (alpha || digit || c === 43 || c === 47) CLASS[c] = CLASS[c]! | BASE64;
  if (digit) CLASS[c] = CLASS[c]! | DIGIT;
  if (alpha || digit || c === 95) CLASS[c] = CLASS[c]! | WORD;
  if (alpha || digit) CLASS[c] = CLASS[c]! | ALNUM;
}

/** Class bits of the character at `i`; 0 past the end (charCodeAt's NaN there would deoptimise the loop). */
function clsAt(text: string, i: number): number {
  if (i >= text.length || i < 0) return 0;
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
}

/**
 * An AWS secret access key is 40 base64 characters with no prefix; it is told
 * apart from words, one-case hex hashes and paths by its mix of cases and digits.
 */
function looksLikeAwsSecret(text: string, start: number, end: number): boolean {
  let upper = false;
  let lower = false;
  let digit = false;
  let slashes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
    else if (c === 47) slashes++;
  }
  if (!upper || !lower || !digit || slashes > 2) return false;
  return text.charCodeAt(start) !== 47 && text.charCodeAt(end - 1) !== 47;
}

/**
 * The base64 of a DER private key starts the same way in every tool's output: PKCS#1 RSA (MIIEpAIBAAK…),
 * PKCS#8 plain and encrypted with PBES2 (MIIEvQIBADAN…, MIIFHDBOBgkqhkiG9w0BBQ0w…), SEC1 EC (MHcCAQEE…), Ed25519 PKCS#8 and
 * OpenSSH (b3BlbnNzaC1rZXktdjE). Certificates (…CCA…gAwIBAgI) and public keys (…IjANBg…) start otherwise.
 */
const DER_PRIVATE_KEY_RE =
  /(?:MII[A-Za-z0-9+/]{3}(?:IBAA[IJK]|IBADAN|B[OA]BgkqhkiG9w0BBQ0w)|MHcCAQEE|MIGkAgEBBD|MIG[EH]AgEAMBMGByqGSM49|MC4CAQAwBQYDK2Vw|b3BlbnNzaC1rZXktdjE)/y;

function isDerPrivateKey(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (c !== 77 && c !== 98) return false;
  DER_PRIVATE_KEY_RE.lastIndex = start;
  return DER_PRIVATE_KEY_RE.test(text);
}

/** Neighbours that make a 40-character run part of something else: key=, base64 padding, snake or kebab ids. */
function gluesRun(c: number): boolean {
  return c === 61 || c === 95 || c === 45;
}

/** Before the run only snake or kebab glue counts: `=` there starts a value. */
function gluesBefore(c: number): boolean {
  return c === 95 || c === 45;
}

/**
 * End of a number starting at `start` and its digit count, packed as
 * end * 32 + min(digits, 31) to avoid an allocation per number. Only a first
 * group of 4 digits continues into groups of up to 6 digits split by one space
 * or one dash (4111 1111 1111 1111); a longer group is a number of its own.
 */
function digitRun(text: string, start: number): number {
  let i = start;
  let digits = 0;
  for (;;) {
    while (i < text.length && clsAt(text, i) & DIGIT) {
      i++;
      digits++;
    }
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c === 32 || c === 45) && clsAt(text, i + 1) & DIGIT && (i - start === 4 || digits !== i - start)) {
      // Card groups are 3 to 6 digits: a longer number after the separator stands alone.
      let g = i + 1;
      while (g < text.length && g - i <= 7 && clsAt(text, g) & DIGIT) g++;
      if (g - i - 1 <= 6) {
        i++;
        continue;
      }
    }
    return i * 32 + Math.min(digits, 31);
  }
}

/** Group lengths of a grouped number, or undefined when it mixes separators. */
function groupsOf(text: string, start: number, end: number): number[] | undefined {
  const groups: number[] = [];
  let sep = 0;
  let g = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 45) {
      if (sep !== 0 && sep !== c) return undefined;
      sep = c;
      groups.push(i - g);
      g = i + 1;
    }
  }
  groups.push(end - g);
  return groups;
}

function isCardNumber(text: string, start: number, end: number, digits: number): boolean {
  if (digits < 13 || digits > 19) return false;
  const first = text.charCodeAt(start);
  if (first === 48) return false;
  // Words and hex hashes around the run make it something else, and so does a decimal point before it (0.4111…).
  if (clsAt(text, end) & WORD) return false;
  if (start >= 2 && text.charCodeAt(start - 1) === 46 && clsAt(text, start - 2) & DIGIT) return false;
  if (end - start === digits) {
    // Epoch milli-, micro- and nanoseconds: 13, 16 and 19 digits starting with 1.
    if (first === 49 && (digits === 13 || digits === 16 || digits === 19)) return false;
  } else {
    // 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3…
    const groups = groupsOf(text, start, end);
    if (!groups || groups[0] !== 4) return false;
    for (let k = 1; k < groups.length; k++) if (groups[k]! < 3 || groups[k]! > 6) return false;
  }
  let plain = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 45) plain += text[i];
  }
  return luhnValid(plain);
}

/** Output built so far by `redactTokens`. */
interface Masked {
  out: string;
  last: number;
  counts: RedactionCounts | undefined;
}

function mask(found: Masked, text: string, m: TokenMatch): number {
  found.out += text.slice(found.last, m.maskFrom) + redactionMarker(m.kind);
  found.last = m.end;
  bump(found.counts, m.kind);
  return m.end;
}

/** A token starting at `i`, a word start, when its first two characters allow one. */
function tokenAt(text: string, i: number): TokenMatch | undefined {
  const c = text.charCodeAt(i);
  const n = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  return c < 128 && n < 128 && BIGRAM[c * 128 + n] === 1 ? matchPrefixedToken(text, i) : undefined;
}

/**
 * End of the card number in the grouped or plain number [start, end), or -1.
 * A card followed by one more short number ("4111 1111 1111 1111 2") is still a
 * card; a run that goes on in groups of four is an id.
 */
function cardEndIn(text: string, start: number, end: number, digits: number): number {
  if (isCardNumber(text, start, end, digits)) return end;
  if (end - start === digits) return -1;
  let e = end;
  while (e > start) {
    let g = e;
    while (g > start && clsAt(text, g - 1) & DIGIT) g--;
    const group = e - g;
    const sep = g - 1;
    if (sep <= start) return -1;
    if (group === 4 && e === end) return -1;
    let d = 0;
    for (let k = start; k < sep; k++) if (clsAt(text, k) & DIGIT) d++;
    if (d < 13) return -1;
    if (isCardNumber(text, start, sep, d)) return sep;
    e = sep;
  }
  return -1;
}

/**
 * Masks every secret recognised by its own shape, in one pass over the text:
 * prefixed tokens (AKIA…, ghp_…, sk-…, JWTs…) where a word starts with a known
 * two-character prefix, AWS secret access keys (40 base64 characters), STS
 * session tokens, Azure AD secrets, Telegram bot tokens and payment card numbers
 * (13–19 digits passing Luhn). Cheap table lookups decide where a regex is tried at all.
 */
export function redactTokens(text: string, counts: RedactionCounts | undefined): string {
  const len = text.length;
  // No closures here: captured variables would move `text` into a heap context and slow the loop.
  const found: Masked = { out: '', last: 0, counts };
  let runStart = -1;
  let prev = 0;
  // One flat loop with a class table: nested loops and regexes over every position measured slower.
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 32;
    const bits = c < 128 ? CLASS[c]! : 0;
    if (bits & BASE64) {
      // A word starts at a run start not glued to "_", or after + and / inside a run (paths, URLs).
      if (
        bits & WORD &&
        (runStart === -1 ? i === 0 || text.charCodeAt(i - 1) !== 95 : prev === 43 || prev === 47) &&
        i + 1 < len
      ) {
        const n = text.charCodeAt(i + 1);
        if (n < 128 && BIGRAM[c * 128 + n] === 1) {
          const m = matchPrefixedToken(text, i);
          if (m) {
            i = mask(found, text, m) - 1;
            runStart = -1;
            prev = 0;
            continue;
          }
        }
      }
      if (runStart === -1) runStart = i;
      prev = c;
      continue;
    }
    prev = c;
    if (runStart === -1) continue;
    // The run is [start, i); `c` is the character after it.
    const start = runStart;
    runStart = -1;
    const n = i - start;
    if (n < 4) continue;
    if (c === 126 && text.charCodeAt(i - 1) === 81) {
      // "Q~" of an Azure AD client secret.
      const m = n >= 5 ? matchAzureSecret(text, i - 5) : undefined;
      if (m && m.maskFrom >= found.last) {
        i = mask(found, text, m) - 1;
        continue;
      }
    } else if (c === 58 && text.startsWith('AA', i + 1)) {
      const m = matchTelegramToken(text, i);
      if (m) {
        i = mask(found, text, m) - 1;
        continue;
      }
    }
    if (n === 40) {
      if (!gluesRun(c) && (start === 0 || !gluesBefore(text.charCodeAt(start - 1))) && looksLikeAwsSecret(text, start, i)) {
        mask(found, text, { kind: 'aws_secret', maskFrom: start, end: i });
      }
    } else if (n >= 28) {
      if (isDerPrivateKey(text, start) && !(clsAt(text, start - 1) & WORD)) {
        let end = i;
        while (end < len && text.charCodeAt(end) === 61) end++;
        i = mask(found, text, { kind: 'private_key', maskFrom: start, end }) - 1;
      } else if (isAwsSessionToken(text, start, i) && !(clsAt(text, start - 1) & WORD)) {
        let end = i;
        while (end < len && text.charCodeAt(end) === 61) end++;
        i = mask(found, text, { kind: 'aws_session_token', maskFrom: start, end }) - 1;
      }
    } else if (n >= 13 ? n <= 19 : (c === 32 || c === 45) && clsAt(text, i + 1) & DIGIT) {
      // Maybe a card: a whole number, alone or in groups, not glued to a word.
      if (!(clsAt(text, start) & DIGIT) || clsAt(text, start - 1) & WORD) continue;
      const packed = digitRun(text, start);
      const end = Math.floor(packed / 32);
      if (end < i) continue; // letters inside the run: not a number
      const cardEnd = cardEndIn(text, start, end, packed % 32);
      if (cardEnd !== -1) mask(found, text, { kind: 'card', maskFrom: start, end: cardEnd });
      // Skip the rest of the number: a tail of a long id is not a card either.
      i = end - 1;
    }
  }
  return found.last === 0 ? text : found.out + text.slice(found.last);
}
