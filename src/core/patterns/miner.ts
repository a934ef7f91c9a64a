import { patternId } from './hash.js';
import { detach, LineMasker, VAR } from './mask.js';
import { ShapeCache } from './shape-cache.js';
import { ENDS_HEADER, KEYED, VAR_ID, WordTable, wordKind } from './words.js';

/** Tuning knobs; the defaults are the one configuration scored on every Loghub dataset. */
export interface PatternMinerOptions {
  /** Patterns kept; past this the least recently seen are evicted. Default 5,000. */
  maxPatterns?: number;
  /** Characters of a line used for mining; the rest is ignored (not rejected). Default 4,096. */
  maxLineLength?: number;
  /** Examples kept per pattern. Default 3. */
  maxExamples?: number;
  /** Characters kept per example. Default 1,024. */
  maxExampleLength?: number;
  /** Cuts an over-long example to `max` characters; default a plain slice (the CLI redacts before cutting). */
  cutExample?: (line: string, max: number) => string;
  /** Share of informative words two shapes must agree on to share a pattern, 0..1. */
  similarity?: number;
  /** Remember evicted and merged patterns so `resolve()` still answers for them (for per-line labels; memory grows with them). */
  keepRetired?: boolean;
  /** Buckets of each pattern's timeline. Default 32. */
  timelineBuckets?: number;
}

/** Which pattern a line belongs to, as of the time it was added. */
export interface PatternMatch {
  /** 12 hex chars, a hash of the template: equal templates have equal ids on every run. */
  id: string;
  template: string;
  /** Run-local handle for `resolve()`, which gives the pattern's final id once mining is done. */
  index: number;
}

/** What is known about one pattern. */
export interface PatternStats {
  id: string;
  pattern: string;
  count: number;
  /** Epoch ms, when lines carried timestamps. */
  firstSeen?: number;
  lastSeen?: number;
  example: string;
  examples: string[];
  /** Occurrences per time bucket (see `PatternMiner.timeBuckets()`), when timestamps are known. */
  timeline?: number[];
}

interface Cluster {
  index: number;
  words: string[];
  /** `words` as ids of the miner's word table. */
  ids: Int32Array;
  glues: string[];
  /** `templateKey(ids)`, its key in the template index. */
  key: number;
  /** `skeletonKey()` of its words, its key in the skeleton index (NO_SKELETON: too few plain words). */
  skeleton: number;
  count: number;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  touched: number;
  examples: string[];
  match: PatternMatch;
  timeline: Uint32Array | undefined;
  /** False once evicted or merged into another pattern. */
  alive: boolean;
}

/**
 * Streaming pattern miner in the Drain family: lines are masked in one pass, identical masked
 * shapes hit a hash map (the hot path), and a new shape joins the most similar pattern with the
 * same number of words, which is generalised to <*> where they differ.
 */
export class PatternMiner {
  private readonly masker: LineMasker;
  private readonly maxPatterns: number;
  private readonly maxExamples: number;
  private readonly maxExampleLength: number;
  private readonly cutExample: ((line: string, max: number) => string) | undefined;
  private readonly similarity: number;
  private readonly keepRetired: boolean;
  private readonly buckets: number;
  private readonly live = new Map<number, Cluster>();
  private readonly byLength = new Map<number, LengthBucket>();
  private readonly byTemplate = new TemplateIndex();
  /** One pattern per skeleton (its plain words in order), for lines whose length differs. */
  private readonly bySkeleton = new Map<number, Cluster>();
  private readonly shapes = new ShapeCache<Cluster>();
  private readonly redirects = new Map<number, number>();
  private readonly retired = new Map<number, PatternMatch>();
  private readonly table = new WordTable();
  private tableLimit = MIN_TABLE_LIMIT;
  private readonly scratchIds: Int32Array;
  private readonly scratchPipes: Uint8Array;
  private nextIndex = 0;
  private tick = 0;
  private lines = 0;
  private t0: number | undefined;
  private tLast: number | undefined;
  private bucketMs = 1000;

