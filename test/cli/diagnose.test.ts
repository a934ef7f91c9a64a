import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATEGORY_IDS } from '../../src/core/taxonomy.js';
import { runCli } from '../helpers/cli.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/payment-service.log', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'cloudsentry-diagnose-'));

/** The README's `--json` schema, enforced. */
const JsonDocument = z
  .object({
    version: z.literal(1),
    incidents: z.array(
      z.object({
        fingerprint: z.string().min(1),
        pattern: z.string(),
        count: z.number().int().positive(),
        firstSeen: z.string().datetime().nullable(),
        lastSeen: z.string().datetime().nullable(),
        sample: z.string(),
        diagnosis: z.object({
          category: z.enum(CATEGORY_IDS as [string, ...string[]]),
          severity: z.enum(['critical', 'high', 'medium', 'low']),
          title: z.string().min(1),
          rootCause: z.string().min(1),
          remediation: z.array(z.string().min(1)).min(1).max(5),
          confidence: z.number().min(0).max(1),
          evidence: z.string(),
          engine: z.enum(['rules', 'claude']),
        }),
      }),
    ),
    summary: z.object({ events: z.number().int(), errorEvents: z.number().int(), incidents: z.number().int() }).passthrough(),
  })
  .strict();

function parseJson(stdout: string) {
  return JsonDocument.parse(JSON.parse(stdout));
}

