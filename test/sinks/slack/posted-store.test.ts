import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFilePostedStore, POSTED_FILE } from '../../../src/sinks/slack/posted-store.js';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudsentry-slack-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('createFilePostedStore', () => {
  it('remembers posts across instances, in <cacheDir>/slack-posted.json', async () => {
    const cacheDir = join(dir, 'cloudsentry');
    await createFilePostedStore(cacheDir).markPosted(['aaa', 'bbb'], 1000);
    const again = createFilePostedStore(cacheDir);
    expect(await again.lastPosted(['aaa', 'ccc'])).toEqual(new Map([['aaa', 1000]]));
    const file = join(cacheDir, POSTED_FILE);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, posted: { aaa: 1000, bbb: 1000 } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(cacheDir)).toEqual([POSTED_FILE]);
  });

  it('drops entries older than a week when it writes', async () => {
    const store = createFilePostedStore(dir);
    await store.markPosted(['old'], 0);
    await store.markPosted(['new'], 8 * DAY);
    expect(await store.lastPosted(['old', 'new'])).toEqual(new Map([['new', 8 * DAY]]));
  });

  it('starts afresh, with a warning, from a corrupt file', async () => {
    const warnings: string[] = [];
    await writeFile(join(dir, POSTED_FILE), '{"version":1,"posted":');
    const store = createFilePostedStore(dir, { onWarning: (m) => void warnings.push(m) });
    expect(await store.lastPosted(['aaa'])).toEqual(new Map());
    expect(warnings[0]).toMatch(/is not a cloudsentry Slack state file/);
    await store.markPosted(['aaa'], 5);
    expect(await store.lastPosted(['aaa'])).toEqual(new Map([['aaa', 5]]));
  });

  it('never leaves a half-written file when two writers race', async () => {
    const store = createFilePostedStore(dir);
    await Promise.all([store.markPosted(['x'], 1), store.markPosted(['y'], 2)]);
    const text = await readFile(join(dir, POSTED_FILE), 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
