import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { InputError, UsageError } from '../errors.js';
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
}

/** Receives each line without its line terminator; `source` names the input it came from. */
export type LineHandler = (line: string, source: string) => void;

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

/** True when the command has something to read (a file, --text, or stdin that is not a terminal). */
export function hasInput(spec: InputSpec, ctx: CliContext): boolean {
  return spec.files.length > 0 || spec.text !== undefined || !ctx.stdin.isTTY;
}

/**
 * Streams every line of every input to `onLine`, in order, in bounded memory.
 * Throws InputError (exit 2) for missing, unreadable, binary or empty input.
 */
export async function readInputLines(spec: InputSpec, ctx: CliContext, onLine: LineHandler): Promise<InputStats> {
  if (!hasInput(spec, ctx)) throw new UsageError('no input: give a log file, pipe one on stdin, or use --text "<log>"');
  const splitter = new LineSplitter(spec.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, onLine);
  if (spec.text !== undefined) {
    splitter.countBytes(Buffer.byteLength(spec.text));
    splitter.feed(spec.text, '--text');
    splitter.finish('--text');
  }
  for (const file of spec.files) {
    const stream = file === '-' ? ctx.stdin : await openFile(file);
    await pump(stream, file === '-' ? 'stdin' : file, splitter, spec.rejectBinary ?? true);
  }
  if (spec.files.length === 0 && spec.text === undefined) {
    await pump(ctx.stdin, 'stdin', splitter, spec.rejectBinary ?? true);
  }
  const stats = splitter.stats();
  if (stats.bytes === 0 || splitter.onlyBlank) throw new InputError('input is empty: there is no log text to read');
  return stats;
}

async function openFile(file: string): Promise<Readable> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  if (stat.isDirectory()) throw new InputError(`${file} is a directory: give a log file instead`);
  try {
    const handle = await fs.open(file, 'r');
    return handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES, autoClose: true });
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

async function pump(stream: Readable, source: string, splitter: LineSplitter, rejectBinary: boolean): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let sniffed = 0;
  try {
    for await (const chunk of stream) {
      const buffer: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (rejectBinary && sniffed < BINARY_SNIFF_BYTES) {
        const head = buffer.subarray(0, BINARY_SNIFF_BYTES - sniffed);
        if (head.includes(0)) {
          stream.destroy();
          throw new InputError(`${source} looks like binary data, not a text log`);
        }
        sniffed += head.length;
      }
      splitter.countBytes(buffer.length);
      splitter.feed(decoder.write(buffer), source);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${source}: ${describeFsError(error)}`, { cause: error });
  }
  splitter.feed(decoder.end(), source);
  splitter.finish(source);
}

/** Splits decoded text into lines across chunk boundaries, truncating over-long lines. */
class LineSplitter {
  private partial = '';
  private dropping = false;
  private counts: InputStats = { lines: 0, bytes: 0, truncatedLines: 0, invalidUtf8: false, endedWithNewline: false };
  onlyBlank = true;

  constructor(
    private readonly maxLineLength: number,
    private readonly onLine: LineHandler,
  ) {}

  countBytes(n: number): void {
    this.counts.bytes += n;
  }

  feed(text: string, source: string): void {
    if (text.length === 0) return;
    if (!this.counts.invalidUtf8 && text.includes('\uFFFD')) this.counts.invalidUtf8 = true;
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
    this.counts.endedWithNewline = this.partial.length === 0 && !this.dropping;
    if (this.partial.length > 0 || this.dropping) this.emit(source);
  }

  stats(): InputStats {
    return { ...this.counts };
  }

  private append(piece: string): void {
    if (this.dropping || piece.length === 0) return;
    const room = this.maxLineLength - this.partial.length;
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
    if (this.dropping) this.counts.truncatedLines++;
    this.partial = '';
    this.dropping = false;
    this.counts.lines++;
    if (this.onlyBlank && line.trim().length > 0) this.onlyBlank = false;
    this.onLine(line, source);
  }
}
