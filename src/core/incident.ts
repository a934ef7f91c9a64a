import type { Diagnosis } from './diagnosis.js';

/** Many occurrences of the same problem, folded into one. */
export interface Incident {
  /** Stable across runs and machines: the same pattern gets the same id. */
  fingerprint: string;
  /** Template of the problem with variable parts as <*>. */
  pattern: string;
  count: number;
  /** Epoch ms, when known. */
  firstSeen?: number;
  lastSeen?: number;
  /** One representative occurrence (whole event text, stack trace included). */
  sample: string;
  /** A few lines seen just before the sample, for context. */
  context: string[];
  /** Inputs the incident was seen in (files, log groups); at most 10. */
  sources: string[];
  /** Streams within those inputs (CloudWatch log streams), when the input has streams; at most 10. */
  streams?: string[];
}

export interface DiagnosedIncident extends Incident {
  diagnosis: Diagnosis;
}

/** Counts for the whole run. */
export interface RunSummary {
  events: number;
  errorEvents: number;
  incidents: number;
  /** Past the incident cap: how many error events and distinct patterns the overflow incident holds. */
  overflow?: { events: number; patterns: number };
}
