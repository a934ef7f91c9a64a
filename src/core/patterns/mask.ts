/** The placeholder for a variable part of a line. */
export const VAR = '<*>';

/** The single template every line of binary junk falls into. */
export const BINARY = '<binary>';

// Character classes. One table lookup per char is what keeps masking near 100M chars/s.
const OTHER = 0;
const WS = 1;
const SEP = 2; // splits words like whitespace: "a|b|c" headers
const DIGIT = 3;
const SLASH = 4;
const BSLASH = 5;
const CTRL = 6;
// Delimiters: they split a word into segments and stay in the template.
const DELIM = 7;
const JOIN = 8; // between two variable segments, folded into one <*> ("10.0.0.1:80", "1,2,3")
const QUOTE = 9;
const EQ = 10;

const CLASS = new Uint8Array(128);
for (let c = 0; c < 32; c++) CLASS[c] = CTRL;
CLASS[127] = CTRL;
for (const ch of ' \t\n\v\f\r') CLASS[ch.charCodeAt(0)] = WS;
CLASS['|'.charCodeAt(0)] = SEP;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
CLASS['/'.charCodeAt(0)] = SLASH;
CLASS['\\'.charCodeAt(0)] = BSLASH;
for (const ch of '()[]{}<>;') CLASS[ch.charCodeAt(0)] = DELIM;
for (const ch of ':,@') CLASS[ch.charCodeAt(0)] = JOIN;
for (const ch of '"\'`') CLASS[ch.charCodeAt(0)] = QUOTE;
CLASS['='.charCodeAt(0)] = EQ;

// Bytes: one lookup covers "not ASCII" too, which the byte path hands back to the string path.
const NON_ASCII = 255;
const BYTE_CLASS = new Uint8Array(256).fill(NON_ASCII);
BYTE_CLASS.set(CLASS);

/**
 * "user" or "User" or "USER" (the four chars of a 4-char word): what follows names someone, a
 * variable even without digits. Callers check the length first, so no char past the line is read
 * (an out-of-bounds read would make V8 drop the optimised code of the hot loop).
 */
function isUserWord(c0: number, c1: number, c2: number, c3: number): boolean {
  return (c0 | 32) === 117 && (c1 | 32) === 115 && (c2 | 32) === 101 && (c3 | 32) === 114;
}

function highClass(c: number): number {
  // C1 controls and U+FFFD (what invalid UTF-8 decodes to) are junk; other non-ASCII is text.
  if (c < 0xa0) return CTRL;
  if (c === 0xfffd) return CTRL;
  if (c === 0xa0 || c === 0x3000) return WS;
  return OTHER;
}

const P1 = 0x01000193;
const P2 = 0x5bd1e995;
const SEED1 = 0x811c9dc5 | 0;
const SEED2 = 0x2f6b8e3d;
const MARK_VAR = 1;
const MARK_WORD = 32;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MAX_GROUP = 256;

/**
 * A copy of `s` that shares no memory with the string it was sliced from. V8 keeps a slice's
 * parent alive, so a kept 100-char line could otherwise hold on to a 1 MB read chunk.
 */
export function detach(s: string): string {
  // Concatenation makes a cons string; slicing it flattens it into fresh memory.
  return (' ' + s).slice(1);
}

/** The word ids of masked words: `find` by their two hash lanes (see `hashWord`), -1 when unknown; `id` adds one. */
export interface WordLookup {
  find(lane1: number, lane2: number): number;
  id(word: string): number;
}

const W1 = 0x811c9dc5 | 0;
const W2 = 0x3c6ef372;
const LT = 60;
const STAR = 42;
const GT = 62;

/** The two 32-bit hash lanes of a masked word, as `wordIds()` computes them from bytes. */
export function hashWord(word: string, out: { lane1: number; lane2: number }): void {
  let w1 = W1;
  let w2 = W2;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    w1 = Math.imul(w1 ^ c, P1);
    w2 = Math.imul(w2 ^ c, P2);
  }
  out.lane1 = w1;
  out.lane2 = w2;
}

