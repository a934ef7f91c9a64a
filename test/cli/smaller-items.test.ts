import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../src/core/knowledge/index.js';
import { LogAnalyzer } from '../../src/core/analyze.js';
import { BIN, SCRATCH, runCli } from '../helpers/cli.js';

// Issue #12 item 17: the smaller ones.

describe('usage errors', () => {
  it("commander's own errors are one cloudsentry: line", async () => {
    const run = await runCli(['diagnose', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("cloudsentry: unknown option '--bogus' (run with --help for usage)\n");
  });

  it('--text together with a file is refused', async () => {
    const run = await runCli(['diagnose', '--text', 'ERROR x', join(SCRATCH, 'whatever.log')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: --text and a file cannot be used together: give the log one way (a file, stdin, or --text)\n');
  });

  it('a directory on stdin is named as such, not "empty"', async () => {
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(`${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} diagnose < ${JSON.stringify(SCRATCH)}`, {
        shell: true,
        env: { PATH: process.env.PATH, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cloudsentry: stdin is a directory: give a log file, or redirect one with < app.log\n');
  });
});

describe('diagnoses', () => {
  it('an incident that matches no rule does not borrow evidence from the error line before it', () => {
    const analyzer = new LogAnalyzer();
    analyzer.push('ERROR Error: connect ECONNREFUSED 10.0.0.5:5432', 'app.log');
    analyzer.push('ERROR frobnicator wobbled unexpectedly', 'app.log');
    const { incidents } = analyzer.end();
    const odd = incidents.find((i) => i.sample.includes('frobnicator'))!;
    expect(odd.context.join('\n')).not.toContain('ECONNREFUSED');
    const diagnosis = diagnoseOffline({ text: odd.sample, pattern: odd.pattern, context: odd.context });
    expect(diagnosis.category).toBe('unknown');
    expect(diagnosis.evidence).toContain('frobnicator');
  });

  it.each([
    'ERROR [db-sync] rabbitmq publish failed: Error: connect ECONNREFUSED 10.0.0.7:5672',
    'ERROR order-db consumer: amqp connect ECONNREFUSED 10.0.0.7:5672',
  ])('RabbitMQ refusing a connection is not a database: %s', (text) => {
    expect(diagnoseOffline({ text }).category).toBe('network.refused');
  });
});
