import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/core/diagnosis.js';
import { type DiagnosedRun, emitToSinks, type ReportSink, runPipeline } from '../../src/pipeline/index.js';
import type { DiagnosisRequest, Provider } from '../../src/providers/provider.js';
import { createRulesProvider } from '../../src/providers/rules.js';

/** A provider that records what it was asked. */
function recordingProvider() {
  const seen: DiagnosisRequest[] = [];
  const provider: Provider = {
    name: 'claude',
    async diagnose(requests) {
      seen.push(...requests);
      return requests.map((r): Diagnosis => ({ ...r.offline, engine: 'claude' }));
    },
  };
  return { provider, seen };
}

function collectingSink(): ReportSink & { runs: DiagnosedRun[] } {
  const runs: DiagnosedRun[] = [];
  return { name: 'collect', runs, emit: (run) => void runs.push(run) };
}

describe('runPipeline', () => {
  it('goes from a source to incidents to diagnoses to every sink', async () => {
    const sink = collectingSink();
    const { run, stats } = await runPipeline(
      async (analyzer) => {
        analyzer.push('2026-11-24T09:15:31.004Z INFO starting', 'app.log');
        analyzer.push('2026-11-24T09:15:32.004Z ERROR Error: connect ECONNREFUSED 10.0.3.17:5432', 'app.log');
        analyzer.push('2026-11-24T09:15:33.004Z ERROR Error: connect ECONNREFUSED 10.0.3.18:5432', 'app.log');
        return { lines: 3 };
      },
      { provider: async () => createRulesProvider(), sinks: [sink] },
    );
    expect(stats).toEqual({ lines: 3 });
    expect(sink.runs).toEqual([run]);
    expect(run.report.summary).toMatchObject({ events: 3, errorEvents: 2, incidents: 1 });
    expect(run.report.incidents[0]).toMatchObject({ count: 2, diagnosis: { category: 'database.connection', engine: 'rules' } });
  });

  it('never asks for a provider when there is nothing to diagnose', async () => {
    let asked = false;
    const sink = collectingSink();
    await runPipeline(async (analyzer) => analyzer.push('INFO all good', 'app.log'), {
      provider: async () => {
        asked = true;
        return createRulesProvider();
      },
      sinks: [sink],
    });
    expect(asked).toBe(false);
    expect(sink.runs[0]?.report.incidents).toEqual([]);
  });

  it('hands the provider redacted text only, and keeps the raw incidents for a local view', async () => {
    const { provider, seen } = recordingProvider();
    const { run } = await runPipeline(
      async (analyzer) => analyzer.push('ERROR login failed password=hunter2 for db postgres://app:S3cr3t@db:5432/orders', 'app.log'),
      { provider: async () => provider, sinks: [] },
    );
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toMatch(/hunter2|S3cr3t/);
    expect(JSON.stringify(run.report)).not.toMatch(/hunter2|S3cr3t/);
    expect(run.raw[0]?.sample).toContain('hunter2');
  });
});

describe('emitToSinks', () => {
  it('runs every sink even when an earlier one fails, then rethrows the first failure', async () => {
    const after = collectingSink();
    const failing: ReportSink = {
      name: 'closed stdout',
      emit: () => {
        throw new Error('EPIPE');
      },
    };
    const alsoFailing: ReportSink = { name: 'slack', emit: async () => Promise.reject(new Error('slack down')) };
    const run: DiagnosedRun = { report: { incidents: [], summary: { events: 0, errorEvents: 0, incidents: 0 } }, raw: [] };
    await expect(emitToSinks(run, [failing, after, alsoFailing])).rejects.toThrow('EPIPE');
    expect(after.runs).toHaveLength(1);
  });
});
