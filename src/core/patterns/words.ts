import { hashWord, VAR, type WordLookup } from './mask.js';

/** Id of `<*>` in every word table. */
export const VAR_ID = 0;

const INITIAL_SLOTS = 1 << 15;

/**
 * Interns the masked words of templates as small integers, so that comparing a new shape with
 * candidate patterns compares numbers, not strings, and whether a word is plain is worked out once
 * per word. Words are found by their two hash lanes (`hashWord`), so the byte path can look a word
 * up without making a string (a 64-bit hash, as for shapes: a collision is not checked there).
 */
export class WordTable implements WordLookup {
  private words: string[] = [];
  // Sized for most runs' words at once: each growth replaces a field that V8's optimised code of
  // the callers depends on, and makes it compile them again.
  /** Per slot: lane1, lane2, id + 1 (0 when the slot is free), padding. */
  private slots = new Int32Array(4 * INITIAL_SLOTS);
  private readonly lanes = { lane1: 0, lane2: 0 };
  /** Per word id: 1 where the word is plain (see `isPlainWord`), else `ENDS_HEADER` or `KEYED` (see `wordKind`), else 0. */
  plain = new Uint8Array(INITIAL_SLOTS);

  constructor() {
    this.id(VAR);
  }

  /** Distinct words held. */
  get size(): number {
    return this.words.length;
  }

  find(lane1: number, lane2: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let slot = slotOf(lane1, lane2) & mask;
    for (;;) {
      const at = slot * 4;
      const stored = slots[at + 2]!;
      if (stored === 0) return -1;
      if (slots[at] === lane1 && slots[at + 1] === lane2) return stored - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of `word`, adding it if new. */
  id(word: string): number {
    const lanes = this.lanes;
    hashWord(word, lanes);
    const found = this.find(lanes.lane1, lanes.lane2);
    // Two words with one hash (never seen in practice): the second gets an id of its own, found only from strings.
    if (found !== -1 && this.words[found] === word) return found;
    const id = this.words.length;
    this.words.push(word);
    if (id === this.plain.length) {
      const grown = new Uint8Array(id * 2);
      grown.set(this.plain);
      this.plain = grown;
    }
    this.plain[id] = wordKind(word);
    if (found === -1) this.index(lanes.lane1, lanes.lane2, id);
    return id;
  }

  /** The word with id `id`. */
  word(id: number): string {
    return this.words[id]!;
  }

  /**
   * Forgets every word but those of `keep` (the live patterns' word ids, rewritten in place to
   * their new ids), so the table is bounded by patterns, not by the lines seen. Returns old id -> new id.
   */
  compact(keep: Iterable<Int32Array>): Int32Array {
    const remap = new Int32Array(this.words.length).fill(-1);
    const old = this.words;
    this.words = [];
    this.slots = new Int32Array(4 * INITIAL_SLOTS);
    this.id(VAR);
    remap[VAR_ID] = VAR_ID;
    for (const ids of keep) {
      for (let i = 0; i < ids.length; i++) {
        const was = ids[i]!;
        let now = remap[was]!;
        if (now === -1) remap[was] = now = this.id(old[was]!);
        ids[i] = now;
      }
    }
    return remap;
  }

  private index(lane1: number, lane2: number, id: number): void {
    // Kept at most half full, so probes stay short.
    if (2 * this.words.length > this.slots.length >> 2) this.grow();
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let slot = slotOf(lane1, lane2) & mask;
    while (slots[slot * 4 + 2] !== 0) slot = (slot + 1) & mask;
    slots[slot * 4] = lane1;
    slots[slot * 4 + 1] = lane2;
    slots[slot * 4 + 2] = id + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 2] !== 0) this.index(old[at]!, old[at + 1]!, old[at + 2]! - 1);
    }
  }
}

function slotOf(lane1: number, lane2: number): number {
  const h = Math.imul(lane1 ^ (lane2 >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 16);
}

/** `WordTable.plain` of a word that is not plain and ends in ":", as a header's last field does ("util.Utils:"). */
export const ENDS_HEADER = 2;

/** `WordTable.plain` of a word that is not plain and names a field ("user=<*>", "rhost=<*>"). */
export const KEYED = 3;

/** What `WordTable.plain` holds for `word`. */
export function wordKind(word: string): number {
  if (isPlainWord(word)) return 1;
  if (word.charCodeAt(word.length - 1) === 58) return ENDS_HEADER;
  return word.includes('=') ? KEYED : 0;
}

const MAX_LEVEL_LENGTH = 9;
const LEVELS = new Set(
  'TRACE DEBUG INFO NOTICE WARN WARNING ERROR ERR SEVERE CRITICAL CRIT FATAL ALERT EMERG EMERGENCY'
    .split(' ')
    .flatMap((l) => [l, l.toLowerCase(), l[0] + l.slice(1).toLowerCase()])
    // The one-letter levels of Android's logcat and similar, upper case only.
    .concat('V D I W E F'.split(' ')),
);

/** Letters only, ignoring punctuation around them, and not a log level. */
export function isPlainWord(word: string): boolean {
  let start = 0;
  let end = word.length;
  while (start < end && !isAlnum(word.charCodeAt(start))) start++;
  while (end > start && !isAlnum(word.charCodeAt(end - 1))) end--;
  if (start === end || word.includes(VAR)) return false;
  for (let i = start; i < end; i++) {
    const c = word.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  if (end - start > MAX_LEVEL_LENGTH) return true;
  return !LEVELS.has(start === 0 && end === word.length ? word : word.slice(start, end));
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c > 127;
}