/** The ASCII text of buf[start, end). */
function latin1(buf: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
}

// Month and weekday names, abbreviated or spelt out ("Jun", "June", "JUN", "Fri"): a date is a
// variable however it is written, or every month and weekday would split a pattern.
const DATE_FORMS = [
  'january jan', 'february feb', 'march mar', 'april apr', 'may', 'june jun', 'july jul', 'august aug',
  'september sep sept', 'october oct', 'november nov', 'december dec',
  'monday mon', 'tuesday tue tues', 'wednesday wed', 'thursday thu thur thurs', 'friday fri', 'saturday sat', 'sunday sun',
].flatMap((forms) => forms.split(' '));
/** Per first three letters (lower case, a = 0): 1 + the index in DATE_BY_PREFIX of the forms starting so. */
const DATE_PREFIX = new Uint8Array(26 * 26 * 26);
const DATE_BY_PREFIX: string[][] = [];
for (const form of DATE_FORMS) {
  const at = (form.charCodeAt(0) - 97) * 676 + (form.charCodeAt(1) - 97) * 26 + (form.charCodeAt(2) - 97);
  if (DATE_PREFIX[at] === 0) DATE_PREFIX[at] = DATE_BY_PREFIX.push([]);
  DATE_BY_PREFIX[DATE_PREFIX[at]! - 1]!.push(form);
}

/** Units that follow a number ("5.2 KB", "<1 sec", "160 ms"): part of the value, as variable as it. */
const UNITS = new Set('B kB KB MB GB TB PB KiB MiB GiB TiB ms us ns s sec secs'.split(' ').map((u) => unitCode(0, u.length, (k) => u.charCodeAt(k))));

/** Up to four ASCII letters as one number, so a unit is looked up without making a string. */
function unitCode(start: number, end: number, charAt: (k: number) => number): number {
  let code = 0;
  for (let k = start; k < end; k++) code = code * 128 + (charAt(k) & 127);
  return code;
}

/**
 * Whether chars [start, end) of a line, read by `at`, are a month or weekday name: capitalised
 * ("Jun", "June") or upper case ("JUN"). Called for every letters-only segment, so most return at the first char.
 */
function isDateName(c0: number, c1: number, c2: number, len: number): number {
  if (len < 3 || len > 9 || c0 < 65 || c0 > 90) return 0;
  const l1 = c1 | 32;
  const l2 = c2 | 32;
  if (l1 < 97 || l1 > 122 || l2 < 97 || l2 > 122 || (c1 < 97) !== (c2 < 97)) return 0;
  return DATE_PREFIX[(c0 - 65) * 676 + (l1 - 97) * 26 + (l2 - 97)]!;
}

/** The rest of a date name after its first three letters: chars [start + 3, end) in the case of char start + 1. */
function dateRestMatches(forms: readonly string[], len: number, charAt: (k: number) => number, start: number): boolean {
  const upper = charAt(start + 1) < 97;
  for (const form of forms) {
    if (form.length !== len) continue;
    let k = 3;
    for (; k < len; k++) {
      const c = charAt(start + k);
      if ((upper ? c + 32 : c) !== form.charCodeAt(k)) break;
    }
    if (k === len) return true;
  }
  return false;
}

function isDateNameInLine(line: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 3) return false;
  const slot = isDateName(line.charCodeAt(start), line.charCodeAt(start + 1), line.charCodeAt(start + 2), len);
  if (slot === 0) return false;
  return len === 3 ? DATE_BY_PREFIX[slot - 1]!.some((f) => f.length === 3) : dateRestMatches(DATE_BY_PREFIX[slot - 1]!, len, (k) => line.charCodeAt(k), start);
}

function isDateNameInBytes(buf: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  if (len < 3) return false;
  const slot = isDateName(buf[start]!, buf[start + 1]!, buf[start + 2]!, len);
  if (slot === 0) return false;
  return len === 3 ? DATE_BY_PREFIX[slot - 1]!.some((f) => f.length === 3) : dateRestMatches(DATE_BY_PREFIX[slot - 1]!, len, (k) => buf[k]!, start);
}

