import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

// Issue #13's "done when", with real tools that work offline: npm with local tarballs, vitest and tsc
// from this repository's node_modules, pytest when the machine has it.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = process.execPath;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnCollect(argv: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the command directly and through `cloudsentry run --offline`, in the same folder. */
async function directAndWrapped(command: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<{ direct: Run; wrapped: Run }> {
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', CI: 'true', XDG_CACHE_HOME: join(cwd, '.cache'), ...extraEnv };
  const direct = await spawnCollect(command, cwd, env);
  const wrapped = await spawnCollect([NODE, BIN, 'run', '--offline', '--', ...command], cwd, env);
  return { direct, wrapped };
}

/** The part of stderr cloudsentry adds after the command's own output. */
function report(run: Run): string {
  const at = run.stderr.indexOf('\ncloudsentry: ');
  return at === -1 ? '' : run.stderr.slice(at);
}

describe('cloudsentry run: done when (issue #13)', () => {
  it('npm install with a peer conflict: npm\'s status and output, and the conflicting packages named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-npm-'));
    const pack = (name: string, pkg: object): void => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'package.json'), JSON.stringify(pkg));
      spawnSync('npm', ['pack', '--silent'], { cwd: join(dir, name), env: { PATH: process.env.PATH ?? '', HOME: dir } });
    };
    pack('core', { name: 'ui-core', version: '2.0.0' });
    pack('widget', { name: 'old-widget', version: '13.0.0', peerDependencies: { 'ui-core': '^1.0.0' } });
    mkdirSync(join(dir, 'app'));
    writeFileSync(
      join(dir, 'app', 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'ui-core': 'file:../core/ui-core-2.0.0.tgz', 'old-widget': 'file:../widget/old-widget-13.0.0.tgz' } }),
    );
    const npm = ['npm', 'install', '--no-audit', '--no-fund', '--offline', '--loglevel=error'];
    const { direct, wrapped } = await directAndWrapped(npm, join(dir, 'app'), { npm_config_cache: join(dir, 'npm-cache') });
    expect(direct.code).toBe(1);
    expect(wrapped.code).toBe(direct.code);
    expect(wrapped.stdout).toBe(direct.stdout);
    // npm's own lines come first, untouched (its debug-log paths differ per run, so compare the rest).
    const npmLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('npm error') && !l.includes('_logs'));
    expect(npmLines(wrapped.stderr.slice(0, wrapped.stderr.indexOf('\ncloudsentry: ')))).toEqual(npmLines(direct.stderr));
    const said = report(wrapped);
    expect(said).toContain('npm ERESOLVE: old-widget 13.0.0 wants ui-core ^1.0.0, the project has ui-core 2.0.0');
    expect(said).toContain('Upgrade old-widget to a release whose peer range accepts ui-core 2.0.0');
    expect(said).toContain('build.dependency');
  }, 120_000);

  it('a failing vitest suite: the test name and its assertion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-vitest-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"shop","type":"module"}');
    writeFileSync(
      join(dir, 'cart.test.mjs'),
      "import { describe, expect, it } from 'vitest';\nconst total = (items) => items.reduce((s, i) => s + i.price, 0);\ndescribe('cart', () => {\n  it('sums prices', () => { expect(total([{ price: 2 }, { price: 3 }])).toBe(6); });\n  it('is empty at first', () => { expect(total([])).toBe(0); });\n});\n",
    );
    const vitest = [NODE, join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir];
    const { direct, wrapped } = await directAndWrapped(vitest, dir, { NODE_PATH: join(ROOT, 'node_modules') });
    expect(direct.code).toBe(1);
    expect(wrapped.code).toBe(1);
    const said = report(wrapped);
    expect(said).toContain('vitest: cart > sums prices failed: expected 5 to be 6');
    expect(said).toContain('build.test');
  }, 120_000);

  it('a failing TypeScript compile: file, line and the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-tsc-'));
    writeFileSync(join(dir, 'cart.ts'), "export const count: number = 'three';\n");
    const tsc = [NODE, join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--pretty', 'false', 'cart.ts'];
    const { direct, wrapped } = await directAndWrapped(tsc, dir);
    expect(direct.code).toBe(2);
    expect(wrapped.code).toBe(2);
    expect(wrapped.stdout).toBe(direct.stdout);
    const said = report(wrapped);
    expect(said).toContain("TypeScript TS2322 in cart.ts:1: Type 'string' is not assignable to type 'number'.");
    expect(said).toContain('build.compile');
  }, 120_000);

  const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;
  it.skipIf(!hasPytest)('a failing pytest suite (when pytest is installed): the test and its first assertion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsentry-pytest-'));
    writeFileSync(join(dir, 'test_cart.py'), 'def total(items):\n    return sum(items)\n\ndef test_total():\n    assert total([2, 3]) == 6\n');
    const { direct, wrapped } = await directAndWrapped(['python3', '-m', 'pytest', '-p', 'no:cacheprovider', 'test_cart.py'], dir);
    expect(direct.code).toBe(1);
    expect(wrapped.code).toBe(1);
    const said = report(wrapped);
    expect(said).toContain('pytest: test_cart.py::test_total failed: assert 5 == 6');
  }, 120_000);
});
