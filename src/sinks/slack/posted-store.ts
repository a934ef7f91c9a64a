import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateDir } from '../../private-dir.js';

/**
 * Remembers which incidents were posted and when. The CLI keeps a file in its cache directory;
 * the Lambda agent can implement the same two calls over shared state (e.g. DynamoDB, where
 * `markPosted` should be a conditional write so concurrent invocations do not both post).
 */
export interface PostedStore {
  /** Epoch ms of the last post of each given fingerprint that was ever posted. */
  lastPosted(fingerprints: string[]): Promise<Map<string, number>>;
  /** Records that these fingerprints were posted at `at` (epoch ms). */
  markPosted(fingerprints: string[], at: number): Promise<void>;
}

/** File name of the CLI's store, inside the cache directory. */
export const POSTED_FILE = 'slack-posted.json';
/** Entries older than this are dropped on write, so the file stays small whatever the cooldown. */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

interface PostedFile {
  version: 1;
  posted: Record<string, number>;
}

/** A PostedStore in `<cacheDir>/slack-posted.json`, written atomically (temp file + rename). */
export function createFilePostedStore(cacheDir: string, options: { onWarning?: (message: string) => void } = {}): PostedStore {
  const file = join(cacheDir, POSTED_FILE);
  const onWarning = options.onWarning ?? (() => {});
  // The file is read before posting and again before recording: what is wrong with it is said once.
  const said = new Set<string>();
  const warn = (message: string): void => {
    if (said.has(message)) return;
    said.add(message);
    onWarning(message);
  };

  const read = async (): Promise<Record<string, number>> => {
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read ${file}: ${(error as Error).message}; posting as if nothing was posted before`);
      return {};
    }
    const parsed = parsePostedFile(raw);
    if (!parsed) warn(`${file} is not a cloudsentry Slack state file; starting afresh`);
    return parsed ?? {};
  };

  return {
    async lastPosted(fingerprints) {
      const posted = await read();
      const found = new Map<string, number>();
      for (const fingerprint of fingerprints) {
        const at = posted[fingerprint];
        if (at !== undefined) found.set(fingerprint, at);
      }
      return found;
    },
    async markPosted(fingerprints, at) {
      const posted = await read();
      for (const fingerprint of fingerprints) posted[fingerprint] = at;
      const kept = Object.fromEntries(Object.entries(posted).filter(([, time]) => at - time < RETENTION_MS));
      const document: PostedFile = { version: 1, posted: kept };
      await writeAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
    },
  };
}

function parsePostedFile(raw: string): Record<string, number> | undefined {
  try {
    const value = JSON.parse(raw) as Partial<PostedFile> | null;
    if (!value || value.version !== 1 || typeof value.posted !== 'object' || value.posted === null) return undefined;
    return Object.fromEntries(Object.entries(value.posted).filter(([, at]) => typeof at === 'number' && Number.isFinite(at)));
  } catch {
    return undefined;
  }
}

/** A reader never sees half a file: write a sibling temp file, then rename over the target. */
async function writeAtomically(file: string, content: string): Promise<void> {
  await makePrivateDir(dirname(file));
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(temp, content, { mode: 0o600 });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** A PostedStore in memory, for tests and one-off runs. */
export function createMemoryPostedStore(initial: Record<string, number> = {}): PostedStore & { posted: Map<string, number> } {
  const posted = new Map(Object.entries(initial));
  return {
    posted,
    async lastPosted(fingerprints) {
      return new Map(fingerprints.flatMap((fp) => (posted.has(fp) ? [[fp, posted.get(fp)!] as const] : [])));
    },
    async markPosted(fingerprints, at) {
      for (const fp of fingerprints) posted.set(fp, at);
    },
  };
}