function isUnitInLine(line: string, start: number, end: number): boolean {
  if (end - start > 4) return false;
  let code = 0;
  for (let k = start; k < end; k++) {
    const c = line.charCodeAt(k);
    if (c >= 128) return false;
    code = code * 128 + c;
  }
  return UNITS.has(code);
}

function isUnitInBytes(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start > 4) return false;
  let code = 0;
  for (let k = start; k < end; k++) code = code * 128 + buf[k]!;
  return UNITS.has(code);
}

/**
 * The closing quote of a quoted value after "=" that holds whitespace (tag="View Lock"), or -1:
 * such a value is one word and one variable, so its word count cannot split a pattern.
 */
function quotedGroupEndInLine(line: string, open: number, end: number): number {
  const close = line.indexOf(line[open]!, open + 1);
  if (close === -1 || close >= end || close - open > MAX_GROUP) return -1;
  for (let k = open + 1; k < close; k++) if (CLASS[line.charCodeAt(k) & 127] === WS) return close;
  return -1;
}

function quotedGroupEndInBytes(buf: Uint8Array, open: number, end: number): number {
  let space = false;
  for (let k = open + 1; k < end && k - open <= MAX_GROUP; k++) {
    const b = buf[k]!;
    if (b === buf[open]) return space ? k : -1;
    if (CLASS[b & 127] === WS) space = true;
  }
  return -1;
}

/** A line's masked shape: its words with variable parts as <*>, and the separator before each word. */
export interface MaskedLine {
  words: string[];
  /** glues[i] separates words[i] from words[i + 1]: " " or "|". */
  glues: string[];
}

/**
 * Masks variable parts of log lines in one pass over the characters, with no regular expressions.
 * `key()` hashes the masked shape without building it (the hot path); `mask()` builds it.
 * Both walk the same code, so equal keys mean equal shapes (up to a 64-bit hash collision).
 */
export class LineMasker {
  /** Words of the last `mask()`. */
  private words: string[] = [];
  private glues: string[] = [];

  constructor(private readonly maxLineLength = 4096) {}

  /** First half of the last `key()`; `key2` is the second. */
  key1 = 0;
  key2 = 0;

  /** Hashes the masked shape of `line` into `key1` and `key2` (64 bits, no allocation). */
  key(line: string): void {
    this.scan(line, false);
  }

  /** The masked shape of `line`. */
  mask(line: string): MaskedLine {
    return this.maskAfter(line, false);
  }

  /** `mask()` of text that follows a word ending in a variable (`afterVar`), as `wordIds()` masks one word of a line. */
  private maskAfter(line: string, afterVar: boolean): MaskedLine {
    this.words = [];
    this.glues = [];
    // Words are slices of the line; a detached line keeps them from pinning the reader's chunk.
    this.scan(detach(line), true, afterVar);
    return { words: this.words, glues: this.glues };
  }

