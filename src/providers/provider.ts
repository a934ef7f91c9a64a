import type { Diagnosis } from '../core/diagnosis.js';
import type { Incident } from '../core/incident.js';

/** What a provider gets for one incident: redacted text only, plus what the offline engine concluded. */
export interface DiagnosisRequest {
  incident: Incident;
  /** The knowledge base's answer, always computed first; LLM providers may use it as a hint and fall back to it. */
  offline: Diagnosis;
}

export interface DiagnoseOptions {
  signal?: AbortSignal;
}

/** A diagnoser: the offline rules engine, Claude, or a wrapper (cache, budget) around either. */
export interface Provider {
  readonly name: string;
  /** Returns one diagnosis per request, in the same order. */
  diagnose(requests: DiagnosisRequest[], options?: DiagnoseOptions): Promise<Diagnosis[]>;
}
