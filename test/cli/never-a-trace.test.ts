import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_ERRORS, type SlackReceiver, startSlackReceiver } from '../fakes/slack-receiver.js';
import { BIN, SCRATCH, runCli } from '../helpers/cli.js';

// Issue #12, through the built CLI: never a stack trace, never a hang (items 3, 13, 14).

const REFUSED = 'ERROR Error: connect ECONNREFUSED 10.0.0.1:5432';

describe('write errors (item 13)', () => {
  it.skipIf(!existsSync('/dev/full')).each([['diagnose'], ['diagnose', '--json'], ['redact'], ['patterns']])(
    '%s > /dev/full: one cloudsentry line, exit 1',
    async (...args) => {
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.join(' ')} > /dev/full`, {
          shell: true,
          env: { PATH: process.env.PATH, NO_COLOR: '1', XDG_CACHE_HOME: join(SCRATCH, 'cache') },
          stdio: ['pipe', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
        child.stdin.end(`${REFUSED}\n`);
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('cloudsentry: cannot write the output: no space left on device (ENOSPC)\n');
    },
  );
});

describe('out-of-range settings (item 14)', () => {
  it.each(['5000000', 'soon'])('CLOUDSENTRY_SLACK_TIMEOUT=%s is refused with a clear message', async (value) => {
    const run = await runCli(['diagnose', '--slack'], {
      input: `${REFUSED}\n`,
      env: { CLOUDSENTRY_SLACK_TIMEOUT: value, SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/services/T/B/X' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cloudsentry: CLOUDSENTRY_SLACK_TIMEOUT must be a number of seconds above 0 and at most 600 \(got "[^"]*"\); the default is 10\n$/);
  });

  it('--timeout beyond a day is refused before anything is sent', async () => {
    const run = await runCli(['diagnose', '--timeout', '5000000'], { input: `${REFUSED}\n`, env: { ANTHROPIC_API_KEY: 'sk-ant-x', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: --timeout must be more than 0 and at most 86400 seconds (one day)\n');
  });
});

describe('a closed stdout ends the printing, not the forwarding (item 3)', () => {
  let receiver: SlackReceiver;
  beforeAll(async () => {
    receiver = await startSlackReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  /** Many incidents with long samples: far more Markdown than a pipe holds. */
  function bigLog(): string {
    const file = join(SCRATCH, 'big-for-head.log');
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) {
      lines.push(`ERROR job ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} crashed: TypeError: Cannot read properties of undefined (reading 'k${i}')`);
      for (let k = 0; k < 30; k++) lines.push(`    at step${k} (/srv/app/module${i}/file${k}.js:${k}:7)`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  /** `cloudsentry diagnose big.log --markdown --slack | head -1`: the reader goes away after the first chunk. */
  function runWithHead(file: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string; firstLine: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'diagnose', file, '--markdown', '--slack'], {
        env: { PATH: process.env.PATH, NO_COLOR: '1', XDG_CACHE_HOME: join(SCRATCH, `cache-head-${Date.now()}`), SLACK_WEBHOOK_URL: receiver.url, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let firstLine = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', (d: Buffer) => {
        firstLine = d.toString().split('\n')[0]!;
        child.stdout.destroy();
      });
      child.on('close', (code) => resolve({ code, stderr, firstLine }));
    });
  }

  it('still posts to Slack, exit 0', async () => {
    const run = await runWithHead(bigLog(), {});
    expect(run.firstLine).toBe('# cloudsentry diagnosis');
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });

  it('exits 3 when that post fails', async () => {
    receiver.script(SLACK_ERRORS.noService);
    const run = await runWithHead(bigLog(), {});
    expect(receiver.requests).toHaveLength(1);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cloudsentry: Slack forwarding failed/m);
  });
});

describe('an unwritable cache home (item 16)', () => {
  let receiver: SlackReceiver;
  beforeAll(async () => {
    receiver = await startSlackReceiver();
  });
  afterAll(() => receiver.close());

  it.skipIf(!existsSync('/proc/self'))('XDG_CACHE_HOME under /proc: posts, warns once, and ends', async () => {
    const run = await runCli(['diagnose', '--slack'], {
      input: `${REFUSED}\n`,
      env: { XDG_CACHE_HOME: '/proc/cloudsentry-test', SLACK_WEBHOOK_URL: receiver.url },
      timeoutMs: 20_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    expect(run.stderr).toMatch(/^cloudsentry: Slack: posted, but could not record it for the cooldown/m);
    expect(run.stderr).not.toContain('this is a bug');
  });
});

describe('a corrupt Slack state file (item 17)', () => {
  let receiver: SlackReceiver;
  beforeAll(async () => {
    receiver = await startSlackReceiver();
  });
  afterAll(() => receiver.close());

  it('is warned about once', async () => {
    const home = join(SCRATCH, `corrupt-state-${Date.now()}`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(home, 'cloudsentry'), { recursive: true });
    writeFileSync(join(home, 'cloudsentry', 'slack-posted.json'), '{not json');
    const run = await runCli(['diagnose', '--slack'], { input: `${REFUSED}\n`, env: { XDG_CACHE_HOME: home, SLACK_WEBHOOK_URL: receiver.url } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/is not a cloudsentry Slack state file/g)).toHaveLength(1);
  });
});
