import type { Command } from 'commander';
import { Chalk } from 'chalk';
import { parseIsoAt, parseSyslogAt, type TimeOut } from '../core/events/timestamps.js';
import { PatternMiner, type PatternMinerOptions, type PatternStats } from '../core/patterns/index.js';
import { redactText, redactThenCut } from '../core/redact/index.js';
import { UsageError, EXIT, type ExitCode } from '../errors.js';
import { safe } from '../sinks/terminal.js';
import { useColor } from './color.js';
import { type CliContext, warn } from './context.js';
import { logReadingAction, readInputLineBytes, readInputLines, type InputSpec, type LineBytesStats } from './input.js';
import { parseNumberOption } from './options.js';

/** Flags of `cloudsentry patterns`, as commander parses them. */
export interface PatternsOptions {
  text?: string;
  json?: boolean;
  label?: boolean;
  top?: number;
  minCount?: number;
  /** False with --no-redact: templates and examples are printed as mined. */
  redact: boolean;
}

/** One element of `patterns --json`. */
export interface PatternJson {
  id: string;
  pattern: string;
  count: number;
  /** ISO 8601, or null when no line of the pattern carried a timestamp. */
  firstSeen: string | null;
  lastSeen: string | null;
  example: string;
}

/** Declares `patterns` and its flags. */
export function registerPatterns(program: Command, ctx: CliContext): void {
  program
    .command('patterns')
    .description('group log lines into patterns (templates with <*> for variable parts), most frequent first')
    .argument('[file...]', 'log files to read ("-" for stdin); stdin when piped and no file is given')
    .option('--text <log>', 'read this text instead of a file')
    .option('--json', 'print a JSON array of {id, pattern, count, firstSeen, lastSeen, example}')
    .option('--label', 'print every input line prefixed by the id of its pattern')
    .option('--top <n>', 'show only the N most frequent patterns', parseNumberOption)
    .option('--min-count <n>', 'show only patterns seen at least N times', parseNumberOption)
    .option('--no-redact', 'print templates and examples without masking secrets (they are redacted by default)')
    .action(logReadingAction(ctx, runPatterns));
}

/** Mines the input and prints its patterns (or one label per line); returns the exit code. */
export async function runPatterns(files: string[], options: PatternsOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.json && options.label) throw new UsageError('--json and --label cannot be used together: choose one output');
  // `patterns ... | head` closes the pipe early; that ends the output, it is not a crash.
  const out = new OutputBuffer(ctx);
  ctx.stdout.on('error', out.onError);
  try {
    return await runPatternsTo(out, files, options, ctx);
  } catch (error) {
    if (error instanceof OutputClosed) return EXIT.ok;
    throw error;
  } finally {
    ctx.stdout.off('error', out.onError);
  }
}

async function runPatternsTo(out: OutputBuffer, files: string[], options: PatternsOptions, ctx: CliContext): Promise<ExitCode> {
  // Junk is mined into a single <binary> pattern rather than refused.
  const spec: InputSpec = { files, text: options.text, rejectBinary: false };
  if (options.label) return runLabel(spec, ctx, out);
  const miner = new PatternMiner(minerOptions(options));
  const time = new TimestampReader(new Date(ctx.now()).getUTCFullYear());
  if (spec.text === undefined) {
    // Lines stay bytes: the miner needs no string for a line whose shape it has seen.
    const stats = await readInputLineBytes(spec, ctx, (buf, start, end) => {
      miner.addBytes(buf, start, end, time.readBytes(buf, start, end));
    });
    warnAboutInput(stats, ctx);
  } else {
    const stats = await readInputLines(spec, ctx, (line) => {
      miner.add(line, time.read(line));
    });
    warnAboutInput(stats, ctx);
  }
  const all = miner.patterns();
  const shown = selectPatterns(all, options).map((p) => (options.redact === false ? p : redactPattern(p)));
  const text = options.json
    ? `${JSON.stringify(shown.map(toJson), null, 2)}\n`
    : renderPatterns(shown, { total: miner.lineCount, patterns: all.length, color: useColor(ctx), buckets: miner.timeBuckets() });
  out.pushText(text);
  await out.flush();
  return EXIT.ok;
}

