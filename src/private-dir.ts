import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How many missing parent folders are created at most: a cache path is never deeper. */
const MAX_DEPTH = 64;

/**
 * Creates `dir` and its missing parents (mode 0700), one level at a time. Node's own
 * `mkdir(…, { recursive: true })` can loop forever, at full CPU, under a pseudo file system such
 * as /proc (XDG_CACHE_HOME=/proc/…); this stops at the first error it cannot get past.
 */
export async function makePrivateDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; missing.length < MAX_DEPTH; current = dirname(current)) {
    try {
      await mkdir(current, { mode: 0o700 });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
