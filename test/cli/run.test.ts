import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  /** Peak resident memory of the cloudsentry process, in bytes, sampled from /proc (Linux). */
  peakRss: number;
}

const SCRATCH = mkdtempSync(join(tmpdir(), 'cloudsentry-run-'));
const NODE = process.execPath;

/** Spawns `cloudsentry run …` with a clean offline environment; `onSpawn` may signal it. */
function run(args: string[], options: { env?: Record<string, string>; onStderr?: (text: string, pid: number) => void } = {}): Promise<Run> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', XDG_CACHE_HOME: join(SCRATCH, 'cache'), ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [BIN, 'run', ...args], { env, cwd: SCRATCH, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let peakRss = 0;
    const sample = setInterval(() => {
      try {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (rss) peakRss = Math.max(peakRss, Number(rss[1]) * 1024);
      } catch {
        // the process has just exited
      }
    }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      options.onStderr?.(err, child.pid!);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err, peakRss });
    });
  });
}

const script = (name: string, code: string): string => {
  const file = join(SCRATCH, name);
  writeFileSync(file, code);
  return file;
};

describe('cloudsentry run: exit statuses', () => {
  it('is silent on success and passes stdout and stderr through', async () => {
    const r = await run(['--', NODE, '-e', 'process.stdout.write("out\\n"); process.stderr.write("err\\n")']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('out\n');
    expect(r.stderr).toBe('err\n');
  });

  it.each([1, 2, 42])('keeps exit status %i, with stdout intact and the report on stderr', async (status) => {
    const r = await run(['--', NODE, '-e', `console.log("building"); console.error("Error: boom"); process.exit(${status})`]);
    expect(r.code).toBe(status);
    expect(r.stdout.toString()).toBe('building\n');
    expect(r.stderr).toContain(`exited with status ${status}`);
    expect(r.stderr).toContain('Error: boom');
  });

  it('exits 127 when the command does not exist', async () => {
    const r = await run(['--', 'no-such-command-cloudsentry']);
    expect(r.code).toBe(127);
    expect(r.stderr).toBe('cloudsentry: no-such-command-cloudsentry: command not found\n');
  });

  it('exits 128+9 when the command is killed by SIGKILL', async () => {
    const r = await run(['--', NODE, '-e', 'console.error("Killed"); process.kill(process.pid, "SIGKILL")']);
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('was killed by SIGKILL (status 137)');
  });

  it('forwards SIGTERM to the command, which cleans up; its status is kept', async () => {
    const child = script(
      'cleanup.js',
      'process.on("SIGTERM", () => { console.log("cleaned up"); process.exit(143); }); console.error("ready"); setInterval(() => {}, 1000);',
    );
    let sent = false;
    const r = await run(['--', NODE, child], {
      onStderr: (text, pid) => {
        if (!sent && text.includes('ready')) {
          sent = true;
          process.kill(pid, 'SIGTERM');
        }
      },
    });
    expect(r.stdout.toString()).toBe('cleaned up\n');
    expect(r.code).toBe(143);
  });

  it('refuses a missing command with a usage error', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
  });
});

describe('cloudsentry run: output', () => {
  it('passes binary output through byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const file = join(SCRATCH, 'blob.bin');
    writeFileSync(file, bytes);
    const r = await run(['--', NODE, '-e', `process.stdout.write(require("fs").readFileSync(${JSON.stringify(file)})); process.exitCode = 3`]);
    expect(r.code).toBe(3);
    expect(r.stdout.equals(bytes)).toBe(true);
  });

  it('copes with a command that closes its stdout and goes on on stderr', async () => {
    const r = await run(['--', 'sh', '-c', 'echo first; exec 1>&-; echo "fatal error: gone" >&2; exit 4']);
    expect(r.code).toBe(4);
    expect(r.stdout.toString()).toBe('first\n');
    expect(r.stderr).toContain('fatal error: gone');
  });

  it('keeps memory flat on 64 MB of output with a 1 MB tail', async () => {
    const r = await run(['--tail-size', '1MB', '--', NODE, '-e', 'const b = Buffer.alloc(65536, 120); b[65535] = 10; for (let i = 0; i < 1024; i++) process.stdout.write(b); console.error("Error: done"); process.exitCode = 1']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(64 * 1024 * 1024);
    if (existsSync('/proc/self/status')) expect(r.peakRss).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('cloudsentry run in GitHub Actions', () => {
  it('appends the Markdown report to the step summary and annotates the failing line', async () => {
    const summary = join(SCRATCH, 'summary.md');
    writeFileSync(summary, 'previous step\n');
    const r = await run(['--', NODE, '-e', `console.log("src/cart.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'."); process.exit(2)`], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: SCRATCH },
    });
    expect(r.code).toBe(2);
    const lines = r.stdout.toString().split('\n');
    expect(lines[0]).toBe("src/cart.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(lines[1]).toMatch(/^::error file=src\/cart\.ts,line=12,col=7,title=cloudsentry%3A TypeScript TS2322 in src\/cart\.ts%3A12%3A Type 'string' is not assignable to type 'number'\.::/);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('previous step\n**cloudsentry run: `')).toBe(true);
    expect(written).toContain('exited with status 2**\n\n# cloudsentry diagnosis\n');
    expect(written).toContain('`build.compile`');
  });
});