  private scan(line: string, collect: boolean, afterVar = false): void {
    let end = line.length;
    let truncated = false;
    if (end > this.maxLineLength) {
      // Cut at a word boundary so the cut word cannot make two shapes out of one.
      truncated = true;
      end = this.maxLineLength;
      while (end > 0 && CLASS[line.charCodeAt(end) & 127] !== WS) end--;
      if (end === 0) end = this.maxLineLength;
    }
    let h1 = SEED1;
    let h2 = SEED2;
    let n = 0;
    let junk = 0;
    let pipe = false;
    let userNext = false;
    // The word before ended in a variable: a unit word now ("5.2 KB") is part of that value.
    let prevEndsVar = afterVar;
    let i = 0;
    let c = 0;
    let cls = 0;
    while (i < end) {
      c = line.charCodeAt(i);
      cls = c < 128 ? CLASS[c]! : highClass(c);
      if (cls === WS || cls === SEP) {
        if (cls === SEP) pipe = true;
        i++;
        continue;
      }
      if (n > 0) {
        h1 = Math.imul(h1 ^ MARK_WORD, P1);
        h2 = Math.imul(h2 ^ h1, P2);
        if (collect) this.glues.push(pipe ? '|' : ' ');
      }
      pipe = false;
      n++;
      if (userNext) {
        // The word after "user" is a user name, plain word or not: one <*>.
        userNext = false;
        prevEndsVar = false;
        while (i < end) {
          c = line.charCodeAt(i);
          cls = c < 128 ? CLASS[c]! : highClass(c);
          if (cls === WS || cls === SEP) break;
          if (cls === CTRL) junk++;
          i++;
        }
        h1 = Math.imul(h1 ^ MARK_VAR, P1);
        h2 = Math.imul(h2 ^ h1, P2);
        if (collect) this.words.push(VAR);
        continue;
      }
      const wordStart = i;
      // The masked word, built only once it stops being a verbatim slice of the line (most words never do).
      let word = '';
      let built = false;
      let lastVar = false;
      let joinOnly = true;
      let hv1 = 0;
      let hv2 = 0;
      let wordLenAtVar = 0;
      let segStart = i;
      let s1 = h1;
      let s2 = h2;
      let digit = false;
      let slashes = 0;
      let leadSlash = false;
      let special = false; // backslash or control char
      let beforeCls = OTHER;
      let beforeCode = 0;
      // A [bracketed group] with spaces is one word: thread names and request contexts in
      // headers ("[main]", "[IPC Server handler 3 on 9000]") would otherwise shift every word after them.
      let groupEnd = -1;
      let quoteOpen = -1;
      if (c === OPEN_BRACKET) {
        const close = line.indexOf(']', i + 1);
        if (close !== -1 && close < end && close - i <= MAX_GROUP) {
          const nested = line.indexOf('[', i + 1);
          if (nested === -1 || nested > close) groupEnd = close;
        }
      }
      for (;;) {
        let atEnd = i >= end;
        if (!atEnd) {
          c = line.charCodeAt(i);
          cls = c < 128 ? CLASS[c]! : highClass(c);
          if (cls === WS || cls === SEP) {
            if (i < groupEnd) {
              if (collect && !built) {
                word = line.slice(wordStart, segStart);
                built = true;
              }
              while (i + 1 < groupEnd && CLASS[line.charCodeAt(i + 1) & 127] === WS) i++;
              c = 32;
              cls = JOIN;
            } else atEnd = true;
          }
        }
        if (atEnd || cls >= DELIM) {
          if (i > segStart) {
            const isVar =
              digit ||
              special ||
              slashes >= 2 ||
              (leadSlash && i - segStart > 1) ||
              beforeCls === EQ ||
              (beforeCls === QUOTE && !atEnd && c === beforeCode) ||
              (quoteOpen !== -1 && segStart > quoteOpen && i <= groupEnd) ||
              (segStart === wordStart && prevEndsVar && isUnitInLine(line, segStart, i)) ||
              (i - segStart >= 3 && i - segStart <= 9 && isDateNameInLine(line, segStart, i));
            if (isVar) {
              if (collect && !built) {
                word = line.slice(wordStart, segStart);
                built = true;
              }
              if (lastVar && joinOnly) {
                h1 = hv1;
                h2 = hv2;
                if (collect) word = word.slice(0, wordLenAtVar);
              } else {
                h1 = Math.imul(s1 ^ MARK_VAR, P1);
                h2 = Math.imul(s2 ^ h1, P2);
                if (collect) word += VAR;
              }
              hv1 = h1;
              hv2 = h2;
              lastVar = true;
              joinOnly = true;
              if (collect) wordLenAtVar = word.length;
            } else {
              // The second hash folds in the first once per segment, not once per char.
              h2 = Math.imul(h2 ^ h1, P2);
              lastVar = false;
              if (collect && built) word += line.slice(segStart, i);
            }
          }
          if (atEnd) break;
          if (cls === QUOTE && beforeCls === EQ && i === segStart && groupEnd < i) {
            groupEnd = quotedGroupEndInLine(line, i, end);
            if (groupEnd !== -1) quoteOpen = i;
          }
          h1 = Math.imul(h1 ^ c, P1);
          if (collect && built) word += c === 32 ? ' ' : line[i];
          if (cls !== JOIN) joinOnly = false;
          beforeCls = cls;
          beforeCode = c;
          i++;
          segStart = i;
          s1 = h1;
          s2 = h2;
          digit = false;
          slashes = 0;
          leadSlash = false;
          special = false;
          continue;
        }
        if (cls !== OTHER) {
          if (cls === DIGIT) {
            // The segment is variable: its hash will be rewound, so skip to its end unhashed.
            digit = true;
            i++;
            while (i < end) {
              c = line.charCodeAt(i);
              cls = c < 128 ? CLASS[c]! : highClass(c);
              if (cls >= DELIM || cls === WS || cls === SEP) break;
              if (cls === CTRL) junk++;
              i++;
            }
            continue;
          }
          if (cls === SLASH) {
            slashes++;
            if (i === segStart) leadSlash = true;
          } else {
            special = true;
            if (cls === CTRL) junk++;
          }
        }
        h1 = Math.imul(h1 ^ c, P1);
        i++;
        // Runs of ordinary chars are most of a line: hash them in a tight loop.
        while (i < end) {
          c = line.charCodeAt(i);
          if (c >= 128 || CLASS[c] !== OTHER) break;
          h1 = Math.imul(h1 ^ c, P1);
          i++;
        }
      }
      if (collect) this.words.push(built ? word : line.slice(wordStart, i));
      prevEndsVar = lastVar;
      userNext =
        i - wordStart === 4 &&
        isUserWord(line.charCodeAt(wordStart), line.charCodeAt(wordStart + 1), line.charCodeAt(wordStart + 2), line.charCodeAt(wordStart + 3));
    }
    // Mostly control chars or invalid UTF-8: binary junk, one shape for all of it.
    if (junk > 0 && junk * 8 >= end) {
      if (collect) {
        this.words = [BINARY];
        this.glues = [];
      }
      this.key1 = 1;
      this.key2 = 1;
      return;
    }
    if (truncated) {
      h1 = Math.imul(Math.imul(h1 ^ MARK_WORD, P1) ^ MARK_VAR, P1);
      h2 = Math.imul(h2 ^ h1, P2);
      if (collect) {
        if (n > 0) this.glues.push(' ');
        this.words.push(VAR);
      }
    }
    this.key1 = h1 | 0;
    this.key2 = Math.imul(h2 ^ h1, P2) | 0;
  }

