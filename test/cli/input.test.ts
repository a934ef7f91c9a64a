import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { readInputLineBytes, readInputLines } from '../../src/cli/input.js';
import { InputError, UsageError } from '../../src/errors.js';
import { fakeContext } from '../helpers/context.js';

async function lines(stdin: string, maxLineLength?: number) {
  const { ctx } = fakeContext({ stdin });
  const seen: string[] = [];
  const stats = await readInputLines({ files: [], maxLineLength }, ctx, (line) => seen.push(line));
  return { seen, stats };
}

describe('readInputLines', () => {
  it('splits LF and CRLF lines and keeps a last line without newline', async () => {
    const { seen, stats } = await lines('a\r\nb\nc');
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(stats.lines).toBe(3);
    expect(stats.endedWithNewline).toBe(false);
  });

  it('reports a trailing newline', async () => {
    const { stats } = await lines('a\nb\n');
    expect(stats.endedWithNewline).toBe(true);
  });

  it('truncates over-long lines and counts them', async () => {
    const { seen, stats } = await lines(`${'x'.repeat(100)}\nshort\n`, 10);
    expect(seen).toEqual(['x'.repeat(10), 'short']);
    expect(stats.truncatedLines).toBe(1);
  });

  it('refuses empty and blank input', async () => {
    await expect(lines('')).rejects.toBeInstanceOf(InputError);
    await expect(lines('\n  \n')).rejects.toThrow(/input is empty/);
  });

  it('refuses a terminal stdin with no file as a usage error', async () => {
    const { ctx } = fakeContext({ stdinIsTTY: true });
    await expect(readInputLines({ files: [] }, ctx, () => {})).rejects.toBeInstanceOf(UsageError);
  });

  it('reads --text before any file', async () => {
    const { ctx } = fakeContext({ stdinIsTTY: true });
    const seen: [string, string][] = [];
    await readInputLines({ files: [], text: 'one\ntwo' }, ctx, (line, source) => seen.push([line, source]));
    expect(seen).toEqual([
      ['one', '--text'],
      ['two', '--text'],
    ]);
  });
});

/** A context whose stdin delivers `text` in chunks of `size` bytes, as a pipe might. */
function chunkedStdin(text: string, size: number): CliContext {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const { ctx } = fakeContext();
  return { ...ctx, stdin: Object.assign(Readable.from(chunks), { isTTY: false }) };
}

async function byteLines(ctx: CliContext, maxLineLength?: number) {
  const seen: string[] = [];
  const stats = await readInputLineBytes({ files: [], maxLineLength }, ctx, (buf, start, end) => seen.push(buf.toString('utf8', start, end)));
  return { seen, stats };
}

describe('readInputLineBytes', () => {
  it('gives the lines readInputLines gives, however the input is cut into chunks', async () => {
    const text = 'first line\r\nsecond\n\nthird, with no newline';
    const { seen: expected, stats } = await lines(text);
    for (const size of [1, 2, 3, 5, 8, 64]) {
      const got = await byteLines(chunkedStdin(text, size));
      expect(got.seen).toEqual(expected);
      expect(got.stats).toEqual({ lines: stats.lines, bytes: stats.bytes, truncatedLines: 0, endedWithNewline: false });
    }
  });

  it('cuts over-long lines, also when they straddle chunks, and counts them', async () => {
    const text = `${'x'.repeat(100)}\nshort\n${'y'.repeat(25)}`;
    for (const size of [7, 1000]) {
      const { seen, stats } = await byteLines(chunkedStdin(text, size), 10);
      expect(seen).toEqual(['x'.repeat(10), 'short', 'y'.repeat(10)]);
      expect(stats.truncatedLines).toBe(2);
    }
  });

  it('refuses empty, blank and missing input with the errors of readInputLines', async () => {
    await expect(byteLines(chunkedStdin('', 4))).rejects.toBeInstanceOf(InputError);
    await expect(byteLines(chunkedStdin('\n  \r\n', 2))).rejects.toThrow(/input is empty/);
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-input-'));
    for (const file of [join(dir, 'nope.log'), dir]) {
      const { ctx } = fakeContext();
      const fromLines = await readInputLines({ files: [file] }, ctx, () => {}).catch((error: unknown) => error);
      const fromBytes = await readInputLineBytes({ files: [file] }, ctx, () => {}).catch((error: unknown) => error);
      expect(fromBytes).toBeInstanceOf(InputError);
      expect((fromBytes as Error).message).toBe((fromLines as Error).message);
    }
  });

  it('reads a file of many chunks as readInputLines does (a chunk is reused once its lines are handed on)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-input-'));
    const file = join(dir, 'big.log');
    const rows: string[] = [];
    for (let i = 0; rows.length < 40_000; i++) rows.push(`2026-11-25T14:00:${String(i % 60).padStart(2, '0')}Z line ${i} ${'x'.repeat(i % 97)}`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    const { ctx } = fakeContext();
    const fromLines: string[] = [];
    await readInputLines({ files: [file] }, ctx, (line) => fromLines.push(line));
    const fromBytes: string[] = [];
    const stats = await readInputLineBytes({ files: [file] }, ctx, (buf, start, end) => fromBytes.push(buf.toString('utf8', start, end)));
    expect(stats.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(fromBytes).toEqual(fromLines);
    expect(fromBytes).toEqual(rows);
  });

  it('refuses binary data unless told to read it', async () => {
    await expect(byteLines(chunkedStdin('a\u0000b\n', 4))).rejects.toThrow(/looks like binary data/);
    const { ctx } = fakeContext({ stdin: 'a\u0000b\n' });
    const seen: number[] = [];
    await readInputLineBytes({ files: [], rejectBinary: false }, ctx, (_buf, start, end) => seen.push(end - start));
    expect(seen).toEqual([3]);
  });

  it('awaits afterChunk after each chunk and lets what the caller throws through unchanged', async () => {
    let chunks = 0;
    await readInputLineBytes({ files: [] }, chunkedStdin('a\nb\nc\n', 2), () => {}, { afterChunk: async () => void chunks++ });
    expect(chunks).toBe(3);
    class Stop extends Error {}
    const stop = new Stop('stop');
    const thrown = await readInputLineBytes({ files: [] }, chunkedStdin('a\nb\n', 2), () => {
      throw stop;
    }).catch((error: unknown) => error);
    expect(thrown).toBe(stop);
  });
});
