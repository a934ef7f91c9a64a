import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from '../fakes/anthropic-server.js';
import { SCRATCH, runCli } from '../helpers/cli.js';

// Issue #12, through the built CLI: no diagnosis is lost (items 2, 4, 5, 6).

interface Doc {
  incidents: { fingerprint: string; count: number; diagnosis: { category: string; engine: string } }[];
  summary: { errorEvents: number; overflow?: { events: number; patterns: number } };
}

const REFUSED = '2026-01-01T00:00:00Z ERROR Error: connect ECONNREFUSED 10.0.0.1:5432';

describe('a Claude endpoint answering 200 with a body that is not the API (item 5)', () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it.each([
    ['an HTML page', 'text/html', '<html><body>Welcome to the proxy</body></html>'],
    ['JSON of another API', 'application/json', '{"ok":true,"data":[]}'],
    ['broken JSON', 'application/json', '{"id":"msg_1","content":['],
  ])('falls back to the offline diagnosis for %s', async (_what, contentType, body) => {
    fake.script({ kind: 'raw', contentType, body });
    const run = await runCli(['diagnose', '--json'], {
      input: `${REFUSED}\n`,
      env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.url },
    });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.incidents[0]!.diagnosis).toMatchObject({ category: 'database.connection', engine: 'rules' });
    expect(run.stderr).toMatch(/^cloudsentry: warning: Claude's endpoint answered with something else/m);
    expect(run.stderr).not.toContain('this is a bug');
  });
});

describe('input that used to be refused or lost', () => {
  it('a run of NUL bytes at the start is skipped with a warning, not taken for binary (item 4)', async () => {
    const file = join(SCRATCH, 'hole.log');
    writeFileSync(file, Buffer.concat([Buffer.alloc(4096), Buffer.from(`${REFUSED}\n`.repeat(200))]));
    const run = await runCli(['diagnose', '--json', file]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Doc).incidents[0]!.count).toBe(200);
    expect(run.stderr).toContain('skipped 4096 NUL byte(s)');
  });

  it('real binary data is still refused', async () => {
    const file = join(SCRATCH, 'binary.log');
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const run = await runCli(['diagnose', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cloudsentry: ${file} looks like binary data, not a text log\n`);
  });

  it.each([
    ['UTF-16LE', 'utf16le', Buffer.from([0xff, 0xfe])],
    ['UTF-16BE', 'utf16be', Buffer.from([0xfe, 0xff])],
  ])('%s with a byte-order mark is decoded (item 6)', async (_name, encoding, bom) => {
    const text = `2026-01-01T00:00:00Z INFO start\r\n${REFUSED}\r\n${REFUSED}\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const body = encoding === 'utf16le' ? le : Buffer.from(le).swap16();
    const file = join(SCRATCH, `${encoding}.log`);
    writeFileSync(file, Buffer.concat([bom, body]));
    const run = await runCli(['diagnose', '--json', file]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.incidents[0]).toMatchObject({ count: 2, diagnosis: { category: 'database.connection' } });
  });

  it('CR-only line endings split lines (item 6)', async () => {
    const run = await runCli(['diagnose', '--json'], {
      input: `2026-01-01T00:00:00Z INFO start\r${REFUSED}\r2026-01-01T00:00:02Z ERROR TypeError: Cannot read properties of undefined (reading 'id')\r`,
    });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.summary.errorEvents).toBe(2);
    expect(doc.incidents.map((i) => i.diagnosis.category).sort()).toEqual(['code.exception', 'database.connection']);
  });

  it('a CRLF split across two reads is one line end, not two', async () => {
    const file = join(SCRATCH, 'crlf-boundary.log');
    // Files are read in 1 MiB chunks: put a CR as the last byte of the first chunk.
    const first = 'x'.repeat(1024 * 1024 - 1) + '\r';
    writeFileSync(file, `${first}\n${REFUSED}\r\n`);
    const run = await runCli(['redact', file]);
    expect(run.stdout.split('\n')).toHaveLength(3);
  });
});

describe('past the incident cap (item 2)', () => {
  it('an out-of-memory error after 10,500 rare noisy errors keeps its incident, with a warning', async () => {
    // Words from a multiplicative hash: every line shares no word with any other, so each is its own pattern.
    const word = (n: number): string => {
      let x = Math.imul(n + 1, 2654435761) >>> 0;
      let w = '';
      for (let k = 0; k < 6; k++, x = Math.floor(x / 26)) w += String.fromCharCode(97 + (x % 26));
      return w;
    };
    const lines = Array.from({ length: 10_500 }, (_, i) => `ERROR ${[0, 1, 2, 3, 4].map((k) => word(i * 5 + k)).join(' ')}`);
    for (let i = 0; i < 5; i++) lines.push('ERROR java.lang.OutOfMemoryError: Java heap space');
    const run = await runCli(['diagnose', '--json'], { input: `${lines.join('\n')}\n`, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as Doc;
    expect(doc.incidents[0]!.diagnosis.category).toBe('resource.memory');
    expect(doc.incidents.at(-1)!.fingerprint).toBe('overflow');
    expect(doc.summary.overflow!.events).toBeGreaterThan(400);
    expect(doc.incidents.reduce((n, i) => n + i.count, 0)).toBe(doc.summary.errorEvents);
    expect(run.stderr).toMatch(/cloudsentry: warning: too many distinct errors: \d+ error\(s\) of \d+ rare unrecognised pattern\(s\)/);
  }, 120_000);
});
