import type { Diagnosis } from '../../src/core/diagnosis.js';
import type { Incident } from '../../src/core/incident.js';
import type { DiagnosisRequest } from '../../src/providers/provider.js';

/** A redacted incident and a plausible offline verdict, without running the knowledge base. */
export function request(n: number, overrides: Partial<Incident> = {}, offline: Partial<Diagnosis> = {}): DiagnosisRequest {
  return {
    incident: {
      fingerprint: `fp${n}`,
      pattern: `ERROR worker <*> failed: problem number ${n}`,
      count: 100 - n,
      sample: `2026-11-25T10:00:00Z ERROR worker 7 failed: problem number ${n}`,
      context: ['INFO starting worker 7'],
      sources: ['app.log'],
      ...overrides,
    },
    offline: {
      category: 'unknown',
      severity: 'medium',
      title: `Offline title ${n}`,
      rootCause: 'The knowledge base has no rule for this.',
      remediation: ['Read the log around the error.', 'Search the error message.'],
      confidence: 0.2,
      evidence: `problem number ${n}`,
      engine: 'rules',
      ...offline,
    },
  };
}

/** n distinct requests. */
export function requests(n: number): DiagnosisRequest[] {
  return Array.from({ length: n }, (_, i) => request(i + 1));
}
