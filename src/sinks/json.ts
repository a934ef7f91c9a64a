import type { Report } from '../core/report.js';

/** Version of the `--json` document; bump only on a breaking change (README "JSON output"). */
export const JSON_SCHEMA_VERSION = 1;

/** Extra summary fields other stages add (e.g. token usage). */
export type SummaryExtras = Record<string, unknown>;

/** The stable `--json` document for a report. */
export function toJsonDocument(report: Report, extras: SummaryExtras = {}): unknown {
  return {
    version: JSON_SCHEMA_VERSION,
    incidents: report.incidents.map((incident) => ({
      fingerprint: incident.fingerprint,
      pattern: incident.pattern,
      count: incident.count,
      firstSeen: isoOrNull(incident.firstSeen),
      lastSeen: isoOrNull(incident.lastSeen),
      sample: incident.sample,
      ...originFields(incident),
      // Additive: why a non-error event is reported (only when nothing was at error level), related signals, source addresses.
      ...(incident.possible !== undefined ? { possible: incident.possible } : {}),
      ...(incident.related !== undefined ? { related: incident.related } : {}),
      ...(incident.addresses !== undefined ? { addresses: incident.addresses } : {}),
      diagnosis: {
        category: incident.diagnosis.category,
        severity: incident.diagnosis.severity,
        title: incident.diagnosis.title,
        rootCause: incident.diagnosis.rootCause,
        remediation: incident.diagnosis.remediation,
        confidence: incident.diagnosis.confidence,
        evidence: incident.diagnosis.evidence,
        engine: incident.diagnosis.engine,
      },
    })),
    summary: { ...report.summary, ...extras },
  };
}

/**
 * Additive fields for incidents read from a source with streams (CloudWatch Logs): the log groups and
 * streams they came from (at most 10 each) and a console link to their events.
 */
function originFields(incident: Report['incidents'][number]): Record<string, unknown> {
  return {
    ...(incident.streams !== undefined ? { logGroups: incident.sources, logStreams: incident.streams } : {}),
    ...(incident.link !== undefined ? { consoleUrl: incident.link } : {}),
  };
}

/** The document as printed: pretty, one trailing newline. */
export function renderJson(report: Report, extras: SummaryExtras = {}): string {
  return `${JSON.stringify(toJsonDocument(report, extras), null, 2)}\n`;
}

/** Epoch ms as ISO-8601, or null when unknown. */
export function isoOrNull(epochMs: number | undefined): string | null {
  return epochMs === undefined || !Number.isFinite(epochMs) ? null : new Date(epochMs).toISOString();
}
