import type { Category, Severity } from './taxonomy.js';

/** Which engine produced a diagnosis. */
export type Engine = 'rules' | 'claude';

/** What went wrong with one incident and what to do about it; the shape every provider returns. */
export interface Diagnosis {
  category: Category;
  severity: Severity;
  title: string;
  rootCause: string;
  /** 2 to 5 concrete next steps, most useful first. */
  remediation: string[];
  /** 0..1 */
  confidence: number;
  /** The (redacted) line that decided the diagnosis. */
  evidence: string;
  engine: Engine;
}