  constructor(options: PatternMinerOptions = {}) {
    const maxLineLength = options.maxLineLength ?? 4096;
    this.masker = new LineMasker(maxLineLength);
    // Room for the most words a line can have: one per two chars, plus a <*> for a cut-off tail.
    this.scratchIds = new Int32Array((maxLineLength >> 1) + 2);
    this.scratchPipes = new Uint8Array(this.scratchIds.length);
    this.maxPatterns = Math.max(1, options.maxPatterns ?? 5000);
    this.maxExamples = Math.max(1, options.maxExamples ?? 3);
    this.maxExampleLength = options.maxExampleLength ?? 1024;
    this.cutExample = options.cutExample;
    this.similarity = options.similarity ?? 0.72;
    this.keepRetired = options.keepRetired ?? false;
    this.buckets = Math.max(1, options.timelineBuckets ?? 32);
  }

  /** Adds one line (and its epoch-ms timestamp, when known) and returns its pattern. */
  add(line: string, timestamp?: number): PatternMatch {
    this.tick++;
    this.lines++;
    const masker = this.masker;
    masker.key(line);
    let cluster = this.shapes.get(masker.key1, masker.key2);
    if (cluster === undefined || !cluster.alive) {
      const key1 = masker.key1;
      const key2 = masker.key2;
      cluster = this.place(line);
      this.shapes.set(key1, key2, cluster);
    }
    cluster.count++;
    cluster.touched = this.tick;
    if (cluster.examples.length < this.maxExamples) this.addExample(cluster, line);
    if (timestamp !== undefined && Number.isFinite(timestamp)) this.stamp(cluster, timestamp);
    return cluster.match;
  }

  /**
   * `add()` for the line in buf[start, end) (UTF-8, no newline), for readers that never decode
   * lines: an ASCII line whose shape was seen before costs no string at all.
   */
  addBytes(buf: Uint8Array, start: number, end: number, timestamp?: number): PatternMatch {
    const masker = this.masker;
    if (!masker.keyBytes(buf, start, end)) return this.add(decoder.decode(buf.subarray(start, end)), timestamp);
    this.tick++;
    this.lines++;
    let cluster = this.shapes.get(masker.key1, masker.key2);
    if (cluster === undefined || !cluster.alive) {
      const key1 = masker.key1;
      const key2 = masker.key2;
      cluster = this.placeBytes(buf, start, end);
      this.shapes.set(key1, key2, cluster);
    }
    cluster.count++;
    cluster.touched = this.tick;
    if (cluster.examples.length < this.maxExamples) {
      this.addExample(cluster, decoder.decode(buf.subarray(start, Math.min(end, start + 4 * this.maxExampleLength))));
    }
    if (timestamp !== undefined && Number.isFinite(timestamp)) this.stamp(cluster, timestamp);
    return cluster.match;
  }

  /** The final pattern of a line, from the `index` that `add()` returned. */
  resolve(index: number): PatternMatch | undefined {
    let current = index;
    for (let hops = 0; hops < 1000; hops++) {
      const cluster = this.live.get(current);
      if (cluster) return cluster.match;
      const next = this.redirects.get(current);
      if (next === undefined) return this.retired.get(current);
      current = next;
    }
    return undefined;
  }

