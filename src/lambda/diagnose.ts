import type { CallCap } from '../aws/state/call-cap.js';
import type { KeyValueStore } from '../aws/state/cache.js';
import type { Diagnosis } from '../core/diagnosis.js';
import { CACHE_TTL_MS, cacheKey } from '../providers/cache.js';
import type { DiagnoseOptions, DiagnosisRequest, Provider, ProviderReport } from '../providers/provider.js';
import { z } from 'zod';
import { CATEGORY_IDS, type Category, SEVERITIES } from '../core/taxonomy.js';

/**
 * Wraps an LLM provider with the fleet-wide per-minute cap: one `diagnose` call (one batch, normally one
 * request) takes one call from the minute's budget; above it every incident keeps its offline diagnosis.
 */
export function createCappedProvider(inner: Provider, cap: CallCap, options: { now: () => number; onDenied: () => void }): Provider & { calls(): number; denials(): number } {
  let calls = 0;
  let denials = 0;
  let denied = false;
  return {
    name: inner.name,
    calls: () => calls,
    denials: () => denials,
    report: (): ProviderReport | undefined => (denied ? undefined : inner.report?.()),
    async diagnose(requests: DiagnosisRequest[], diagnoseOptions?: DiagnoseOptions): Promise<Diagnosis[]> {
      denied = !(await cap.tryTake(options.now()));
      if (denied) {
        denials++;
        options.onDenied();
        return requests.map((request) => request.offline);
      }
      calls++;
      return inner.diagnose(requests, diagnoseOptions);
    },
  } as Provider & { calls(): number; denials(): number };
}

const diagnosisSchema = z.object({
  category: z.enum(CATEGORY_IDS as [Category, ...Category[]]),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  rootCause: z.string(),
  remediation: z.array(z.string()),
  confidence: z.number(),
  evidence: z.string(),
  engine: z.literal('claude'),
});

/**
 * Wraps a provider with a cache in a KeyValueStore (the agent's DynamoDB table), keyed like the CLI's disk
 * cache (fingerprint, model, prompt version, masked redacted sample): the whole fleet pays once per problem.
 * Only the wrapped provider's own answers are stored, never offline fallbacks. A store failure is a miss.
 */
export function createStoreCachedProvider(
  inner: Provider,
  store: KeyValueStore,
  settings: { model: string; promptVersion: string; ttlMs?: number; warn: (message: string) => void },
): Provider & { hits(): number } {
  let hits = 0;
  const ttl = settings.ttlMs ?? CACHE_TTL_MS;
  const read = async (key: string): Promise<Diagnosis | undefined> => {
    try {
      const text = await store.get(key);
      if (text === undefined) return undefined;
      const parsed = diagnosisSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      settings.warn(`diagnosis cache read failed (${(error as Error).name}); asking the LLM`);
      return undefined;
    }
  };
  return {
    name: inner.name,
    hits: () => hits,
    ...(inner.report ? { report: () => inner.report!() } : {}),
    async diagnose(requests, options) {
      const keys = requests.map((request) => cacheKey(request, settings.model, settings.promptVersion));
      const found = await Promise.all(keys.map(read));
      hits = found.filter(Boolean).length;
      const missing = requests.filter((_, i) => !found[i]);
      const answered = missing.length > 0 ? await inner.diagnose(missing, options) : [];
      const fresh = new Map(missing.map((request, i) => [request, answered[i]!]));
      const writes: Promise<void>[] = [];
      const result = requests.map((request, i) => {
        const cached = found[i];
        if (cached) return cached;
        const diagnosis = fresh.get(request)!;
        if (diagnosis.engine !== 'rules') {
          writes.push(store.set(keys[i]!, JSON.stringify(diagnosis), ttl).catch((error: unknown) => settings.warn(`diagnosis cache write failed (${(error as Error).name})`)));
        }
        return diagnosis;
      });
      await Promise.all(writes);
      return result;
    },
  } as Provider & { hits(): number };
}