  /**
   * `key()` over the bytes buf[start, end) of an ASCII line, for readers that never decode
   * lines to strings. Returns false, with no key, when it meets a non-ASCII byte: such lines
   * must go through `key()`. On ASCII it walks the same states as `scan`, so both give equal keys.
   */
  keyBytes(buf: Uint8Array, start: number, stop: number): boolean {
    let end = stop;
    let truncated = false;
    if (end - start > this.maxLineLength) {
      truncated = true;
      end = start + this.maxLineLength;
      while (end > start && CLASS[buf[end]! & 127] !== WS) {
        if (buf[end]! >= 128) return false;
        end--;
      }
      if (end === start) end = start + this.maxLineLength;
    }
    let h1 = SEED1;
    let h2 = SEED2;
    let n = 0;
    let junk = 0;
    let userNext = false;
    // The word before ended in a variable: a unit word now ("5.2 KB") is part of that value.
    let prevEndsVar = false;
    let i = start;
    let c = 0;
    let cls = 0;
    while (i < end) {
      c = buf[i]!;
      cls = BYTE_CLASS[c]!;
      if (cls === NON_ASCII) return false;
      if (cls === WS || cls === SEP) {
        i++;
        continue;
      }
      if (n > 0) {
        h1 = Math.imul(h1 ^ MARK_WORD, P1);
        h2 = Math.imul(h2 ^ h1, P2);
      }
      n++;
      if (userNext) {
        userNext = false;
        prevEndsVar = false;
        while (i < end) {
          c = buf[i]!;
          cls = BYTE_CLASS[c]!;
          if (cls === NON_ASCII) return false;
          if (cls === WS || cls === SEP) break;
          if (cls === CTRL) junk++;
          i++;
        }
        h1 = Math.imul(h1 ^ MARK_VAR, P1);
        h2 = Math.imul(h2 ^ h1, P2);
        continue;
      }
      const wordStart = i;
      let lastVar = false;
      let joinOnly = true;
      let hv1 = 0;
      let hv2 = 0;
      let segStart = i;
      let s1 = h1;
      let s2 = h2;
      let digit = false;
      let slashes = 0;
      let leadSlash = false;
      let special = false;
      let beforeCls = OTHER;
      let beforeCode = 0;
      let groupEnd = -1;
      let quoteOpen = -1;
      if (c === OPEN_BRACKET) {
        for (let j = i + 1; j < end && j - i <= MAX_GROUP; j++) {
          const b = buf[j];
          if (b === CLOSE_BRACKET) {
            groupEnd = j;
            break;
          }
          if (b === OPEN_BRACKET) break;
        }
      }
      for (;;) {
        let atEnd = i >= end;
        if (!atEnd) {
          c = buf[i]!;
          cls = BYTE_CLASS[c]!;
          if (cls === NON_ASCII) return false;
          if (cls === WS || cls === SEP) {
            if (i < groupEnd) {
              while (i + 1 < groupEnd && CLASS[buf[i + 1]! & 127] === WS) i++;
              c = 32;
              cls = JOIN;
            } else atEnd = true;
          }
        }
        if (atEnd || cls >= DELIM) {
          if (i > segStart) {
            const isVar =
              digit ||
              special ||
              slashes >= 2 ||
              (leadSlash && i - segStart > 1) ||
              beforeCls === EQ ||
              (beforeCls === QUOTE && !atEnd && c === beforeCode) ||
              (quoteOpen !== -1 && segStart > quoteOpen && i <= groupEnd) ||
              (segStart === wordStart && prevEndsVar && isUnitInBytes(buf, segStart, i)) ||
              (i - segStart >= 3 && i - segStart <= 9 && isDateNameInBytes(buf, segStart, i));
            if (isVar) {
              if (lastVar && joinOnly) {
                h1 = hv1;
                h2 = hv2;
              } else {
                h1 = Math.imul(s1 ^ MARK_VAR, P1);
                h2 = Math.imul(s2 ^ h1, P2);
              }
              hv1 = h1;
              hv2 = h2;
              lastVar = true;
              joinOnly = true;
            } else {
              h2 = Math.imul(h2 ^ h1, P2);
              lastVar = false;
            }
          }
          if (atEnd) break;
          if (cls === QUOTE && beforeCls === EQ && i === segStart && groupEnd < i) {
            groupEnd = quotedGroupEndInBytes(buf, i, end);
            if (groupEnd !== -1) quoteOpen = i;
          }
          h1 = Math.imul(h1 ^ c, P1);
          if (cls !== JOIN) joinOnly = false;
          beforeCls = cls;
          beforeCode = c;
          i++;
          segStart = i;
          s1 = h1;
          s2 = h2;
          digit = false;
          slashes = 0;
          leadSlash = false;
          special = false;
          continue;
        }
        if (cls !== OTHER) {
          if (cls === DIGIT) {
            digit = true;
            i++;
            while (i < end) {
              c = buf[i]!;
              cls = BYTE_CLASS[c]!;
              // A non-ASCII byte ends the run here and is refused by the loop above.
              if (cls >= DELIM || cls === WS || cls === SEP) break;
              if (cls === CTRL) junk++;
              i++;
            }
            continue;
          }
          if (cls === SLASH) {
            slashes++;
            if (i === segStart) leadSlash = true;
          } else {
            special = true;
            if (cls === CTRL) junk++;
          }
        }
        h1 = Math.imul(h1 ^ c, P1);
        i++;
        while (i < end) {
          c = buf[i]!;
          if (BYTE_CLASS[c] !== OTHER) break;
          h1 = Math.imul(h1 ^ c, P1);
          i++;
        }
      }
      prevEndsVar = lastVar;
      userNext = i - wordStart === 4 && isUserWord(buf[wordStart]!, buf[wordStart + 1]!, buf[wordStart + 2]!, buf[wordStart + 3]!);
    }
    // A non-ASCII byte in the cut-off tail does not matter: the string path ignores it too.
    if (junk > 0 && junk * 8 >= end - start) {
      this.key1 = 1;
      this.key2 = 1;
      return true;
    }
    if (truncated) {
      h1 = Math.imul(Math.imul(h1 ^ MARK_WORD, P1) ^ MARK_VAR, P1);
      h2 = Math.imul(h2 ^ h1, P2);
    }
    this.key1 = h1 | 0;
    this.key2 = Math.imul(h2 ^ h1, P2) | 0;
    return true;
  }

