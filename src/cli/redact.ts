import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import { type LineRedactor, REDACTION_KINDS, type RedactionCounts, createLineRedactor } from '../core/redact/index.js';
import { EXIT, type ExitCode } from '../errors.js';
import { type CliContext, warn } from './context.js';
import { safe } from '../sinks/terminal.js';
import { decodingWarnings, logReadingAction, readInputLines } from './input.js';

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
    .action(logReadingAction(ctx, runRedact));
}

/** Streams the input to stdout with every secret masked, keeping lines and the final newline as they were. */
export async function runRedact(files: string[], options: RedactOptions, ctx: CliContext): Promise<ExitCode> {
  const redactor = createLineRedactor();
  const out = new BatchWriter(ctx.stdout, redactor);
  const stats = await readInputLines(
    { files, text: options.text, maxLineLength: MAX_LINE_LENGTH },
    ctx,
    (line) => out.push(line),
    // Blank lines pass through like any others; and a slow reader of our output holds the input back.
    { acceptBlank: true, afterChunk: () => drained(ctx.stdout) },
  );
  out.flush();
  if (stats.endedWithNewline) ctx.stdout.write('\n');
  if (stats.truncatedLines > 0) warn(ctx, `${stats.truncatedLines} line(s) longer than 64 MiB were truncated`);
  for (const warning of decodingWarnings(stats)) warn(ctx, warning);
  if (options.stats) ctx.stderr.write(renderStats(redactor.counts, stats.lines));
  return EXIT.ok;
}

/** Resolves once `stream` can take more output. */
function drained(stream: Writable): Promise<void> | undefined {
  return stream.writableNeedDrain ? new Promise((resolve) => stream.once('drain', resolve)) : undefined;
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
    const lines = this.redactor.lines(this.batch);
    // On a terminal, escape sequences from the log are shown, not run; piped, the output stays byte-faithful.
    const text = ((this.stdout as { isTTY?: boolean }).isTTY ? lines.map(safe) : lines).join('\n');
    this.stdout.write(this.first ? text : `\n${text}`);
    this.first = false;
    this.batch = [];
    this.chars = 0;
  }
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
