import type { Category } from '../taxonomy.js';
import { requiredLiterals } from './literal.js';
import { DATABASE_CLIENT_HINT, HTTP_TARGET } from './hints.js';
import type { KnowledgeEntry, Pattern } from './types.js';

/** A candidate entry and where its best evidence sits in the event. */
export interface Match {
  entry: KnowledgeEntry;
  category: Category;
  /** priority adjusted for where the evidence sits (root cause, stack frame, context). */
  score: number;
  /** The full line holding the evidence. */
  line: string;
}

/** An entry with its matchers prepared once, at module load. */
interface CompiledEntry {
  entry: KnowledgeEntry;
  match: CompiledPattern[];
  requires: CompiledPattern[];
  unless: CompiledPattern[];
  whenContext: CompiledPattern[];
}

/** `literals`: every match contains one of them (checked in `lower` when `folded`, else in `text`). */
type CompiledPattern = { kind: 'text'; needle: string } | { kind: 're'; re: RegExp; literals?: string[]; folded: boolean };

/** The event prepared for matching: lowered once, with line offsets and the root-cause span. */
interface Prepared {
  /** What the matchers see: redaction kinds blanked out. */
  text: string;
  /** What evidence is cut from: the event as logged (unescaped), same offsets as `text`. */
  original: string;
  lower: string;
  lineStarts: number[];
  rootStart: number;
  rootEnd: number;
  hasRoot: boolean;
}

