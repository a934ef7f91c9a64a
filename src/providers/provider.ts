import type { Diagnosis } from '../core/diagnosis.js';
import type { Incident } from '../core/incident.js';
import type { CloudsentryError } from '../errors.js';

/** What a provider gets for one incident: redacted text only, plus what the offline engine concluded. */
export interface DiagnosisRequest {
  incident: Incident;
  /** The knowledge base's answer, always computed first; LLM providers may use it as a hint and fall back to it. */
  offline: Diagnosis;
}

export interface DiagnoseOptions {
  signal?: AbortSignal;
}

/** Tokens, money and requests a paid provider spent in one run (`summary.usage` in `--json`). */
export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from the price table; null when the model has no known price. */
  costUsd: number | null;
  /** HTTP requests that got an answer (retries by the SDK not counted). */
  requests: number;
  /** Incidents answered from the on-disk cache without a request. */
  cached: number;
}

/** How a paid provider's last `diagnose` went: what it spent and the fault that forced a fallback, if any. */
export interface ProviderReport {
  usage: Usage;
  /** The first fault that made incidents fall back to the offline diagnosis; its exitCode is the run's. */
  fault?: CloudsentryError;
}

/** A diagnoser: the offline rules engine, Claude, or a wrapper (cache, budget) around either. */
export interface Provider {
  readonly name: string;
  /** Returns one diagnosis per request, in the same order. */
  diagnose(requests: DiagnosisRequest[], options?: DiagnoseOptions): Promise<Diagnosis[]>;
  /** Paid providers only: usage and fault of the last `diagnose` call. */
  report?(): ProviderReport;
}
