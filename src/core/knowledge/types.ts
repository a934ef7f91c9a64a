import type { Category, Severity } from '../taxonomy.js';

/**
 * What an entry looks for. A string is a case-insensitive substring (the
 * cheapest and safest matcher); a RegExp is used as written, so it must stay
 * linear: no nested quantifiers, no unbounded `.*` between alternatives.
 */
export type Pattern = string | RegExp;

/** One known failure: how to recognise it and what to tell the on-call engineer. */
export interface KnowledgeEntry {
  /** Stable id, `<tech>.<failure>`, used in tests and to tell entries apart. */
  id: string;
  category: Category;
  severity: Severity;
  /** How sure the entry is when it wins, 0..1. */
  confidence: number;
  /**
   * How specific the evidence is (see PRIORITY): a driver's exact error code
   * beats an exception class, which beats a generic phrase or HTTP status.
   */
  priority: number;
  title: string;
  rootCause: string;
  /** 2 to 5 concrete steps, most useful first. */
  remediation: string[];
  /** Any of these in the event makes the entry a candidate. */
  match: Pattern[];
  /** All of these must also appear somewhere in the event. */
  requires?: Pattern[];
  /** None of these may appear anywhere in the event. */
  unless?: Pattern[];
  /**
   * The entry applies only when one of these appears in the context lines (same process, just before):
   * gunicorn's "was sent SIGKILL! Perhaps out of memory?" right after its "WORKER TIMEOUT" is the timeout.
   */
  whenContext?: Pattern[];
  /**
   * Category to use instead when the event points at a database or cache
   * (driver name, DB port): a refused connection to port 5432 is a database
   * outage, not a generic network refusal.
   */
  onDatabase?: Category;
}

/** Priority tiers; entries may add a few points to order entries inside a tier. */
export const PRIORITY = {
  /** An exact, technology-specific error code or message (WRONGPASS, E11000, OOMKilled). */
  exact: 90,
  /** A well-known exception class or errno (UnknownHostException, ECONNREFUSED). */
  strong: 75,
  /** A generic phrase that still names the failure ("connection refused", "permission denied"). */
  generic: 55,
  /** A generic exception type or HTTP status, usually a wrapper of something deeper. */
  weak: 35,
  /** A symptom that barely narrows the cause (CrashLoopBackOff, a bare panic). */
  hint: 20,
} as const;