/** Examples longer than the miner keeps are redacted before they are cut, so no part of a straddling secret stays. */
function minerOptions(options: PatternsOptions): PatternMinerOptions {
  return options.redact === false ? {} : { cutExample: redactThenCut };
}

/** A pattern as printed by default: template and examples through the redaction engine. */
function redactPattern(p: PatternStats): PatternStats {
  const examples = p.examples.map(redactText);
  return { ...p, pattern: redactTemplate(p.pattern, p.examples, examples), example: redactText(p.example), examples };
}

const WORD_RE = /[A-Za-z0-9_]+/g;

/**
 * A template keeps the words that were the same on every line of its pattern, and a password
 * repeated on each line is such a word, in a shape (`postgres:<*>:Xyz@db`) that the rules no longer
 * recognise. So a word that redaction removed from an example is masked in the template too.
 */
export function redactTemplate(template: string, raw: readonly string[], redacted: readonly string[]): string {
  const secretWords = new Set<string>();
  raw.forEach((example, i) => {
    if (example === redacted[i]) return;
    const kept = wordCounts(redacted[i] ?? '');
    for (const [word, n] of wordCounts(example)) if ((kept.get(word) ?? 0) < n) secretWords.add(word);
  });
  const masked = secretWords.size === 0 ? template : template.replace(WORD_RE, (word) => (secretWords.has(word) ? '[REDACTED]' : word));
  return redactText(masked);
}

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.match(WORD_RE) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * `--label` must give each line the id of its final pattern, which is only known at the end:
 * files are mined, then read again (4 bytes kept per line); stdin and --text are kept in memory.
 * Output waits for the terminal or pipe to drain, so memory does not grow with the output.
 */
async function runLabel(spec: InputSpec, ctx: CliContext, out: OutputBuffer): Promise<ExitCode> {
  const miner = new PatternMiner({ keepRetired: true });
  let indices = new Int32Array(1 << 16);
  let n = 0;
  const record = (index: number): void => {
    if (n === indices.length) {
      const grown = new Int32Array(indices.length * 2);
      grown.set(indices);
      indices = grown;
    }
    indices[n++] = index;
  };
  const rereadable = spec.text === undefined && spec.files.length > 0 && !spec.files.includes('-');
  const kept: string[] = [];
  if (rereadable) {
    warnAboutInput(await readInputLineBytes(spec, ctx, (buf, start, end) => record(miner.addBytes(buf, start, end).index)), ctx);
  } else {
    const stats = await readInputLines(spec, ctx, (line) => {
      record(miner.add(line).index);
      kept.push(line);
    });
    warnAboutInput(stats, ctx);
  }
  const prefixes = new Map<number, Buffer>();
  const prefixOf = (k: number): Buffer => {
    const index = indices[k]!;
    let prefix = prefixes.get(index);
    if (prefix === undefined) {
      prefix = Buffer.from(`${miner.resolve(index)?.id ?? 'unknown'} `);
      prefixes.set(index, prefix);
    }
    return prefix;
  };
  let k = 0;
  // On a terminal, escape sequences from the log are shown, not run; piped, the lines stay byte for byte.
  const shown = ctx.stdout.isTTY ? (line: Buffer): Buffer => Buffer.from(safe(line.toString('utf8'))) : (line: Buffer): Buffer => line;
  if (rereadable) {
    await readInputLineBytes(spec, ctx, (buf, start, end) => out.push(prefixOf(k++), shown(buf.subarray(start, end))), {
      afterChunk: () => out.flush(),
    });
  } else {
    for (const line of kept) {
      out.push(prefixOf(k++), shown(Buffer.from(line)));
      if (out.size >= 1 << 20) await out.flush();
    }
  }
  await out.flush();
  return EXIT.ok;
}

/** Thrown to stop reading once the reader of our output has gone away (EPIPE). */
class OutputClosed extends Error {}

