import type { Diagnosis } from './diagnosis.js';
import type { DiagnosedIncident, Incident, RunSummary } from './incident.js';
import { severityRank } from './taxonomy.js';
import { diagnoseOffline } from './knowledge/index.js';
import { redactText } from './redact/index.js';

/** The result of a diagnose run, before rendering. */
export interface Report {
  incidents: DiagnosedIncident[];
  summary: RunSummary;
}

/** A copy of the incident safe to show or send: sample, context and pattern redacted. */
export function redactIncident(incident: Incident): Incident {
  return {
    ...incident,
    pattern: redactText(incident.pattern),
    sample: redactText(incident.sample),
    context: incident.context.map((line) => redactText(line)),
    ...(incident.related ? { related: incident.related.map((r) => ({ ...r, pattern: redactText(r.pattern), reason: redactText(r.reason) })) } : {}),
    ...(incident.addresses ? { addresses: incident.addresses.map((a) => ({ ...a, address: redactText(a.address) })) } : {}),
  };
}

/** The knowledge base's verdict on one (redacted) incident. */
export function offlineDiagnosis(incident: Incident): Diagnosis {
  return diagnoseOffline({ text: incident.sample, pattern: incident.pattern, context: incident.context });
}

/** Below this confidence a diagnosis is a guess (context only, unknown): it ranks after surer ones of its severity. */
const SURE = 0.4;

/** Incidents in the order a person should read them: most severe first, surer diagnoses first, then most frequent. */
export function rankIncidents<T extends { count: number; diagnosis: Diagnosis }>(incidents: T[]): T[] {
  return [...incidents].sort(
    (a, b) =>
      severityRank(a.diagnosis.severity) - severityRank(b.diagnosis.severity) ||
      (a.diagnosis.confidence < SURE ? 1 : 0) - (b.diagnosis.confidence < SURE ? 1 : 0) ||
      b.count - a.count ||
      (a.diagnosis.category === 'unknown' ? 1 : 0) - (b.diagnosis.category === 'unknown' ? 1 : 0),
  );
}

/** Pairs incidents with their diagnoses and ranks them. */
export function buildReport(incidents: Incident[], diagnoses: Diagnosis[], summary: RunSummary): Report {
  const diagnosed = incidents.map((incident, i) => ({ ...incident, diagnosis: diagnoses[i]! }));
  return { incidents: rankIncidents(diagnosed), summary: { ...summary, incidents: diagnosed.length } };
}