/** Evidence in the deepest cause (`Caused by:`, `[cause]:`, the first of a Python chain) beats the wrapper. */
const ROOT_BONUS = 12;
/** A phrase found only inside a stack frame (a file path, a method name) is weak evidence. */
const FRAME_PENALTY = 30;
/** A property dump line (`code: 'ECONNREFUSED'`) is weaker evidence than the message line saying the same. */
const PROPERTY_PENALTY = 3;
const PROPERTY_LINE = /^\s*[\w$]+: ['"\d[{-]/;
/** Only the first few occurrences of a phrase are scored, keeping the cost linear in the text. */
const MAX_OCCURRENCES = 16;

const FRAME_LINE =
  /^\s*(?:at\s|File "|\.\.\.\s*\d+\s+more|\d+:\s+0x[0-9a-f]+|[\w./-]+\.(?:go|py|java|kt|js|mjs|cjs|ts|rb):\d+|[\w.$]+\(.*\)\s*$)/;

/** An upper-case code such as EACCES or ER_DUP_ENTRY; a trailing `_` makes it a prefix (ERR_SSL_). */
const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

/**
 * Phrases match case-insensitively; upper-case codes match case-sensitively as
 * whole words, or `EACCES` would hit "ResourceAccessException" and `ENOTFOUND`
 * "FileNotFoundError".
 */
function compilePattern(p: Pattern): CompiledPattern {
  if (typeof p === 'string') {
    if (ERROR_CODE.test(p)) return { kind: 're', re: new RegExp(p.endsWith('_') ? `\\b${p}\\w*` : `\\b${p}\\b`, 'g'), literals: [p], folded: false };
    return { kind: 'text', needle: p.toLowerCase() };
  }
  const flags = p.flags.includes('g') ? p.flags : `${p.flags}g`;
  return { kind: 're', re: new RegExp(p.source, flags), literals: requiredLiterals(p), folded: p.flags.includes('i') };
}

/** Prepares every entry's matchers. */
export function compileEntries(entries: readonly KnowledgeEntry[]): CompiledEntry[] {
  return entries.map((entry) => ({
    entry,
    match: entry.match.map(compilePattern),
    requires: (entry.requires ?? []).map(compilePattern),
    unless: (entry.unless ?? []).map(compilePattern),
    whenContext: (entry.whenContext ?? []).map(compilePattern),
  }));
}

/**
 * Stacks logged inside JSON strings arrive as one line with `\n` and `\"`
 * escapes; unescaping them lets frames, causes and quoted names match as in a
 * plain log.
 */
export function unescapeEmbedded(text: string): string {
  if (!text.includes('\\n') && !text.includes('\\"') && !text.includes('\\t')) return text;
  return (
    text
      .replace(/\\r\\n|\\n/g, '\n')
      .replace(/\\t/g, '\t')
      .replace(/\\"/g, '"')
      // A JSON key right after an embedded stack's last frame (`...job.js:9:11)","cause":{…}`) starts a new
      // line, or the cause would sit on a frame line and count for nothing.
      .replace(/(\)|:\d+)"(,\s?"[\w$]+":)/g, '$1"\n$2')
  );
}

/** Splits the event into lines and finds the span of its deepest cause. */
export function prepare(raw: string): Prepared {
  const original = unescapeEmbedded(raw);
  const text = blankSourceLocations(blankRedactionKinds(original));
  const lower = text.toLowerCase();
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  let rootStart = 0;
  let rootEnd = text.length;
  // Python prints the original exception first, Java and Node print it last.
  const py = firstIndex(lower, [
    'the above exception was the direct cause of the following exception',
    'during handling of the above exception, another exception occurred',
  ]);
  if (py !== -1) {
    rootEnd = py;
  } else {
    const last = Math.max(
      lower.lastIndexOf('caused by:'),
      lower.lastIndexOf('[cause]:'),
      lower.lastIndexOf('nested exception is'),
      lower.lastIndexOf('(caused by '),
      // .NET prints the inner exception after ` ---> `.
      lower.lastIndexOf(' ---> '),
    );
    if (last !== -1) rootStart = last;
  }
  return { text, original, lower, lineStarts, rootStart, rootEnd, hasRoot: rootStart > 0 || rootEnd < text.length };
}

/**
 * `[REDACTED:password]` must not read as the word "password" next to "failed";
 * the kind is blanked with as many underscores so offsets stay the same.
 */
function blankRedactionKinds(text: string): string {
  if (!text.includes('[REDACTED:')) return text;
  return text.replace(/\[REDACTED:([a-z_]{1,40})\]/g, (_m, kind: string) => `[REDACTED:${'_'.repeat(kind.length)}]`);
}

/**
 * A structured log's `caller` field (`"caller":"ratelimit/redis.go:71"`, `caller=db/pool.go:40`) names the
 * source file that logged, not the failure: blanked like a redaction kind, offsets unchanged.
 */
const SOURCE_LOCATION = /("caller"\s{0,3}:\s{0,3}"|\bcaller=)([^"\s]{1,200})/g;

function blankSourceLocations(text: string): string {
  if (!text.includes('caller')) return text;
  return text.replace(SOURCE_LOCATION, (_m, key: string, value: string) => `${key}${'_'.repeat(value.length)}`);
}

function firstIndex(haystack: string, needles: string[]): number {
  let best = -1;
  for (const n of needles) {
    const i = haystack.indexOf(n);
    if (i !== -1 && (best === -1 || i < best)) best = i;
  }
  return best;
}

function lineIndexAt(p: Prepared, offset: number): number {
  let lo = 0;
  let hi = p.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((p.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The text of line `index`, without its newline. */
export function lineAt(p: Prepared, index: number): string {
  const start = p.lineStarts[index] ?? 0;
  const next = p.lineStarts[index + 1];
  return p.original.slice(start, next === undefined ? p.original.length : next - 1).replace(/\r$/, '');
}

/** Whether a line is a stack frame or traceback location rather than a message. */
export function isFrameLine(line: string): boolean {
  return FRAME_LINE.test(line);
}

/** Calls `visit` with the offset of each occurrence of the pattern, up to MAX_OCCURRENCES. */
function occurrences(p: Prepared, pattern: CompiledPattern, visit: (offset: number) => void): void {
  if (pattern.kind === 'text') {
    let n = 0;
    for (let i = p.lower.indexOf(pattern.needle); i !== -1 && n < MAX_OCCURRENCES; n++) {
      visit(i);
      i = p.lower.indexOf(pattern.needle, i + pattern.needle.length);
    }
    return;
  }
  if (cannotMatch(p, pattern)) return;
  const re = pattern.re;
  re.lastIndex = 0;
  for (let n = 0; n < MAX_OCCURRENCES; n++) {
    const m = re.exec(p.text);
    if (m === null) break;
    visit(m.index);
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
}

/** True when the text holds none of the literals the regex needs: the regex need not run (or be compiled). */
function cannotMatch(p: Prepared, pattern: CompiledPattern & { kind: 're' }): boolean {
  if (pattern.literals === undefined) return false;
  const haystack = pattern.folded ? p.lower : p.text;
  return !pattern.literals.some((literal) => haystack.includes(literal));
}

function found(p: Prepared, pattern: CompiledPattern): boolean {
  if (pattern.kind === 'text') return p.lower.includes(pattern.needle);
  if (cannotMatch(p, pattern)) return false;
  pattern.re.lastIndex = 0;
  const hit = pattern.re.test(p.text);
  pattern.re.lastIndex = 0;
  return hit;
}

/**
 * The evidence line itself names an HTTP call and no database client or port: a database mentioned elsewhere
 * (or only as the word "database" in a one-line JSON log) is not its target.
 */
function callsHttp(line: string): boolean {
  return HTTP_TARGET.test(line) && !DATABASE_CLIENT_HINT.test(line);
}

/** Scores every entry against the event; one best match per entry. `context` holds the lines just before it. */
export function matchEntries(compiled: readonly CompiledEntry[], p: Prepared, isDatabase: boolean, context?: Prepared): Match[] {
  const matches: Match[] = [];
  for (const c of compiled) {
    if (c.whenContext.length > 0 && (context === undefined || !c.whenContext.some((w) => found(context, w)))) continue;
    let bestScore = -Infinity;
    let bestLine = -1;
    for (const pattern of c.match) {
      occurrences(p, pattern, (offset) => {
        const index = lineIndexAt(p, offset);
        const line = lineAt(p, index);
        let score = c.entry.priority;
        if (p.hasRoot && offset >= p.rootStart && offset < p.rootEnd) score += ROOT_BONUS;
        if (isFrameLine(line)) score -= FRAME_PENALTY;
        else if (PROPERTY_LINE.test(line)) score -= PROPERTY_PENALTY;
        if (score > bestScore) {
          bestScore = score;
          bestLine = index;
        }
      });
    }
    if (bestLine === -1) continue;
    if (!c.requires.every((r) => found(p, r))) continue;
    if (c.unless.some((u) => found(p, u))) continue;
    const line = lineAt(p, bestLine);
    const category = isDatabase && c.entry.onDatabase && !callsHttp(line) ? c.entry.onDatabase : c.entry.category;
    matches.push({ entry: c.entry, category, score: bestScore, line });
  }
  // Ties go to the more specific entry, then to the one listed first.
  return matches.sort((a, b) => b.score - a.score || b.entry.priority - a.entry.priority);
}