/** Lines queued as buffers and written in large pieces, waiting for 'drain' when the pipe is full. */
class OutputBuffer {
  private pieces: Buffer[] = [];
  private closed = false;
  private wake: (() => void) | undefined;
  size = 0;
  constructor(private readonly ctx: CliContext) {}

  /** Stops the output on any write error; the entry point reports one that is not EPIPE and exits 1. */
  readonly onError = (_error: NodeJS.ErrnoException): void => {
    this.closed = true;
    this.wake?.();
  };

  push(prefix: Buffer, line: Buffer): void {
    this.pieces.push(prefix, line, NEWLINE);
    this.size += prefix.length + line.length + 1;
  }

  pushText(text: string): void {
    const data = Buffer.from(text);
    this.pieces.push(data);
    this.size += data.length;
  }

  async flush(): Promise<void> {
    if (this.closed) throw new OutputClosed();
    if (this.size === 0) return;
    const data = Buffer.concat(this.pieces, this.size);
    this.pieces = [];
    this.size = 0;
    if (!this.ctx.stdout.write(data)) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.ctx.stdout.once('drain', resolve);
      });
      this.wake = undefined;
      if (this.closed) throw new OutputClosed();
    }
  }
}

const NEWLINE = Buffer.from('\n');
const TIMESTAMP_HEAD = 48;

function selectPatterns(all: PatternStats[], options: PatternsOptions): PatternStats[] {
  const minCount = options.minCount ?? 0;
  const top = options.top ?? Infinity;
  const shown: PatternStats[] = [];
  for (const p of all) {
    if (shown.length >= top) break;
    if (p.count >= minCount) shown.push(p);
  }
  return shown;
}

function toJson(p: PatternStats): PatternJson {
  return {
    id: p.id,
    pattern: p.pattern,
    count: p.count,
    firstSeen: p.firstSeen === undefined ? null : new Date(p.firstSeen).toISOString(),
    lastSeen: p.lastSeen === undefined ? null : new Date(p.lastSeen).toISOString(),
    example: p.example,
  };
}

function warnAboutInput(stats: LineBytesStats & { invalidUtf8?: boolean }, ctx: CliContext): void {
  if (stats.truncatedLines > 0) warn(ctx, `${stats.truncatedLines} over-long line(s) were truncated`);
  if (stats.invalidUtf8) warn(ctx, 'the input is not valid UTF-8; invalid bytes were replaced');
}

/**
 * Reads the leading timestamp of a line (ISO 8601 or syslog), cheaply enough for every line:
 * consecutive lines share their minute, so only the seconds are parsed while the prefix repeats.
 */
class TimestampReader {
  private readonly out: TimeOut = { timestamp: undefined };
  private prefix = '';
  private prefixBytes: Uint8Array = new Uint8Array(0);
  private prefixFrom = '';
  private prefixMs = 0;
  private after = 0;
  constructor(private readonly year: number) {}

