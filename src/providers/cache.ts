import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { makePrivateDir } from '../private-dir.js';
import { join } from 'node:path';
import { z } from 'zod';
import type { Diagnosis } from '../core/diagnosis.js';
import { maskVariables } from '../core/incidents.js';
import { redactText } from '../core/redact/index.js';
import { CATEGORY_IDS, type Category, SEVERITIES } from '../core/taxonomy.js';
import type { DiagnoseOptions, DiagnosisRequest, Provider, ProviderReport } from './provider.js';

/** How long a cached diagnosis is reused: a day, so a recurring error costs one request per day. */
export const CACHE_TTL_MS = 24 * 60 * 60 * 1000;

/** One stored answer: when it was stored and what it was. */
export interface CachedDiagnosis {
  storedAt: number;
  diagnosis: Diagnosis;
}

/**
 * Where cached answers live: files in the CLI's cache directory, a DynamoDB table for the Lambda agent.
 * `get` returns undefined for a miss or an unreadable entry; `put` may throw (the wrapper warns once and goes on).
 */
export interface DiagnosisCacheStore {
  get(key: string): Promise<CachedDiagnosis | undefined>;
  put(key: string, entry: CachedDiagnosis): Promise<void>;
  /** Where the store is, for warnings. */
  readonly location: string;
}

export interface CacheSettings {
  store: DiagnosisCacheStore;
  model: string;
  promptVersion: string;
  ttlMs?: number;
  now: () => number;
  warn: (message: string) => void;
}

/** The shape of a stored entry, checked on every read so a corrupt or foreign entry is a miss. */
export const cachedDiagnosisSchema = z.object({
  storedAt: z.number(),
  diagnosis: z.object({
    category: z.enum(CATEGORY_IDS as [Category, ...Category[]]),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    rootCause: z.string(),
    remediation: z.array(z.string()),
    confidence: z.number(),
    evidence: z.string(),
    engine: z.literal('claude'),
  }),
});

/**
 * Wraps a provider with an on-disk cache of its answers, so a repeat of the same error within the
 * TTL sends no request. Only the wrapped provider's own answers are stored, never offline fallbacks.
 */
export function createCachedProvider(inner: Provider, settings: CacheSettings): Provider {
  const { store } = settings;
  const ttl = settings.ttlMs ?? CACHE_TTL_MS;
  let hits = 0;
  let warned = false;

  const onWriteError = (error: unknown) => {
    if (warned) return;
    warned = true;
    settings.warn(`cannot write the diagnosis cache in ${store.location} (${(error as Error).message}); continuing without it`);
  };

  return {
    name: inner.name,
    ...(inner.report
      ? {
          report: (): ProviderReport => {
            const report = inner.report!();
            return { ...report, usage: { ...report.usage, cached: hits } };
          },
        }
      : {}),

    async diagnose(requests: DiagnosisRequest[], options?: DiagnoseOptions): Promise<Diagnosis[]> {
      const keys = requests.map((request) => cacheKey(request, settings.model, settings.promptVersion));
      const now = settings.now();
      const found = await Promise.all(keys.map(async (key) => freshDiagnosis(await store.get(key).catch(() => undefined), now, ttl)));
      hits = found.filter(Boolean).length;
      const missing = requests.filter((_, i) => !found[i]);
      const answered = missing.length > 0 ? await inner.diagnose(missing, options) : [];
      const fresh = new Map(missing.map((request, i) => [request, answered[i]!]));

      const writes: Promise<void>[] = [];
      const result = requests.map((request, i) => {
        const cached = found[i];
        if (cached) return cached;
        const diagnosis = fresh.get(request)!;
        if (diagnosis.engine === inner.name) writes.push(store.put(keys[i]!, { storedAt: settings.now(), diagnosis }).catch(onWriteError));
        return diagnosis;
      });
      await Promise.all(writes);
      return result;
    },
  };
}

/**
 * Fingerprint, model and prompt version, plus the redacted sample with its variable parts masked:
 * the same error with new timestamps hits, a different stack trace under the same pattern does not.
 */
export function cacheKey(request: DiagnosisRequest, model: string, promptVersion: string): string {
  const sample = maskVariables(redactText(request.incident.sample));
  return createHash('sha256')
    .update(JSON.stringify([promptVersion, model, request.incident.fingerprint, sample]))
    .digest('hex')
    .slice(0, 40);
}

/** The entry's diagnosis while it is within the TTL (and not stored in the future by a skewed clock). */
function freshDiagnosis(entry: CachedDiagnosis | undefined, now: number, ttl: number): Diagnosis | undefined {
  if (!entry) return undefined;
  return now - entry.storedAt <= ttl && entry.storedAt <= now + 60_000 ? entry.diagnosis : undefined;
}

/** The CLI's store: one JSON file per key in `<cacheDir>/diagnoses/`, private to the user. */
export function createFileCacheStore(cacheDir: string): DiagnosisCacheStore {
  const dir = join(cacheDir, 'diagnoses');
  return {
    location: dir,
    async get(key) {
      let text: string;
      try {
        text = await readFile(join(dir, `${key}.json`), 'utf8');
      } catch {
        return undefined;
      }
      const parsed = cachedDiagnosisSchema.safeParse(safeJson(text));
      return parsed.success ? parsed.data : undefined; // A corrupt entry is a miss; the next answer overwrites it.
    },
    async put(key, entry) {
      // Entries hold (redacted) log excerpts: keep them private to the user.
      await makePrivateDir(dir);
      const file = join(dir, `${key}.json`);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
      await rename(temp, file);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
