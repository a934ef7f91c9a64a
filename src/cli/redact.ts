import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import { type Readable, Transform, type Writable } from 'node:stream';
import { type LineRedactor, REDACTION_KINDS, type RedactionCounts, createLineRedactor } from '../core/redact/index.js';
import { EXIT, type ExitCode, InputError } from '../errors.js';
import { type CliContext, warn } from './context.js';
import { hasInput, readInputLines, type InputSpec } from './input.js';

/** Flags of `cloudsentry redact`, as commander parses them. */
export interface RedactOptions {
  text?: string;
  stats?: boolean;
}

// Lines are redacted in batches: one pass of each rule over ~1 MB beats one per line.
const BATCH_LINES = 4096;
const BATCH_CHARS = 1 << 20;
// Redaction must not cut lines short, so the line limit is far above the usual 64 KiB.
const MAX_LINE_LENGTH = 64 * 1024 * 1024;

/** Declares `redact` and its flags. */
export function registerRedact(program: Command, ctx: CliContext): void {
  program
    .command('redact')
    .description(
      'mask secrets and personal data (passwords, tokens, keys, e-mails, card numbers) in logs; one output line per input line',
    )
    .argument('[file...]', 'log files to read ("-" for stdin); stdin when piped and no file is given')
    .option('--text <log>', 'redact this text instead of a file')
    .option('--stats', 'print how many values of each kind were masked, on stderr')
    .action(async (files: string[], options: RedactOptions, command: Command) => {
      if (!hasInput({ files, text: options.text }, ctx)) {
        ctx.stderr.write(command.helpInformation());
        ctx.exitCode = EXIT.usage;
        return;
      }
      ctx.exitCode = await runRedact(files, options, ctx);
    });
}

/** Streams the input to stdout with every secret masked, keeping lines and the final newline as they were. */
export async function runRedact(files: string[], options: RedactOptions, ctx: CliContext): Promise<ExitCode> {
  const redactor = createLineRedactor();
  const out = new BatchWriter(ctx.stdout, redactor);
  const seen = { lines: 0, bytes: 0, truncated: 0, invalidUtf8: false, endedWithNewline: false };
  const onLine = (line: string): void => {
    seen.lines++;
    out.push(line);
  };
  const read = async (spec: InputSpec, readCtx: CliContext, gate?: Gate): Promise<void> => {
    try {
      const stats = await readInputLines(spec, readCtx, onLine);
      seen.truncated += stats.truncatedLines;
      seen.invalidUtf8 ||= stats.invalidUtf8;
    } catch (error) {
      // Blank lines are passed through like any others; only input with no bytes at all is an error.
      if (!(error instanceof InputError && gate && gate.bytes > 0 && error.message.startsWith('input is empty'))) throw error;
    }
    if (gate && gate.bytes > 0) {
      seen.bytes += gate.bytes;
      seen.endedWithNewline = gate.lastByte === 10;
    }
  };
  if (options.text !== undefined) {
    const stats = await readInputLines({ files: [], text: options.text, maxLineLength: MAX_LINE_LENGTH }, ctx, onLine);
    seen.bytes += stats.bytes;
    seen.endedWithNewline = stats.endedWithNewline;
  }
  // Each input goes through a gate that holds the next chunk back while stdout is full,
  // so a slow reader of our output keeps memory bounded (the line reader's callback can't wait).
  const inputs = files.length > 0 ? files : options.text === undefined ? ['-'] : [];
  for (const file of inputs) {
    const gate = new Gate(file === '-' ? ctx.stdin : await openInput(file), ctx.stdout);
    await read({ files: ['-'], maxLineLength: MAX_LINE_LENGTH }, { ...ctx, stdin: gate.stream }, gate);
  }
  out.flush();
  if (seen.bytes === 0) throw new InputError('input is empty: there is no log text to read');
  if (seen.endedWithNewline) ctx.stdout.write('\n');
  if (seen.truncated > 0) warn(ctx, `${seen.truncated} line(s) longer than 64 MiB were truncated`);
  if (seen.invalidUtf8) warn(ctx, 'the input is not valid UTF-8; invalid bytes were replaced with U+FFFD');
  if (options.stats) ctx.stderr.write(renderStats(redactor.counts, seen.lines));
  return EXIT.ok;
}

/** Collects lines and writes them redacted in batches, a newline between lines, none after the last. */
class BatchWriter {
  private batch: string[] = [];
  private chars = 0;
  private first = true;
  constructor(
    private readonly stdout: Writable,
    private readonly redactor: LineRedactor,
  ) {}

  push(line: string): void {
    this.batch.push(line);
    this.chars += line.length;
    if (this.batch.length >= BATCH_LINES || this.chars >= BATCH_CHARS) this.flush();
  }

  flush(): void {
    if (this.batch.length === 0) return;
    const text = this.redactor.lines(this.batch).join('\n');
    this.stdout.write(this.first ? text : `\n${text}`);
    this.first = false;
    this.batch = [];
    this.chars = 0;
  }
}

/** Passes an input through, holding each chunk back until `stdout` has drained; remembers the last byte. */
class Gate {
  readonly stream: Transform;
  bytes = 0;
  lastByte = -1;
  constructor(source: Readable, stdout: Writable) {
    this.stream = new Transform({
      transform: (chunk: Buffer | string, _encoding, done) => {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (buffer.length > 0) {
          this.bytes += buffer.length;
          this.lastByte = buffer[buffer.length - 1]!;
        }
        if (stdout.writableNeedDrain) stdout.once('drain', () => done(null, buffer));
        else done(null, buffer);
      },
    });
    source.on('error', (error) => this.stream.destroy(error));
    source.pipe(this.stream);
  }
}

/** Opens a log file for reading, with the same messages as the other commands' input reader. */
async function openInput(file: string): Promise<Readable> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  if (stat.isDirectory()) throw new InputError(`${file} is a directory: give a log file instead`);
  try {
    const handle = await fs.open(file, 'r');
    return handle.createReadStream({ highWaterMark: 1024 * 1024, autoClose: true });
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The `--stats` table: one line per kind seen, in the order of REDACTION_KINDS, then the total. */
export function renderStats(counts: RedactionCounts, lines: number): string {
  let total = 0;
  let out = '';
  for (const kind of REDACTION_KINDS) {
    const n = counts[kind];
    if (!n) continue;
    total += n;
    out += `${kind.padEnd(18)} ${String(n).padStart(8)}\n`;
  }
  return `${out}${'total'.padEnd(18)} ${String(total).padStart(8)}  (in ${lines} line${lines === 1 ? '' : 's'})\n`;
}