  /**
   * The masked words of the ASCII line buf[start, end) as ids from `table`, written to `ids`
   * (and 1 in `pipes[k]` when word k follows a "|"): how the miner places a new shape. Only a word
   * the table does not know yet is made into a string (and added). Returns the word count, or -1
   * when the line is not ASCII or has a new word with control chars (then the caller masks the
   * decoded line with `mask()`). It walks the same states as `keyBytes`, hashing each masked word
   * as `hashWord` hashes its text.
   */
  wordIds(buf: Uint8Array, start: number, stop: number, table: WordLookup, ids: Int32Array, pipes: Uint8Array): number {
    let end = stop;
    let truncated = false;
    if (end - start > this.maxLineLength) {
      truncated = true;
      end = start + this.maxLineLength;
      while (end > start && CLASS[buf[end]! & 127] !== WS) {
        if (buf[end]! >= 128) return -1;
        end--;
      }
      if (end === start) end = start + this.maxLineLength;
    }
    const varId = table.id(VAR);
    let n = 0;
    let junk = 0;
    let pipe = false;
    let userNext = false;
    // The word before ended in a variable: a unit word now ("5.2 KB") is part of that value.
    let prevEndsVar = false;
    let i = start;
    let c = 0;
    let cls = 0;
    while (i < end) {
      c = buf[i]!;
      cls = BYTE_CLASS[c]!;
      if (cls === NON_ASCII) return -1;
      if (cls === WS || cls === SEP) {
        if (cls === SEP) pipe = true;
        i++;
        continue;
      }
      pipes[n] = pipe ? 1 : 0;
      pipe = false;
      if (userNext) {
        userNext = false;
        prevEndsVar = false;
        while (i < end) {
          c = buf[i]!;
          cls = BYTE_CLASS[c]!;
          if (cls === NON_ASCII) return -1;
          if (cls === WS || cls === SEP) break;
          if (cls === CTRL) junk++;
          i++;
        }
        ids[n++] = varId;
        continue;
      }
      const wordStart = i;
      const junkBefore = junk;
      let w1 = W1;
      let w2 = W2;
      let lastVar = false;
      let joinOnly = true;
      let hv1 = 0;
      let hv2 = 0;
      let segStart = i;
      let s1 = w1;
      let s2 = w2;
      let digit = false;
      let slashes = 0;
      let leadSlash = false;
      let special = false;
      let beforeCls = OTHER;
      let beforeCode = 0;
      let groupEnd = -1;
      let quoteOpen = -1;
      if (c === OPEN_BRACKET) {
        for (let j = i + 1; j < end && j - i <= MAX_GROUP; j++) {
          const b = buf[j];
          if (b === CLOSE_BRACKET) {
            groupEnd = j;
            break;
          }
          if (b === OPEN_BRACKET) break;
        }
      }
      for (;;) {
        let atEnd = i >= end;
        if (!atEnd) {
          c = buf[i]!;
          cls = BYTE_CLASS[c]!;
          if (cls === NON_ASCII) return -1;
          if (cls === WS || cls === SEP) {
            if (i < groupEnd) {
              while (i + 1 < groupEnd && CLASS[buf[i + 1]! & 127] === WS) i++;
              c = 32;
              cls = JOIN;
            } else atEnd = true;
          }
        }
        if (atEnd || cls >= DELIM) {
          if (i > segStart) {
            const isVar =
              digit ||
              special ||
              slashes >= 2 ||
              (leadSlash && i - segStart > 1) ||
              beforeCls === EQ ||
              (beforeCls === QUOTE && !atEnd && c === beforeCode) ||
              (quoteOpen !== -1 && segStart > quoteOpen && i <= groupEnd) ||
              (segStart === wordStart && prevEndsVar && isUnitInBytes(buf, segStart, i)) ||
              (i - segStart >= 3 && i - segStart <= 9 && isDateNameInBytes(buf, segStart, i));
            if (isVar) {
              if (lastVar && joinOnly) {
                w1 = hv1;
                w2 = hv2;
              } else {
                // The lanes of the segment's start, then of "<*>".
                w1 = Math.imul(Math.imul(Math.imul(s1 ^ LT, P1) ^ STAR, P1) ^ GT, P1);
                w2 = Math.imul(Math.imul(Math.imul(s2 ^ LT, P2) ^ STAR, P2) ^ GT, P2);
              }
              hv1 = w1;
              hv2 = w2;
              lastVar = true;
              joinOnly = true;
            } else lastVar = false;
          }
          if (atEnd) break;
          if (cls === QUOTE && beforeCls === EQ && i === segStart && groupEnd < i) {
            groupEnd = quotedGroupEndInBytes(buf, i, end);
            if (groupEnd !== -1) quoteOpen = i;
          }
          w1 = Math.imul(w1 ^ c, P1);
          w2 = Math.imul(w2 ^ c, P2);
          if (cls !== JOIN) joinOnly = false;
          beforeCls = cls;
          beforeCode = c;
          i++;
          segStart = i;
          s1 = w1;
          s2 = w2;
          digit = false;
          slashes = 0;
          leadSlash = false;
          special = false;
          continue;
        }
        if (cls === DIGIT) {
          digit = true;
          i++;
          while (i < end) {
            c = buf[i]!;
            cls = BYTE_CLASS[c]!;
            if (cls >= DELIM || cls === WS || cls === SEP) break;
            if (cls === CTRL) junk++;
            i++;
          }
          continue;
        }
        if (cls === SLASH) {
          slashes++;
          if (i === segStart) leadSlash = true;
        } else if (cls !== OTHER) {
          special = true;
          if (cls === CTRL) junk++;
        }
        w1 = Math.imul(w1 ^ c, P1);
        w2 = Math.imul(w2 ^ c, P2);
        i++;
      }
      let id = table.find(w1, w2);
      if (id === -1) {
        // Masked on its own, a word masks as it does in its line, unless junk made the line <binary>.
        if (junk > junkBefore) return -1;
        const words = this.maskAfter(latin1(buf, wordStart, i), prevEndsVar).words;
        if (words.length !== 1) return -1;
        id = table.id(words[0]!);
      }
      ids[n++] = id;
      prevEndsVar = lastVar;
      userNext = i - wordStart === 4 && isUserWord(buf[wordStart]!, buf[wordStart + 1]!, buf[wordStart + 2]!, buf[wordStart + 3]!);
    }
    if (junk > 0 && junk * 8 >= end - start) {
      pipes[0] = 0;
      ids[0] = table.id(BINARY);
      return 1;
    }
    if (truncated) {
      pipes[n] = 0;
      ids[n++] = varId;
    }
    return n;
  }
}
