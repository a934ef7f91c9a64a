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
  /** Where to see the incident's events in the system they came from (a CloudWatch console link), when known. */
  link?: string;
  /** Set when no event was at error level and this one only may be an error: says why (a warning, a failure sentence). */
  possible?: string;
  /** Other signals that help explain this incident: warning storms near it, incidents naming the same host or peer. */
  related?: RelatedSignal[];
  /** Remote addresses the occurrences came from ("from 1.2.3.4", "rhost=…"), most frequent first; at most 5. */
  addresses?: Array<{ address: string; count: number }>;
}

/** A signal shown beside an incident because it may explain it. */
export interface RelatedSignal {
  /** 'warnings': a high-count warning pattern close in time; 'peer': another incident naming the same host or address. */
  kind: 'warnings' | 'peer';
  /** The related pattern (warnings) or the other incident's fingerprint (peer). */
  pattern: string;
  count: number;
  /** Why it is related, e.g. "182 warnings within 5 min" or "both name zoo2:3888". */
  reason: string;
  /** The other incident's fingerprint, for kind 'peer'. */
  fingerprint?: string;
}

export interface DiagnosedIncident extends Incident {
  diagnosis: Diagnosis;
}

/** Counts for the whole run. */
export interface RunSummary {
  events: number;
  errorEvents: number;
  incidents: number;
  /**
   * Events that are not at error level but look like a failure (warnings, failure sentences at info level).
   * When errorEvents is 0 and this is not, the incidents are these possible errors.
   */
  possibleErrors?: number;
}
