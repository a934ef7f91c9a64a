import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeContext } from '../helpers/context.js';

describe('main', () => {
  it('prints usage and exits 2 when diagnose has no input and stdin is a terminal', async () => {
    const { ctx, stderr } = fakeContext({ stdinIsTTY: true });
    const code = await main(['node', 'cloudsentry', 'diagnose'], ctx);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/Usage: cloudsentry diagnose/);
  });

  it('prints the version and exits 0', async () => {
    const { ctx, stdout } = fakeContext();
    const code = await main(['node', 'cloudsentry', '--version'], ctx);
    expect(code).toBe(0);
    expect(stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('turns an unknown command into exit 2', async () => {
    const { ctx, stderr } = fakeContext();
    const code = await main(['node', 'cloudsentry', 'frobnicate'], ctx);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/unknown command/);
  });
});

describe('usage errors', () => {
  it('a bare `cloudsentry` prints help and exits 2', async () => {
    const { ctx, stderr } = fakeContext();
    const code = await main(['node', 'cloudsentry'], ctx);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/Usage: cloudsentry/);
  });

  it('--json with --markdown is refused with one line and exit 2', async () => {
    const { ctx, stderr } = fakeContext();
    const code = await main(['node', 'cloudsentry', 'diagnose', '--json', '--markdown', '--text', 'ERROR x'], ctx);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/--json and --markdown cannot be used together/);
  });
});
