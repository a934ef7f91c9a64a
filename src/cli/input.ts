import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { shortenJsonLine } from '../core/events/json-line.js';
import { redactThenCut } from '../core/redact/index.js';
import { EXIT, type ExitCode, InputError, UsageError } from '../errors.js';
import type { CliContext } from './context.js';

/** Where a command reads its log from: named files, `--text`, or piped stdin. */
export interface InputSpec {
  files: string[];
  text?: string;
  /** Lines longer than this are truncated (the rest of the line is dropped and counted). */
  maxLineLength?: number;
  /** Refuse input whose first bytes contain NUL (a binary file). Default true. */
  rejectBinary?: boolean;
}

/** What reading saw, for the summary and for warnings. */
export interface InputStats {
  lines: number;
  bytes: number;
  truncatedLines: number;
  /** Some bytes were not valid UTF-8 and were replaced by U+FFFD. */
  invalidUtf8: boolean;
  /** The last line of the last input ended with a newline. */
  endedWithNewline: boolean;
  /** NUL bytes skipped (runs left by `logrotate copytruncate` or a crash); only readers of text skip them. */
  nulBytes?: number;
  /** Inputs decoded from UTF-16 (they started with its byte-order mark). */
  utf16Inputs?: number;
}

/** Receives each line without its line terminator; `source` names the input it came from. */
export type LineHandler = (line: string, source: string) => void;

/** Receives each line as the bytes buf[start, end), without its line terminator; valid only during the call. */
export type LineBytesHandler = (buf: Buffer, start: number, end: number, source: string) => void;

/** What the byte reader saw: as InputStats, except that bytes are never decoded, so UTF-8 is not checked. */
export type LineBytesStats = Omit<InputStats, 'invalidUtf8'>;