describe('cloudsentry diagnose (built CLI)', () => {
  it('diagnoses the bundled example offline, most urgent first', async () => {
    const run = await runCli(['diagnose', EXAMPLE, '--json']);
    expect(run.code).toBe(0);
    const doc = parseJson(run.stdout);
    const categories = doc.incidents.map((incident) => incident.diagnosis.category);
    expect(categories).toEqual(
      expect.arrayContaining(['database.connection', 'resource.throttling', 'code.exception', 'upstream.unavailable']),
    );
    expect(doc.incidents[0]!.diagnosis.category).toBe('database.connection');
    const db = doc.incidents.find((incident) => incident.diagnosis.category === 'database.connection')!;
    expect(db.count).toBe(3);
    expect(db.firstSeen).toBe('2026-11-24T09:15:31.004Z');
    expect(db.lastSeen).toBe('2026-11-24T09:15:35.871Z');
    expect(doc.summary.errorEvents).toBe(9);
    expect(doc.summary.incidents).toBe(doc.incidents.length);
    expect(run.stdout).not.toMatch(/jane\.doe@example\.com|tok_live_9fK2mQ7xLp/);
  });

  it('reads piped stdin and prints a readable plain-text report', async () => {
    const log = [
      '2026-01-02 03:04:05,123 ERROR worker - job 42 failed',
      'Traceback (most recent call last):',
      '  File "/app/worker.py", line 10, in run',
      '    import pandas',
      "ModuleNotFoundError: No module named 'pandas'",
    ].join('\n');
    const run = await runCli(['diagnose'], { input: log });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dependency.missing');
    expect(run.stdout).toMatch(/\[(CRITICAL|HIGH|MEDIUM|LOW)\]/);
    expect(run.stdout).toMatch(/^\s+1\. /m);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('takes --text and groups repeats into one incident with a count', async () => {
    const text = Array.from(
      { length: 50 },
      (_, i) => `2026-01-02T03:04:${String(i).padStart(2, '0')}Z ERROR getaddrinfo ENOTFOUND api-${i}.example.internal`,
    ).join('\n');
    const run = await runCli(['diagnose', '--json', '--text', text]);
    expect(run.code).toBe(0);
    const doc = parseJson(run.stdout);
    expect(doc.incidents).toHaveLength(1);
    expect(doc.incidents[0]!.count).toBe(50);
    expect(doc.incidents[0]!.diagnosis.category).toBe('network.dns');
  });

  it('says so and exits 0 when the log holds no errors', async () => {
    const run = await runCli(['diagnose'], { input: 'INFO started\nINFO all good\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No errors found in 2 events/);
    const json = await runCli(['diagnose', '--json'], { input: 'INFO started\n' });
    expect(parseJson(json.stdout).incidents).toEqual([]);
  });

  it('keeps samples redacted in --json and --markdown, raw only with --no-redact in the terminal', async () => {
    const log = 'ERROR could not connect: password authentication failed for user "app" dsn=postgres://app:hunter2@db:5432/x\n';
    const json = await runCli(['diagnose', '--json', '--no-redact'], { input: log });
    expect(json.stdout).not.toContain('hunter2');
    const markdown = await runCli(['diagnose', '--markdown', '--no-redact'], { input: log });
    expect(markdown.stdout).not.toContain('hunter2');
    expect(markdown.stdout).toContain('# cloudsentry diagnosis');
    const terminal = await runCli(['diagnose'], { input: log });
    expect(terminal.stdout).not.toContain('hunter2');
    const raw = await runCli(['diagnose', '--no-redact'], { input: log });
    expect(raw.stdout).toContain('hunter2');
  });

  it('shows control characters from the log as visible escapes, never raw', async () => {
    const run = await runCli(['diagnose'], { input: 'ERROR boom \u001b]0;pwned\u0007 TypeError: x is not a function\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0007\u001b]/);
  });

  it('exits 2 with a message on an unknown flag', async () => {
    const run = await runCli(['diagnose', '--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option/);
  });
});

describe('bad input gets one clear line and exit 2, never a stack trace', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['missing file', () => [join(tmp, 'nope.log')], /cannot read .*nope\.log: no such file/],
    ['directory', () => [tmp], /is a directory/],
    [
      'binary data',
      () => {
        const file = join(tmp, 'binary.bin');
        writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0xff]));
        return [file];
      },
      /looks like binary data/,
    ],
    [
      'empty file',
      () => {
        const file = join(tmp, 'empty.log');
        writeFileSync(file, '');
        return [file];
      },
      /input is empty/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await runCli(['diagnose', ...args()]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    });
  }

  it('empty stdin', async () => {
    const run = await runCli(['diagnose'], { input: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/input is empty/);
  });

  it('invalid UTF-8 is diagnosed with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ERROR connect ECONNREFUSED 10.1.2.3:8080 '),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1]),
      Buffer.from('\n'),
    ]);
    const run = await runCli(['diagnose', '--json'], { input: bytes });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/not valid UTF-8/);
    expect(parseJson(run.stdout).incidents[0]!.diagnosis.category).toBe('network.refused');
  });

  it('a single 50 MB line is truncated for analysis, not rejected', async () => {
    const file = join(tmp, 'long.log');
    writeFileSync(file, `ERROR java.lang.OutOfMemoryError: Java heap space ${'x'.repeat(50 * 1024 * 1024)}\n`);
    const run = await runCli(['diagnose', '--json', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1 over-long line\(s\) were truncated/);
    const doc = parseJson(run.stdout);
    expect(doc.incidents[0]!.diagnosis.category).toBe('resource.memory');
    expect(doc.incidents[0]!.sample.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('a 1 GB file streams in bounded memory', () => {
    const dir = join(tmp, 'big');
    mkdirSync(dir);
    const file = join(dir, 'huge.log');
    const lines = Array.from({ length: 1000 }, (_, i) =>
      i % 10 === 0
        ? `2026-01-02T03:04:05.${String(i).padStart(3, '0')}Z ERROR request ${i} failed: connect ETIMEDOUT 10.0.${i % 250}.7:443`
        : `2026-01-02T03:04:05.${String(i).padStart(3, '0')}Z INFO request ${i} served in ${i % 97}ms path=/api/v1/items/${i}`,
    );
    const block = Buffer.from(`${lines.join('\n')}\n`);
    const fd = openSync(file, 'w');
    for (let written = 0; written < 1024 ** 3; written += block.length) writeSync(fd, block);
    closeSync(fd);
    // Run the CLI's main in a child that reports its own peak RSS.
    const mainUrl = new URL('../../dist/cli/main.js', import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(mainUrl)});
      const code = await m.main(['node', 'cloudsentry', 'diagnose', '--json', ${JSON.stringify(file)}]);
      process.stderr.write('MAXRSS=' + process.resourceUsage().maxRSS + '\\n');
      process.exitCode = code;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: tmp },
      cwd: tmp,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(child.status, child.stderr).toBe(0);
    const doc = parseJson(child.stdout);
    expect(doc.summary.errorEvents).toBeGreaterThan(1_000_000);
    expect(doc.incidents[0]!.diagnosis.category).toBe('network.timeout');
    const maxRssMiB = Number(/MAXRSS=(\d+)/.exec(child.stderr)![1]) / 1024;
    expect(maxRssMiB).toBeLessThan(300);
  }, 900_000);
});
