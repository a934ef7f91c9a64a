import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const REAL_LOGS = new URL('../fixtures/real-logs/', import.meta.url);
const file = (name: string) => fileURLToPath(new URL(name, REAL_LOGS));

// `npm test` builds first; run `npm run build` before running this file alone.
describe('cloudsentry diagnose: no false all-clear, no crying wolf', () => {
  it('reports warnings as possible errors, with the reason, in --json', async () => {
    const run = await runCli(['diagnose', '--offline', '--json', file('zookeeper-election-refused.log')]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      incidents: Array<{ possible?: string; diagnosis: { category: string } }>;
      summary: { errorEvents: number; possibleErrors?: number };
    };
    expect(doc.summary.errorEvents).toBe(0);
    expect(doc.summary.possibleErrors).toBe(2);
    expect(doc.incidents[0]).toMatchObject({ possible: 'logged at warning level', diagnosis: { category: 'infra.cluster' } });
  });

  it('says "no errors, but … possible" in the terminal', async () => {
    const run = await runCli(['diagnose', '--offline', file('zookeeper-election-refused.log')]);
    expect(run.stdout).toMatch(/^cloudsentry: no errors, but 1 possible error from 5 events/);
    expect(run.stdout).toContain('   possible  logged at warning level');
    expect(run.stdout).not.toContain('No errors found');
  });

  it('shows where login failures come from', async () => {
    const run = await runCli(['diagnose', '--offline', '--json', file('sshd-brute-force.log')]);
    const doc = JSON.parse(run.stdout) as { incidents: Array<{ addresses?: unknown; diagnosis: { category: string } }> };
    expect(doc.incidents[0]!.diagnosis.category).toBe('security.auth');
    expect(doc.incidents[0]!.addresses).toEqual([{ address: '82.138.1.118', count: 3 }]);
  });

  it('still says "No errors" on a healthy log', async () => {
    const run = await runCli(['diagnose', '--offline', file('healthy/systemd-boot.log')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No errors found in 9 events/);
  });
});