  /** Every pattern kept, most frequent first (ties by id, so the order is stable). */
  patterns(): PatternStats[] {
    const out: PatternStats[] = [];
    const used = this.t0 === undefined || this.tLast === undefined ? 0 : this.bucketOf(this.tLast) + 1;
    for (const c of this.live.values()) {
      const stats: PatternStats = {
        id: c.match.id,
        pattern: c.match.template,
        count: c.count,
        example: c.examples[0] ?? '',
        examples: [...c.examples],
      };
      if (c.firstSeen !== undefined) stats.firstSeen = c.firstSeen;
      if (c.lastSeen !== undefined) stats.lastSeen = c.lastSeen;
      if (used > 0) stats.timeline = c.timeline ? Array.from(c.timeline.subarray(0, used)) : new Array<number>(used).fill(0);
      out.push(stats);
    }
    return out.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Start (epoch ms) and width of the timeline buckets, when any line had a timestamp. */
  timeBuckets(): { start: number; bucketMs: number } | undefined {
    return this.t0 === undefined ? undefined : { start: this.t0, bucketMs: this.bucketMs };
  }

  /** Lines added so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** The pattern of a new shape, from the bytes of an ASCII line: only words new to the table become strings. */
  private placeBytes(buf: Uint8Array, start: number, end: number): Cluster {
    if (this.table.size > this.tableLimit) this.compactTable();
    const n = this.masker.wordIds(buf, start, end, this.table, this.scratchIds, this.scratchPipes);
    if (n === -1) return this.place(decoder.decode(buf.subarray(start, end)));
    return this.placeIds(this.scratchIds.slice(0, n), undefined);
  }

  /** The pattern of a new shape. */
  private place(line: string): Cluster {
    if (this.table.size > this.tableLimit) this.compactTable();
    const { words, glues } = this.masker.mask(line);
    const table = this.table;
    const ids = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) ids[i] = table.id(words[i]!);
    return this.placeIds(ids, glues);
  }

  /** `glues` undefined: they are in `scratchPipes`, as `wordIds()` left them. */
  private placeIds(ids: Int32Array, glues: string[] | undefined): Cluster {
    const key = templateKey(ids);
    const exact = this.byTemplate.get(ids, key);
    if (exact) return exact;
    const bucket = this.byLength.get(ids.length);
    let best: Cluster | undefined;
    let bestScore = -1;
    if (bucket) {
      const plain = this.table.plain;
      for (const candidate of bucket.candidates(ids, plain)) {
        const score = similarityOfIds(candidate.ids, ids, plain);
        if (score > bestScore || (score === bestScore && best !== undefined && candidate.count > best.count)) {
          best = candidate;
          bestScore = score;
        }
      }
    }
    if (best && bestScore >= this.similarity) return this.generalise(best, ids);
    return this.sameSkeleton(ids) ?? this.create(ids, glues, key);
  }

  /**
   * A pattern of another word count with exactly the plain words of `ids`, in order: the same event
   * with a header or variable field of another length ("chrome.exe *64 -", "bytes (1.16 KB) sent").
   * The line joins it as it is; templates of different lengths are not widened into each other.
   */
  private sameSkeleton(ids: Int32Array): Cluster | undefined {
    const plain = this.table.plain;
    const key = skeletonKey(ids, plain);
    if (key === NO_SKELETON) return undefined;
    const cluster = this.bySkeleton.get(key);
    if (cluster === undefined || cluster.ids.length === ids.length || !sameSkeleton(cluster.ids, ids, plain)) return undefined;
    return cluster;
  }

  private create(ids: Int32Array, glueList: string[] | undefined, key: number): Cluster {
    if (this.live.size >= this.maxPatterns) this.evict();
    const index = this.nextIndex++;
    const words = Array.from(ids, (id) => this.table.word(id));
    const glues = glueList ?? Array.from(this.scratchPipes.subarray(1, ids.length), (pipe) => (pipe === 1 ? '|' : ' '));
    const cluster: Cluster = {
      index,
      words,
      ids,
      glues,
      key,
      skeleton: skeletonKey(ids, this.table.plain),
      count: 0,
      firstSeen: undefined,
      lastSeen: undefined,
      touched: this.tick,
      examples: [],
      match: { id: patternId(words), template: render(words, glues), index },
      timeline: undefined,
      alive: true,
    };
    this.live.set(index, cluster);
    this.byTemplate.set(cluster);
    this.indexSkeleton(cluster);
    let bucket = this.byLength.get(words.length);
    if (!bucket) this.byLength.set(words.length, (bucket = new LengthBucket(words.length)));
    bucket.add(cluster, this.table.plain);
    return cluster;
  }