  read(line: string): number | undefined {
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (this.prefix !== '' && line.startsWith(this.prefix)) {
        const fast = this.fastSeconds(line);
        if (fast >= 0) return this.prefixMs + fast;
      }
      this.out.timestamp = undefined;
      const end = parseIsoAt(line, 0, this.out);
      const t = this.out.timestamp;
      if (end > 0 && t !== undefined) this.remember(line, t);
      return t;
    }
    if (c >= 65 && c <= 90) {
      this.out.timestamp = undefined;
      parseSyslogAt(line, 0, this.year, this.out);
      return this.out.timestamp;
    }
    return undefined;
  }

  /** `read()` for the line in buf[start, end), without making a string while the minute repeats. */
  readBytes(buf: Buffer, start: number, end: number): number | undefined {
    const c = buf[start]!;
    if (c >= 48 && c <= 57 && this.prefix !== '' && end - start > 19) {
      const p = this.prefixBytes;
      let same = true;
      for (let i = 0; i < 16; i++) {
        if (buf[start + i] !== p[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        const fast = this.fastSecondsBytes(buf, start, end);
        if (fast >= 0) return this.prefixMs + fast;
      }
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return undefined;
    const t = this.read(buf.toString('latin1', start, Math.min(end, start + TIMESTAMP_HEAD)));
    if (this.prefix !== '' && this.prefix !== this.prefixFrom) {
      this.prefixBytes = Buffer.from(this.prefix, 'latin1');
      this.prefixFrom = this.prefix;
    }
    return t;
  }

  private fastSecondsBytes(buf: Buffer, start: number, end: number): number {
    if (buf[start + 16] !== 58) return -1;
    const s1 = buf[start + 17]! - 48;
    const s2 = buf[start + 18]! - 48;
    if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return -1;
    let ms = 0;
    let i = start + 19;
    const sep = buf[i];
    if (sep === 46 || sep === 44) {
      let scale = 100;
      for (i++; i < end; i++) {
        const d = buf[i]! - 48;
        if (!(d >= 0 && d <= 9)) break;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    const after = i < end ? buf[i]! : NaN;
    if (after !== this.after) return -1;
    return (s1 * 10 + s2) * 1000 + ms;
  }

  /** "YYYY-MM-DD?HH:MM" is the cached prefix; parses ":SS[.fff]" after it, or returns -1. */
  private fastSeconds(line: string): number {
    if (line.charCodeAt(16) !== 58) return -1;
    const s1 = line.charCodeAt(17) - 48;
    const s2 = line.charCodeAt(18) - 48;
    if (s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return -1;
    let ms = 0;
    let i = 19;
    const sep = line.charCodeAt(i);
    if (sep === 46 || sep === 44) {
      let scale = 100;
      for (i++; ; i++) {
        const d = line.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) break;
        ms += d * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    // A different zone or suffix after the time: take the slow path.
    if (line.charCodeAt(i) !== this.after) return -1;
    return (s1 * 10 + s2) * 1000 + ms;
  }

  private remember(line: string, t: number): void {
    this.prefix = '';
    let i = 19;
    const sep = line.charCodeAt(i);
    if (sep === 46 || sep === 44) for (i++; line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57; i++);
    this.after = line.charCodeAt(i);
    const seconds = this.fastSeconds(line);
    if (seconds < 0) return;
    this.prefix = line.slice(0, 16);
    this.prefixMs = t - seconds;
  }
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A row of block characters, one per time bucket, scaled to the busiest bucket. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  if (max === 0) return '';
  return counts
    .map((n) => (n === 0 ? ' ' : SPARK[Math.min(7, Math.floor((n / max) * 7.999))]))
    .join('')
    .trimEnd();
}

interface RenderOptions {
  total: number;
  patterns: number;
  color: boolean;
  buckets: { start: number; bucketMs: number } | undefined;
}

/** The terminal listing: one block per pattern, most frequent first. */
export function renderPatterns(shown: readonly PatternStats[], options: RenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const hidden = options.patterns - shown.length;
  lines.push(
    c.bold(`${plural(options.patterns, 'pattern')} in ${plural(options.total, 'line')}`) +
      (hidden > 0 ? c.dim(` (${shown.length} shown)`) : ''),
  );
  const width = String(shown[0]?.count ?? 0).length;
  for (const p of shown) {
    const share = options.total > 0 ? (100 * p.count) / options.total : 0;
    let head = `${c.cyan(p.id)}  ${String(p.count).padStart(width)}  ${share.toFixed(1).padStart(5)}%`;
    if (p.firstSeen !== undefined && p.lastSeen !== undefined) head += c.dim(`  ${formatTime(p.firstSeen)} → ${formatTime(p.lastSeen)}`);
    const spark = p.timeline && p.timeline.length > 1 ? sparkline(p.timeline) : '';
    if (spark) head += `  ${c.yellow(spark)}`;
    const pattern = p.pattern === '' ? c.dim('(blank lines)') : c.bold(printable(p.pattern, 400));
    lines.push('', head, `  ${pattern}`, c.dim(`  e.g. ${printable(p.example, 200)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** Control chars replaced (junk must not drive the terminal) and long text cut with an ellipsis. */
function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function plural(n: number, word: string): string {
  return `${groupThousands(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** 1234567 as "1,234,567", as toLocaleString('en-US') writes it, without loading ICU's number formats (~13 ms). */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
