import { describe, expect, it } from 'vitest';
import { diagnoseOffline, mostTellingLine } from '../../../src/core/knowledge/index.js';

describe('unknown: honest when nothing matches', () => {
  it('answers unknown with a generic but useful diagnosis', () => {
    const d = diagnoseOffline({ text: 'Error: something went wrong\n    at handler (/app/dist/index.js:10:11)' });
    expect(d).toMatchObject({ category: 'unknown', engine: 'rules', evidence: 'Error: something went wrong' });
    expect(d.confidence).toBeLessThan(0.3);
    expect(d.remediation.length).toBeGreaterThanOrEqual(2);
    expect(d.remediation.length).toBeLessThanOrEqual(5);
    expect(d.title).not.toBe('');
    expect(d.rootCause).not.toBe('');
  });

  it('picks the deepest Caused by as evidence of an unknown Java error', () => {
    const d = diagnoseOffline({
      text: [
        'com.acme.JobException: job 42 failed',
        '\tat com.acme.Runner.run(Runner.java:10)',
        'Caused by: com.acme.LedgerMismatch: balance differs by 3 cents',
        '\tat com.acme.Ledger.check(Ledger.java:88)',
        '\t... 4 more',
      ].join('\n'),
    });
    expect(d.category).toBe('unknown');
    expect(d.evidence).toBe('Caused by: com.acme.LedgerMismatch: balance differs by 3 cents');
  });

  it('picks the final exception line of a Python traceback', () => {
    expect(
      mostTellingLine(
        'Traceback (most recent call last):\n  File "/app/job.py", line 3, in <module>\n    run()\n  File "/app/job.py", line 2, in run\n    raise LedgerMismatch("off by 3")\njob.LedgerMismatch: off by 3',
      ),
    ).toBe('job.LedgerMismatch: off by 3');
  });

  it('prefers an error-level line over info noise', () => {
    expect(mostTellingLine('INFO starting worker\nINFO connected\nERROR batch 7 rejected by validator\nINFO shutting down')).toBe(
      'ERROR batch 7 rejected by validator',
    );
  });

  it('does not invent a category for plain noise', () => {
    for (const text of ['Process exited with status 1', 'WARN deprecated flag --legacy', '[ERROR] Unhandled exception in worker loop, restarting', '']) {
      expect(diagnoseOffline({ text }).category, text).toBe('unknown');
    }
  });

  it('falls back to the pattern and context, with lower confidence, when the sample says nothing', () => {
    const direct = diagnoseOffline({ text: 'Error: connect ECONNREFUSED 10.0.0.1:8080' });
    const viaContext = diagnoseOffline({ text: 'request aborted', context: ['Error: connect ECONNREFUSED 10.0.0.1:8080'] });
    expect(viaContext.category).toBe('network.refused');
    expect(viaContext.confidence).toBeLessThan(direct.confidence);
  });

  it('clips very long evidence lines', () => {
    const d = diagnoseOffline({ text: `Error: weird ${'x'.repeat(5000)}` });
    expect(d.evidence.length).toBeLessThanOrEqual(300);
  });
});