  /** Widens a pattern to cover the words `ids`; if it becomes equal to another pattern, the two merge. */
  private generalise(cluster: Cluster, ids: Int32Array): Cluster {
    const own = cluster.ids;
    let changed = false;
    for (let i = 0; i < ids.length; i++) {
      if (own[i] !== ids[i] && own[i] !== VAR_ID) {
        changed = true;
        break;
      }
    }
    if (!changed) return cluster;
    const plain = this.table.plain;
    const bucket = this.byLength.get(ids.length)!;
    bucket.remove(cluster, plain);
    for (let i = 0; i < ids.length; i++) {
      if (own[i] !== ids[i]) {
        own[i] = VAR_ID;
        cluster.words[i] = VAR;
      }
    }
    bucket.add(cluster, plain);
    this.unindexSkeleton(cluster);
    cluster.skeleton = skeletonKey(own, plain);
    this.indexSkeleton(cluster);
    this.byTemplate.delete(cluster);
    cluster.key = templateKey(own);
    const twin = this.byTemplate.get(own, cluster.key);
    if (twin) {
      this.absorb(twin, cluster);
      return twin;
    }
    this.byTemplate.set(cluster);
    cluster.match = { id: patternId(cluster.words), template: render(cluster.words, cluster.glues), index: cluster.index };
    // A wider template may now cover a pattern that was created before it widened: fold it in,
    // so the result depends less on the order lines arrive in.
    for (const other of bucket.candidates(own, plain)) {
      if (other !== cluster && similarityOfIds(own, other.ids, plain) >= this.similarity) {
        const merged = this.generalise(cluster, other.ids);
        if (merged !== cluster) return merged;
        if (this.live.has(other.index)) this.absorb(cluster, other);
        return cluster;
      }
    }
    return cluster;
  }

  private indexSkeleton(cluster: Cluster): void {
    if (cluster.skeleton !== NO_SKELETON && !this.bySkeleton.has(cluster.skeleton)) this.bySkeleton.set(cluster.skeleton, cluster);
  }

  private unindexSkeleton(cluster: Cluster): void {
    if (this.bySkeleton.get(cluster.skeleton) === cluster) this.bySkeleton.delete(cluster.skeleton);
  }

  private absorb(into: Cluster, from: Cluster): void {
    into.count += from.count;
    into.touched = Math.max(into.touched, from.touched);
    if (from.firstSeen !== undefined && (into.firstSeen === undefined || from.firstSeen < into.firstSeen)) into.firstSeen = from.firstSeen;
    if (from.lastSeen !== undefined && (into.lastSeen === undefined || from.lastSeen > into.lastSeen)) into.lastSeen = from.lastSeen;
    for (const example of from.examples) if (into.examples.length < this.maxExamples) into.examples.push(example);
    if (from.timeline) {
      if (!into.timeline) into.timeline = new Uint32Array(this.buckets);
      for (let i = 0; i < this.buckets; i++) into.timeline[i]! += from.timeline[i]!;
    }
    this.drop(from);
    // Only per-line labels need to follow a merge; a long-running miner must not remember them all.
    if (this.keepRetired) this.redirects.set(from.index, into.index);
  }

  private drop(cluster: Cluster): void {
    cluster.alive = false;
    this.live.delete(cluster.index);
    this.byTemplate.delete(cluster);
    this.unindexSkeleton(cluster);
    const bucket = this.byLength.get(cluster.words.length);
    if (bucket) {
      bucket.remove(cluster, this.table.plain);
      if (bucket.size === 0) this.byLength.delete(cluster.words.length);
    }
  }

