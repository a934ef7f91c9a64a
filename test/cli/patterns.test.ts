import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PatternJson } from '../../src/cli/patterns.js';
import { runCli } from '../helpers/cli.js';

const DIST = fileURLToPath(new URL('../../dist/cloudsentry.js', import.meta.url));
const MIXED = fileURLToPath(new URL('../fixtures/patterns/mixed.log', import.meta.url));
const LOGHUB_HDFS = fileURLToPath(new URL('../../../shared/loghub/HDFS/HDFS_2k.log', import.meta.url));


// `npm test` builds first; run `npm run build` before running this file alone.
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error(`build first (npm run build): the CLI needs ${DIST}`);
});

describe('cloudsentry patterns', () => {
  it('lists patterns by count with share, first/last seen, example and sparkline', async () => {
    const run = await runCli(['patterns', MIXED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^8 patterns in 62 lines\n/);
    const blocks = run.stdout.split('\n\n').slice(1);
    expect(blocks[0]).toMatch(/^[0-9a-f]{12} {2}31 {3}50\.0% {2}2026-11-25 14:00:01Z → 2026-11-25 14:01:46Z {2}[▁-█ ]+\n/);
    expect(blocks[0]).toContain('  <*> <*> ERROR [<*>] com.acme.db.ConnectionPool: Connection to <*> refused (attempt <*> of <*>)\n');
    expect(blocks[0]).toContain('  e.g. 2026-11-25 14:00:01,066 ERROR [pool-7-thread-16]');
    // Junk becomes one pattern and never reaches the terminal raw.
    expect(run.stdout).toContain('  <binary>\n');
    expect(run.stdout).not.toMatch(/[\u0000-\u0008]/);
  });

  it('prints --json as an array of {id, pattern, count, firstSeen, lastSeen, example}', async () => {
    const run = await runCli(['patterns', '--json', MIXED]);
    expect(run.code).toBe(0);
    const patterns = JSON.parse(run.stdout) as PatternJson[];
    expect(patterns).toHaveLength(8);
    expect(Object.keys(patterns[0]!)).toEqual(['id', 'pattern', 'count', 'firstSeen', 'lastSeen', 'example']);
    expect(patterns.reduce((n, p) => n + p.count, 0)).toBe(62);
    expect(patterns[0]).toMatchObject({ count: 31, firstSeen: '2026-11-25T14:00:01.066Z' });
    expect(patterns.find((p) => p.pattern === '<binary>')).toMatchObject({ firstSeen: null, lastSeen: null });
  });

  it('applies --top and --min-count', async () => {
    const top = JSON.parse((await runCli(['patterns', '--json', '--top', '2', MIXED])).stdout) as PatternJson[];
    expect(top.map((p) => p.count)).toEqual([31, 8]);
    const frequent = JSON.parse((await runCli(['patterns', '--json', '--min-count', '5', MIXED])).stdout) as PatternJson[];
    expect(frequent.every((p) => p.count >= 5)).toBe(true);
    expect(frequent).toHaveLength(5);
  });

  it('--label prints every input line after the id of its final pattern', async () => {
    const run = await runCli(['patterns', '--label', MIXED]);
    expect(run.code).toBe(0);
    const input = readFileSync(MIXED, 'utf8').split('\n').slice(0, -1);
    const out = run.stdout.split('\n').slice(0, -1);
    expect(out).toHaveLength(input.length);
    out.forEach((line, i) => expect(line).toBe(`${line.slice(0, 12)} ${input[i]}`));
    const ids = new Set((JSON.parse((await runCli(['patterns', '--json', MIXED])).stdout) as PatternJson[]).map((p) => p.id));
    expect(new Set(out.map((line) => line.slice(0, 12)))).toEqual(ids);
  });

  it('--label reads stdin too', async () => {
    const run = await runCli(['patterns', '--label'], { input: 'a 1\na 2\nb x\n' });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.slice(0, 12)).toBe(lines[1]!.slice(0, 12));
    expect(lines[2]).toMatch(/^[0-9a-f]{12} b x$/);
  });

  it('gives the same ids on every run', async () => {
    const a = await runCli(['patterns', '--json', MIXED]);
    const b = await runCli(['patterns', '--json'], { input: readFileSync(MIXED) });
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it('refuses --json with --label, and empty input, with exit 2', async () => {
    expect((await runCli(['patterns', '--json', '--label', MIXED])).code).toBe(2);
    const empty = await runCli(['patterns'], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty/);
  });

  it.skipIf(!existsSync(LOGHUB_HDFS))('labels Loghub HDFS into its 14 events', async () => {
    const run = await runCli(['patterns', '--label', LOGHUB_HDFS]);
    const ids = new Set(run.stdout.trim().split('\n').map((l) => l.split(' ')[0]));
    expect(ids.size).toBeGreaterThanOrEqual(14);
    expect(ids.size).toBeLessThanOrEqual(17);
  });
});
