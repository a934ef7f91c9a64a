import type { Diagnosis } from '../../../src/core/diagnosis.js';
import type { DiagnosedIncident } from '../../../src/core/incident.js';
import type { Report } from '../../../src/core/report.js';

/** A diagnosed incident with plausible defaults; override what a test is about. */
export function incident(overrides: Partial<DiagnosedIncident> = {}, diagnosis: Partial<Diagnosis> = {}): DiagnosedIncident {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    pattern: 'FATAL: password authentication failed for user "<*>"',
    count: 42,
    firstSeen: Date.UTC(2026, 10, 25, 14, 2, 11),
    lastSeen: Date.UTC(2026, 10, 25, 14, 9, 57),
    sample: 'FATAL: password authentication failed for user "app"',
    context: [],
    sources: ['app.log'],
    ...overrides,
    diagnosis: {
      category: 'database.auth',
      severity: 'critical',
      title: 'PostgreSQL rejected the application credentials',
      rootCause: 'The password the app sends for user "app" does not match the one PostgreSQL has.',
      remediation: ['Check DB_PASSWORD in the deployed environment.', 'Rotate the password and restart the app.'],
      confidence: 0.9,
      evidence: 'FATAL: password authentication failed for user "app"',
      engine: 'rules',
      ...diagnosis,
    },
  };
}

/** A report holding these incidents, in the given order. */
export function report(...incidents: DiagnosedIncident[]): Report {
  return { incidents, summary: { events: 1204, errorEvents: 310, incidents: incidents.length } };
}

/** Every string anywhere in a JSON value. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