  /** Drops the words of patterns no longer kept, so the word table is bounded by patterns, not lines. */
  private compactTable(): void {
    const live = [...this.live.values()];
    const remap = this.table.compact(live.map((c) => c.ids));
    for (const bucket of this.byLength.values()) bucket.rekey(remap);
    this.byTemplate.clear();
    this.bySkeleton.clear();
    for (const c of live) {
      c.key = templateKey(c.ids);
      this.byTemplate.set(c);
      c.skeleton = skeletonKey(c.ids, this.table.plain);
      this.indexSkeleton(c);
    }
    this.tableLimit = Math.max(MIN_TABLE_LIMIT, 2 * this.table.size);
  }

  /** Evicts the least recently seen tenth at once, so eviction costs O(1) per line amortised. */
  private evict(): void {
    const order = [...this.live.values()].sort((a, b) => a.touched - b.touched);
    const n = Math.max(1, Math.ceil(this.maxPatterns / 10));
    for (const cluster of order.slice(0, n)) {
      this.drop(cluster);
      if (this.keepRetired) this.retired.set(cluster.index, cluster.match);
    }
  }

  private addExample(cluster: Cluster, line: string): void {
    const max = this.maxExampleLength;
    const example = detach(line.length > max ? (this.cutExample?.(line, max) ?? line.slice(0, max)) : line);
    if (!cluster.examples.includes(example)) cluster.examples.push(example);
  }

  private stamp(cluster: Cluster, t: number): void {
    if (cluster.firstSeen === undefined || t < cluster.firstSeen) cluster.firstSeen = t;
    if (cluster.lastSeen === undefined || t > cluster.lastSeen) cluster.lastSeen = t;
    if (this.t0 === undefined) this.t0 = t;
    if (this.tLast === undefined || t > this.tLast) this.tLast = t;
    let bucket = this.bucketOf(t);
    while (bucket >= this.buckets) {
      this.widenBuckets();
      bucket = this.bucketOf(t);
    }
    if (!cluster.timeline) cluster.timeline = new Uint32Array(this.buckets);
    cluster.timeline[bucket]!++;
  }

  private bucketOf(t: number): number {
    // Lines older than the first timestamp land in the first bucket.
    return Math.max(0, Math.floor((t - (this.t0 ?? t)) / this.bucketMs));
  }

  private widenBuckets(): void {
    this.bucketMs *= 2;
    for (const c of this.live.values()) {
      const tl = c.timeline;
      if (!tl) continue;
      for (let i = 0; i < this.buckets; i++) tl[i] = (2 * i < this.buckets ? tl[2 * i]! : 0) + (2 * i + 1 < this.buckets ? tl[2 * i + 1]! : 0);
    }
  }
}

const decoder = new TextDecoder();
/** Words the table may hold before the words of forgotten patterns are dropped (it doubles past live words). */
const MIN_TABLE_LIMIT = 1 << 16;

/**
 * The patterns with one word count, indexed by the plain word at each position: two different
 * plain words never share a pattern, so one position with a rare plain word rules out most patterns.
 */
class LengthBucket {
  private readonly all = new Set<Cluster>();
  private byWord: Map<number, Set<Cluster>>[] = [];
  private readonly loose: Set<Cluster>[] = [];

  constructor(length: number) {
    for (let i = 0; i < length; i++) {
      this.byWord.push(new Map());
      this.loose.push(new Set());
    }
  }

  get size(): number {
    return this.all.size;
  }

