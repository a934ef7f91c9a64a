import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LogAnalyzer } from '../../../src/core/analyze.js';
import { buildReport, offlineDiagnosis, redactIncident, type Report } from '../../../src/core/report.js';
import type { Category } from '../../../src/core/taxonomy.js';

/** A whole log with what an on-call engineer would file its top incident under ('none': a true all-clear). */
export interface LogCase {
  name: string;
  text: string;
  expect: Category | 'none';
  source?: string;
}

/** What the offline tool says about one whole log, as `diagnose --offline` would. */
export interface LogVerdict {
  report: Report;
  /** True when the tool would say "No errors": nothing at error level and nothing that looks like a failure. */
  allClear: boolean;
  top: Category | 'none';
}

const REAL_LOGS = new URL('../../fixtures/real-logs/', import.meta.url);
/** The shared Loghub sets sit beside the project (../shared), never inside it. */
export const LOGHUB_DIR = fileURLToPath(new URL('../../../../shared/loghub/', import.meta.url));
export const HAVE_LOGHUB = existsSync(LOGHUB_DIR);

interface Manifest {
  realLogs: Array<{ file: string; expect: Category; source: string }>;
  loghub: Array<{ file: string; expect: Category }>;
  loghubExtra: Array<{ file: string; expect: Category | 'none' }>;
  healthy: string[];
}

const MANIFEST = JSON.parse(readFileSync(new URL('manifest.json', REAL_LOGS), 'utf8')) as Manifest;

/** Failure logs pasted in public issue threads (test/fixtures/real-logs/). */
export function realLogs(): LogCase[] {
  return MANIFEST.realLogs.map(({ file, expect, source }) => ({
    name: file,
    text: readFileSync(new URL(file, REAL_LOGS), 'utf8'),
    expect,
    source,
  }));
}

/** Healthy INFO-only logs that must give "no errors". */
export function healthyLogs(): LogCase[] {
  return MANIFEST.healthy.map((file) => ({
    name: file,
    text: readFileSync(new URL(`healthy/${file}`, REAL_LOGS), 'utf8'),
    expect: 'none',
  }));
}

/** The eight shared Loghub-2k sets; empty when ../shared is absent. */
export function loghubLogs(): LogCase[] {
  if (!HAVE_LOGHUB) return [];
  return MANIFEST.loghub.map(({ file, expect }) => ({
    name: file,
    text: readFileSync(`${LOGHUB_DIR}${file}`, 'utf8'),
    expect,
  }));
}

/** The eight extra Loghub-2k samples under test/fixtures/loghub-extra/ (each a failure or a true all-clear). */
export function loghubExtraLogs(): LogCase[] {
  return MANIFEST.loghubExtra.map(({ file, expect }) => ({
    name: file,
    text: readFileSync(new URL(`../../fixtures/loghub-extra/${file}`, import.meta.url), 'utf8'),
    expect,
  }));
}

/** Security and infrastructure cases (test/fixtures/knowledge/infra-blind.jsonl), each read as a whole log. */
export function infraCases(): LogCase[] {
  const url = new URL('../../fixtures/knowledge/infra-blind.jsonl', import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const { text, category } = JSON.parse(line) as { text: string; category: Category };
      return { name: `infra-blind #${i + 1}`, text, expect: category };
    });
}

/** Runs a whole log through the offline path: events → incidents → redaction → knowledge base → ranking. */
export function analyzeLog(text: string, source = 'input'): LogVerdict {
  const analyzer = new LogAnalyzer({ year: 2026 });
  for (const line of text.split('\n')) analyzer.push(line, source);
  const { incidents, summary } = analyzer.end();
  const redacted = incidents.map(redactIncident);
  const report = buildReport(redacted, redacted.map(offlineDiagnosis), summary);
  const top = report.incidents[0]?.diagnosis.category ?? 'none';
  return { report, allClear: report.incidents.length === 0, top };
}

/** Scores a batch: false all-clears (a failure reported as "no errors"), false alarms on true all-clears, top-category hits. */
export function scoreBatch(cases: LogCase[]): { falseAllClear: string[]; falseAlarm: string[]; misses: string[]; hits: number } {
  const falseAllClear: string[] = [];
  const falseAlarm: string[] = [];
  const misses: string[] = [];
  let hits = 0;
  for (const c of cases) {
    const verdict = analyzeLog(c.text, c.name);
    if (c.expect !== 'none' && verdict.allClear) falseAllClear.push(c.name);
    if (c.expect === 'none' && !verdict.allClear) falseAlarm.push(c.name);
    if (verdict.top === c.expect) hits++;
    else {
      const d = verdict.report.incidents[0]?.diagnosis;
      misses.push(`  ${c.name}: expected ${c.expect}, got ${verdict.top}${d ? ` (${d.title}) :: ${d.evidence.slice(0, 120)}` : ''}`);
    }
  }
  return { falseAllClear, falseAlarm, misses, hits };
}
