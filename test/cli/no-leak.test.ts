import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRATCH, runCli } from '../helpers/cli.js';

// Issue #12, through the built CLI: what must not leak (items 8, 12) and what must not be lost (item 1).

describe('a secret straddling the 16 KiB sample cut (item 8)', () => {
  it('leaves no prefix of it in diagnose --json', async () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    // One event per line, each with the key starting `before` characters ahead of the cut.
    const heads = ['ERROR upload failed:', 'FATAL cache crashed:', 'ERROR payment declined:', 'CRITICAL queue stalled:'];
    const lines = [4, 8, 12, 16].map((before, i) => {
      const head = `${heads[i]!} `;
      return `${head}${'x '.repeat((16 * 1024 - head.length - before) >> 1)}${key} done`;
    });
    const run = await runCli(['diagnose', '--json'], { input: `${lines.join('\n')}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/AKIAIOSF/);
    expect(run.stdout).not.toMatch(/AKIA[A-Z0-9]{4}/);
  });
});

describe('patterns output is redacted by default (item 12)', () => {
  const log = [
    'connect postgres://app:Xyz@db:5432/x failed',
    'user=bob password=hunter2 ok',
    'user=al password=hunter2 ok',
    'key AKIAIOSFODNN7EXAMPLE rejected',
  ].join('\n');

  it('masks templates and examples in --json', async () => {
    const run = await runCli(['patterns', '--json'], { input: log });
    expect(run.code).toBe(0);
    for (const secret of ['Xyz', 'hunter2', 'AKIAIOSFODNN7EXAMPLE']) expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain('[REDACTED:password]');
  });

  it('masks them in the listing too', async () => {
    const run = await runCli(['patterns'], { input: log });
    for (const secret of ['Xyz', 'hunter2', 'AKIAIOSFODNN7EXAMPLE']) expect(run.stdout).not.toContain(secret);
  });

  it('prints them raw with --no-redact', async () => {
    const run = await runCli(['patterns', '--json', '--no-redact'], { input: log });
    expect(run.stdout).toContain('hunter2');
  });
});

describe('a JSON error line over 64 KiB (item 1)', () => {
  const stack = `Error: connect ECONNREFUSED 10.0.0.5:5432\n${Array.from({ length: 1500 }, (_, j) => `    at fn${j} (/srv/app/node_modules/lib/file${j}.js:${j}:7)`).join('\n')}`;
  const line = JSON.stringify({ level: 50, time: 1767225600000, msg: 'payment failed', err: { type: 'Error', message: 'connect ECONNREFUSED 10.0.0.5:5432', stack } });

  it('is still diagnosed, once per line', async () => {
    const file = join(SCRATCH, 'big-json.log');
    writeFileSync(file, `${Array.from({ length: 200 }, () => line).join('\n')}\n`);
    const run = await runCli(['diagnose', '--json', file]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { incidents: { count: number; diagnosis: { category: string } }[]; summary: { errorEvents: number } };
    expect(doc.summary.errorEvents).toBe(200);
    expect(doc.incidents).toHaveLength(1);
    expect(doc.incidents[0]!.count).toBe(200);
    expect(doc.incidents[0]!.diagnosis.category).toBe('database.connection');
    expect(run.stderr).toContain('over-long line');
  });
});