  add(cluster: Cluster, plain: Uint8Array): void {
    this.all.add(cluster);
    const ids = cluster.ids;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (plain[id] === 1) {
        let set = this.byWord[i]!.get(id);
        if (!set) this.byWord[i]!.set(id, (set = new Set()));
        set.add(cluster);
      } else this.loose[i]!.add(cluster);
    }
  }

  remove(cluster: Cluster, plain: Uint8Array): void {
    this.all.delete(cluster);
    const ids = cluster.ids;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (plain[id] === 1) {
        const set = this.byWord[i]!.get(id);
        set?.delete(cluster);
        if (set?.size === 0) this.byWord[i]!.delete(id);
      } else this.loose[i]!.delete(cluster);
    }
  }

  /** Follows the word table's compaction: every plain word indexed here belongs to a kept pattern. */
  rekey(remap: Int32Array): void {
    this.byWord = this.byWord.map((map) => {
      const next = new Map<number, Set<Cluster>>();
      for (const [id, set] of map) next.set(remap[id]!, set);
      return next;
    });
  }

  /**
   * The patterns that may accept the words `ids`: a superset of those with similarity >= 0, drawn
   * from the position whose plain word rules out the most patterns and filtered on the runner-up.
   */
  candidates(ids: Int32Array, plain: Uint8Array): Cluster[] {
    let best = -1;
    let bestSize = this.all.size;
    let second = -1;
    let secondSize = Infinity;
    for (let i = 0; i < ids.length; i++) {
      if (plain[ids[i]!] !== 1) continue;
      const size = (this.byWord[i]!.get(ids[i]!)?.size ?? 0) + this.loose[i]!.size;
      if (size < bestSize) {
        second = best;
        secondSize = bestSize;
        best = i;
        bestSize = size;
      } else if (size < secondSize) {
        second = i;
        secondSize = size;
      }
    }
    const out: Cluster[] = [];
    if (best === -1) {
      for (const c of this.all) out.push(c);
      return out;
    }
    const same = this.byWord[best]!.get(ids[best]!);
    if (same) filterInto(same, second, ids, plain, out);
    filterInto(this.loose[best]!, second, ids, plain, out);
    return out;
  }
}

/** Appends the patterns of `group` that agree with `ids` at position `at` (-1: all of them). */
function filterInto(group: Set<Cluster>, at: number, ids: Int32Array, plain: Uint8Array, out: Cluster[]): void {
  if (at === -1) {
    for (const c of group) out.push(c);
    return;
  }
  const word = ids[at]!;
  for (const c of group) {
    // A different plain word at the runner-up position rules the pattern out too.
    const other = c.ids[at]!;
    if (other === word || plain[other] !== 1) out.push(c);
  }
}

/**
 * Share of informative positions on which a pattern accepts a shape, or -1 when they cannot
 * share a pattern. Positions variable in both say nothing (masked timestamps and pids would
 * otherwise make every header look alike). Two different plain words ("GET"/"POST",
 * "started"/"stopped") are what tells templates apart, so they never merge; identifiers
 * (host, class and file names) and log levels may.
 */
export function similarity(template: readonly string[], words: readonly string[]): number {
  // Word ids local to this call: equal words get equal ids, <*> gets VAR_ID.
  const local = new Map<string, number>([[VAR, VAR_ID]]);
  const plain: number[] = [0];
  const ids = (list: readonly string[]): Int32Array =>
    Int32Array.from(list, (word) => {
      let id = local.get(word);
      if (id === undefined) {
        local.set(word, (id = plain.length));
        plain.push(wordKind(word));
      }
      return id;
    });
  const t = ids(template);
  const w = ids(words);
  return similarityOfIds(t, w, Uint8Array.from(plain));
}

/** `similarity()` on word ids, with `plain` from their word table: the form the miner runs. */
function similarityOfIds(template: Int32Array, words: Int32Array, plain: Uint8Array): number {
  let agree = 0;
  let total = 0;
  for (let i = headerLength(template, words, plain); i < words.length; i++) {
    const t = template[i]!;
    const w = words[i]!;
    if (t === w) {
      if (t === VAR_ID) continue;
      agree++;
    } else if (t === VAR_ID) {
      // A word where the pattern has widened counts against it, as in Drain: otherwise a
      // pattern that has widened a few times swallows everything of its length.
    } else if (w === VAR_ID) {
      // An identifier (host, class name) where other lines have a masked value is one more value.
      if (plain[t] !== 1) agree++;
    } else if (plain[t] === 1 && plain[w] === 1) {
      return -1;
    }
    total++;
  }
  return total === 0 ? 1 : agree / total;
}