/** How the readers pace themselves and what they call empty. */
export interface ReadOptions {
  /** Awaited after each chunk's lines, e.g. to wait for a slow reader of the output (bounded memory). */
  afterChunk?: () => Promise<void> | void;
  /** Input of blank lines only is still input; by default only input with some text is. */
  acceptBlank?: boolean;
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/**
 * How much of an over-long line is read before it is shortened to the line limit: enough to parse a
 * JSON line whole (its level, message and error survive) and to redact before cutting.
 */
const LONG_LINE_READ = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

/** True when the command has something to read (a file, --text, or stdin that is not a terminal). */
export function hasInput(spec: InputSpec, ctx: CliContext): boolean {
  return spec.files.length > 0 || spec.text !== undefined || !ctx.stdin.isTTY;
}

/**
 * The commander action of a command that reads a log: with no input and a terminal on stdin it
 * prints the command's usage and exits 2; otherwise it runs the handler and records its exit code.
 */
export function logReadingAction<O extends { text?: string }>(
  ctx: CliContext,
  run: (files: string[], options: O, ctx: CliContext) => Promise<ExitCode>,
): (files: string[], options: O, command: Command) => Promise<void> {
  return async (files, options, command) => {
    if (!hasInput({ files, text: options.text }, ctx)) {
      ctx.stderr.write(command.helpInformation());
      ctx.exitCode = EXIT.usage;
      return;
    }
    ctx.exitCode = await run(files, options, ctx);
  };
}

/**
 * Streams every line of every input to `onLine`, in order, in bounded memory.
 * Throws InputError (exit 2) for missing, unreadable, binary or empty input.
 */
export async function readInputLines(
  spec: InputSpec,
  ctx: CliContext,
  onLine: LineHandler,
  options: ReadOptions = {},
): Promise<InputStats> {
  checkHasInput(spec, ctx);
  const splitter = new LineSplitter(spec.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, onLine);
  if (spec.text !== undefined) {
    splitter.countBytes(Buffer.byteLength(spec.text));
    splitter.feed(spec.text, '--text');
    splitter.finish('--text');
  }
  for (const file of streamedInputs(spec)) {
    const { chunks, source } = await openInput(file, ctx);
    let decoder: TextDecoderLike | undefined;
    await readChunks(chunks, source, spec.rejectBinary ?? true, (chunk) => {
      if (!decoder) {
        decoder = decoderFor(chunk);
        if (decoder.utf16) splitter.countUtf16();
      }
      splitter.countBytes(chunk.length);
      splitter.feed(decoder.write(chunk), source);
      return options.afterChunk?.();
    });
    if (decoder) splitter.feed(decoder.end(), source);
    splitter.finish(source);
  }
  const stats = splitter.stats();
  if (isEmpty(stats.bytes, splitter.onlyBlank, options)) throw emptyInput();
  return stats;
}

/**
 * `readInputLines` for callers that work on bytes: each line is handed over as a range of the
 * chunk read, never decoded, so a large file costs no string per line. Same inputs, checks and
 * errors; lines are cut at `maxLineLength` bytes (and a CR before the LF is dropped).
 */
export async function readInputLineBytes(
  spec: InputSpec,
  ctx: CliContext,
  onLine: LineBytesHandler,
  options: ReadOptions = {},
): Promise<LineBytesStats> {
  checkHasInput(spec, ctx);
  const splitter = new ByteLineSplitter(spec.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, onLine);
  if (spec.text !== undefined) {
    splitter.feed(Buffer.from(spec.text), '--text');
    splitter.finish('--text');
  }
  for (const file of streamedInputs(spec)) {
    const { chunks, source } = await openInput(file, ctx);
    await readChunks(chunks, source, spec.rejectBinary ?? true, (chunk) => {
      splitter.feed(chunk, source);
      return options.afterChunk?.();
    });
    splitter.finish(source);
  }
  const stats = splitter.stats();
  if (isEmpty(stats.bytes, splitter.onlyBlank, options)) throw emptyInput();
  return stats;
}

interface TextDecoderLike {
  readonly utf16: boolean;
  write(chunk: Buffer): string;
  end(): string;
}

/** UTF-16 when the input starts with its byte-order mark (as Windows tools write logs), else UTF-8. */
function decoderFor(first: Buffer): TextDecoderLike {
  const bom = utf16Bom(first);
  if (bom) {
    const decoder = new TextDecoder(bom, { fatal: false });
    return { utf16: true, write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = new StringDecoder('utf8');
  return { utf16: false, write: (chunk) => decoder.write(chunk), end: () => decoder.end() };
}

function utf16Bom(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Bytes looked at to tell text from binary data. */
const BINARY_SNIFF_WINDOW = 64 * 1024;

/**
 * Binary data by proportion, not by one NUL: runs of NUL bytes (holes left by `logrotate copytruncate`
 * or a crash) are ignored; scattered NULs (more than 1 % of the bytes), or control bytes making up more
 * than a tenth of the rest, mean binary. A UTF-16 byte-order mark means text.
 */
export function looksBinary(head: Buffer): boolean {
  if (utf16Bom(head)) return false;
  const n = Math.min(head.length, BINARY_SNIFF_WINDOW);
  let scatteredNuls = 0;
  let controls = 0;
  let others = 0;
  for (let i = 0; i < n; ) {
    const c = head[i]!;
    if (c === 0) {
      let j = i;
      while (j < n && head[j] === 0) j++;
      if (j - i < 8) scatteredNuls += j - i;
      i = j;
      continue;
    }
    others++;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11 && c !== 27) controls++;
    else if (c === 127) controls++;
    i++;
  }
  return scatteredNuls > n / 100 || controls > others / 10;
}

/** Warnings every text reader gives about what it had to do to the input. */
export function decodingWarnings(stats: InputStats): string[] {
  const out: string[] = [];
  if (stats.nulBytes) out.push(`skipped ${stats.nulBytes} NUL byte(s) (a hole left by log rotation or a crash)`);
  if (stats.utf16Inputs) out.push(`decoded ${stats.utf16Inputs} input(s) from UTF-16 (byte-order mark)`);
  if (stats.invalidUtf8) out.push('the input is not valid UTF-8; invalid bytes were replaced with U+FFFD');
  return out;
}

function isEmpty(bytes: number, onlyBlank: boolean, options: ReadOptions): boolean {
  return bytes === 0 || (onlyBlank && !options.acceptBlank);
}

function checkHasInput(spec: InputSpec, ctx: CliContext): void {
  if (spec.text !== undefined && spec.files.length > 0) {
    throw new UsageError('--text and a file cannot be used together: give the log one way (a file, stdin, or --text)');
  }
  if (!hasInput(spec, ctx)) throw new UsageError('no input: give a log file, pipe one on stdin, or use --text "<log>"');
}

function emptyInput(): InputError {
  return new InputError('input is empty: there is no log text to read');
}

/** The files to stream, in order ("-" is stdin): stdin alone when neither a file nor --text is given. */
function streamedInputs(spec: InputSpec): string[] {
  if (spec.files.length > 0) return spec.files;
  return spec.text === undefined ? ['-'] : [];
}

/** Chunks of an input: a chunk may be reused for the next one, so it is valid until then. */
type Chunks = AsyncIterable<Buffer | string>;

async function openInput(file: string, ctx: CliContext): Promise<{ chunks: Chunks; source: string }> {
  if (file === '-') {
    const fd = (ctx.stdin as { fd?: unknown }).fd;
    if (typeof fd === 'number' && (await fs.stat(`/dev/fd/${fd}`).catch(() => undefined))?.isDirectory()) {
      throw new InputError('stdin is a directory: give a log file, or redirect one with < app.log');
    }
    return { chunks: ctx.stdin, source: 'stdin' };
  }
  return { chunks: await openFile(file), source: file };
}

async function openFile(file: string): Promise<Chunks> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  if (stat.isDirectory()) throw new InputError(`${file} is a directory: give a log file instead`);
  try {
    return fileChunks(await fs.open(file, 'r'));
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
}

/**
 * A file's chunks, read into one buffer used over and over: a large file then costs no fresh
 * memory per chunk (page faults, and garbage collections for external memory). Closes the file.
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Hands every chunk to `onChunk`, refusing binary data when asked; stopping early closes the
 * input. A failed read becomes an InputError naming the input; what `onChunk` throws passes through.
 */
async function readChunks(
  chunks: Chunks,
  source: string,
  rejectBinary: boolean,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  let sniffed = false;
  let thrown: { error: unknown } | undefined;
  try {
    for await (const chunk of chunks) {
      const buffer: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (rejectBinary && !sniffed && buffer.length > 0) {
        if (looksBinary(buffer)) throw new InputError(`${source} looks like binary data, not a text log`);
        sniffed = true;
      }
      try {
        const waiting = onChunk(buffer);
        if (waiting) await waiting;
      } catch (error) {
        thrown = { error };
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof InputError || (thrown && thrown.error === error)) throw error;
    throw new InputError(`cannot read ${source}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Splits decoded text into lines across chunk boundaries, truncating over-long lines. */
class LineSplitter {
  private partial = '';
  private dropping = false;
  /** The last text fed ended in CR, already taken as a line end: an LF right after it belongs to it. */
  private pendingCr = false;
  private counts: InputStats = { lines: 0, bytes: 0, truncatedLines: 0, invalidUtf8: false, endedWithNewline: false };
  onlyBlank = true;

  constructor(
    private readonly maxLineLength: number,
    private readonly onLine: LineHandler,
  ) {}

  countBytes(n: number): void {
    this.counts.bytes += n;
  }

  countUtf16(): void {
    this.counts.utf16Inputs = (this.counts.utf16Inputs ?? 0) + 1;
  }

  feed(input: string, source: string): void {
    let text = input;
    if (text.length === 0) return;
    if (!this.counts.invalidUtf8 && text.includes('\uFFFD')) this.counts.invalidUtf8 = true;
    if (text.includes('\u0000')) {
      const before = text.length;
      text = text.replace(/\u0000+/g, '');
      this.counts.nulBytes = (this.counts.nulBytes ?? 0) + before - text.length;
    }
    // Lines may end in CR alone (old Mac tools, some Windows exporters): a CR not before an LF ends a line too.
    if (this.pendingCr && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCr = text.charCodeAt(text.length - 1) === 13;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        this.append(text.slice(start));
        return;
      }
      this.append(text.slice(start, newline));
      this.emit(source);
      start = newline + 1;
    }
  }

  /** Ends one input: a last line without a newline is still a line. */
  finish(source: string): void {
    this.pendingCr = false;
    this.counts.endedWithNewline = this.partial.length === 0 && !this.dropping;
    if (this.partial.length > 0 || this.dropping) this.emit(source);
  }

  stats(): InputStats {
    return { ...this.counts };
  }

  private append(piece: string): void {
    if (this.dropping || piece.length === 0) return;
    const room = Math.max(this.maxLineLength, LONG_LINE_READ) - this.partial.length;
    if (piece.length > room) {
      this.partial += piece.slice(0, room);
      this.dropping = true;
      return;
    }
    this.partial += piece;
  }

  private emit(source: string): void {
    let line = this.partial;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length > this.maxLineLength) {
      line = shortenLine(line, this.maxLineLength);
      this.dropping = true;
    }
    if (this.dropping) this.counts.truncatedLines++;
    this.partial = '';
    this.dropping = false;
    this.counts.lines++;
    if (this.onlyBlank && line.trim().length > 0) this.onlyBlank = false;
    this.onLine(line, source);
  }
}

/**
 * An over-long line brought under `max`: a JSON object is shortened inside its values (still valid JSON);
 * any other line is redacted, then cut, so no prefix of a secret straddling the cut survives.
 */
export function shortenLine(line: string, max: number): string {
  return shortenJsonLine(line, max) ?? redactThenCut(line, max);
}

/**
 * Splits chunks of bytes into lines given as ranges of the chunk; only a line that straddles two
 * chunks is copied. Over-long lines are cut and the rest skipped up to the next newline.
 */
class ByteLineSplitter {
  /** The start of a line that straddles chunks, while it is still short enough to keep. */
  private carry: Buffer | undefined;
  private dropping = false;
  private counts: LineBytesStats = { lines: 0, bytes: 0, truncatedLines: 0, endedWithNewline: false };
  onlyBlank = true;

  constructor(
    private readonly maxLineLength: number,
    private readonly onLine: LineBytesHandler,
  ) {}

  feed(chunk: Buffer, source: string): void {
    this.counts.bytes += chunk.length;
    let start = 0;
    if (this.carry !== undefined || this.dropping) {
      const newline = chunk.indexOf(10);
      if (!this.dropping) this.append(chunk.subarray(0, newline === -1 ? chunk.length : newline), source);
      if (newline === -1) return;
      if (this.carry !== undefined) this.emit(this.carry, 0, this.carry.length, source);
      this.carry = undefined;
      this.dropping = false;
      start = newline + 1;
    }
    start = this.split(chunk, start, source);
    if (start < chunk.length) this.append(chunk.subarray(start), source);
  }

  /**
   * Hands on every complete line of chunk[start..]; returns where the unfinished last one starts.
   * A loop of its own, with nothing after it: V8 optimises it while it runs (on-stack replacement),
   * and code after the loop that had not run yet would throw that optimised code away at every chunk.
   */
  private split(chunk: Buffer, from: number, source: string): number {
    const max = this.maxLineLength;
    let start = from;
    let newline = chunk.indexOf(10, start);
    while (newline !== -1) {
      if (newline - start > max) {
        this.counts.truncatedLines++;
        this.emit(chunk, start, start + max, source);
      } else this.emit(chunk, start, newline, source);
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    return start;
  }

  /** Ends one input: a last line without a newline is still a line. */
  finish(source: string): void {
    this.counts.endedWithNewline = this.carry === undefined && !this.dropping;
    if (this.carry !== undefined) this.emit(this.carry, 0, this.carry.length, source);
    this.carry = undefined;
    this.dropping = false;
  }

  stats(): LineBytesStats {
    return { ...this.counts };
  }

  /** Keeps a piece of an unfinished line, or hands on its first `maxLineLength` bytes once it is too long. */
  private append(piece: Buffer, source: string): void {
    const line = this.carry === undefined ? Buffer.from(piece) : Buffer.concat([this.carry, piece]);
    if (line.length > this.maxLineLength) {
      this.counts.truncatedLines++;
      this.emit(line, 0, this.maxLineLength, source);
      this.carry = undefined;
      this.dropping = true;
    } else this.carry = line;
  }

  private emit(buf: Buffer, start: number, end: number, source: string): void {
    if (end > start && buf[end - 1] === 13) end--;
    if (this.onlyBlank) {
      for (let i = start; i < end; i++) {
        if (buf[i]! > 32) {
          this.onlyBlank = false;
          break;
        }
      }
    }
    this.counts.lines++;
    this.onLine(buf, start, end, source);
  }
}
