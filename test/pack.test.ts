import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('npm pack', () => {
  it('produces a tarball that installs into an empty folder and runs with npx', () => {
    const work = mkdtempSync(join(tmpdir(), 'cloudsentry-pack-'));
    // dist/ is already built by `npm test`; skip `prepare` so packing does not rebuild it.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const app = join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', join(work, tarball!)], { cwd: app, stdio: 'pipe' });

    const env = { ...process.env, NO_COLOR: '1', ANTHROPIC_API_KEY: '', SLACK_WEBHOOK_URL: '' };
    const help = execFileSync('npx', ['--no-install', 'cloudsentry', '--help'], { cwd: app, env, encoding: 'utf8' });
    expect(help).toMatch(/Usage: cloudsentry/);
    expect(help).toMatch(/diagnose/);

    const example = join(app, 'node_modules', 'cloudsentry', 'examples', 'payment-service.log');
    const report = execFileSync('npx', ['--no-install', 'cloudsentry', 'diagnose', example], { cwd: app, env, encoding: 'utf8' });
    expect(report).toMatch(/database\.connection/);
  }, 240_000);
});