/** Fewer plain words than this say too little about an event to match it across word counts. */
const MIN_SKELETON_WORDS = 2;
const NO_SKELETON = -1;

/**
 * A 53-bit hash of the skeleton of `ids`: its plain words and field names ("user=<*>") in order,
 * or NO_SKELETON when it has too few plain words. A field that is there or not tells events apart.
 */
function skeletonKey(ids: Int32Array, plain: Uint8Array): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x3c6ef372;
  let n = 0;
  let last = -1;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    // A word repeated a varying number of times ("<ok> <ok> <ok>") is one variable-length field.
    if (!inSkeleton(plain[id]!) || id === last) continue;
    last = id;
    if (plain[id] === 1) n++;
    a = Math.imul(a ^ id, 0x01000193);
    b = Math.imul(b ^ id, 0x5bd1e995);
  }
  if (n < MIN_SKELETON_WORDS) return NO_SKELETON;
  b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d) ^ n;
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

function inSkeleton(kind: number): boolean {
  return kind === 1 || kind === KEYED;
}

/** Whether `a` and `b` have the same skeleton (what equal skeleton keys claim). */
function sameSkeleton(a: Int32Array, b: Int32Array, plain: Uint8Array): boolean {
  let i = 0;
  let j = 0;
  let last = -1;
  for (;;) {
    while (i < a.length && (!inSkeleton(plain[a[i]!]!) || a[i] === last)) i++;
    while (j < b.length && (!inSkeleton(plain[b[j]!]!) || b[j] === last)) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a[i] !== b[j]) return false;
    last = a[i]!;
    i++;
    j++;
  }
}

/**
 * How many leading words of two shapes are both header, which says nothing about the event: a run
 * of words that are not plain (timestamps, hosts, pids, levels, components, [bracketed] contexts)
 * up to the first plain word, or through the first word ending in ":" ("sshd[<*>]:", "util.Utils:").
 * Lines of one event from two components or request contexts then meet at any threshold. A shape
 * with no plain word at all is all header; then nothing is skipped.
 */
function headerLength(template: Int32Array, words: Int32Array, plain: Uint8Array): number {
  for (let i = 0; i < words.length; i++) {
    const t = plain[template[i]!]!;
    const w = plain[words[i]!]!;
    if (t === 1 || w === 1) return i;
    if (t === ENDS_HEADER || w === ENDS_HEADER) return i + 1 < words.length ? i + 1 : 0;
  }
  return 0;
}

/**
 * Patterns by their exact template, under a 53-bit hash of its word ids that a hit checks. Two
 * templates with one hash (never seen in practice) only cost the exact-match shortcut for one of them.
 */
class TemplateIndex {
  private readonly map = new Map<number, Cluster>();

  get(ids: Int32Array, key: number): Cluster | undefined {
    const cluster = this.map.get(key);
    return cluster !== undefined && sameIds(cluster.ids, ids) ? cluster : undefined;
  }

  set(cluster: Cluster): void {
    this.map.set(cluster.key, cluster);
  }

  delete(cluster: Cluster): void {
    if (this.map.get(cluster.key) === cluster) this.map.delete(cluster.key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** A 53-bit hash of word ids (exact as a JS number). */
function templateKey(ids: Int32Array): number {
  let a = 0x811c9dc5 | 0;
  let b = 0x3c6ef372;
  for (let i = 0; i < ids.length; i++) {
    a = Math.imul(a ^ ids[i]!, 0x01000193);
    b = Math.imul(b ^ ids[i]!, 0x5bd1e995);
  }
  b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d) ^ ids.length;
  return (a >>> 0) * 0x200000 + (b >>> 11);
}

function sameIds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function render(words: readonly string[], glues: readonly string[]): string {
  let out = words[0] ?? '';
  for (let i = 1; i < words.length; i++) out += (glues[i - 1] ?? ' ') + words[i];
  return out;
}
