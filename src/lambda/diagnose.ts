import type { CallCap } from '../aws/state/call-cap.js';
import type { Diagnosis } from '../core/diagnosis.js';
import type { DiagnoseOptions, DiagnosisRequest, Provider, ProviderReport } from '../providers/provider.js';

/** A provider behind the fleet-wide cap, with counters the handler reads per invocation. */
export type CappedProvider = Provider & { calls(): number; denials(): number };

/**
 * Wraps an LLM provider with the fleet-wide per-minute cap: one `diagnose` call (one batch, normally one
 * request) takes one call from the minute's budget; above it every incident keeps its offline diagnosis.
 * It sits inside the cache, so an answer the fleet already paid for never takes from the budget.
 */
export function createCappedProvider(inner: Provider, cap: CallCap, options: { now: () => number; onDenied: () => void }): CappedProvider {
  let calls = 0;
  let denials = 0;
  let denied = false;
  return {
    name: inner.name,
    calls: () => calls,
    denials: () => denials,
    ...(inner.report ? { report: (): ProviderReport => inner.report!() } : {}),
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
  };
}
