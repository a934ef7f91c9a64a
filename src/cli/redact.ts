import type { Command } from 'commander';
import { REDACTION_KINDS, createLineRedactor, type RedactionCounts } from '../core/redact/index.js';
import { EXIT, type ExitCode } from '../errors.js';
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
  const spec: InputSpec = { files, text: options.text, maxLineLength: MAX_LINE_LENGTH };
  const redactor = createLineRedactor();
  let batch: string[] = [];
  let chars = 0;
  let first = true;
  const flush = (): void => {
    if (batch.length === 0) return;
    const out = redactor.lines(batch).join('\n');
    ctx.stdout.write(first ? out : `\n${out}`);
    first = false;
    batch = [];
    chars = 0;
  };
  const stats = await readInputLines(spec, ctx, (line) => {
    batch.push(line);
    chars += line.length;
    if (batch.length >= BATCH_LINES || chars >= BATCH_CHARS) flush();
  });
  flush();
  if (stats.endedWithNewline) ctx.stdout.write('\n');
  if (stats.truncatedLines > 0) warn(ctx, `${stats.truncatedLines} line(s) longer than 64 MiB were truncated`);
  if (stats.invalidUtf8) warn(ctx, 'the input is not valid UTF-8; invalid bytes were replaced with U+FFFD');
  if (options.stats) ctx.stderr.write(renderStats(redactor.counts, stats.lines));
  return EXIT.ok;
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
