import { describe, expect, it } from 'vitest';
import { readInputLines } from '../../src/cli/input.js';
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
