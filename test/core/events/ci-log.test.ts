import { describe, expect, it } from 'vitest';
import { CI_DROP, CI_ERROR, CI_PLAIN, CI_WARNING, isCiFailureLine, isClosingStatus, readCiLine } from '../../../src/core/events/ci-log.js';
import { assemble, ms, single } from './helpers.js';

describe('readCiLine strips CI prefixes', () => {
  it.each([
    ['2023-03-06T10:11:12.1074070Z npm ERR! code ERESOLVE', 'npm ERR! code ERESOLVE', ms('2023-03-06T10:11:12.107Z')],
    ['build\tRun npm ci\t2023-03-06T10:11:12.1074070Z npm ERR! code ERESOLVE', 'npm ERR! code ERESOLVE', ms('2023-03-06T10:11:12.107Z')],
    ['[2015-12-01T05:48:00.100Z] [ERROR] BUILD FAILURE', '[ERROR] BUILD FAILURE', ms('2015-12-01T05:48:00.100Z')],
    ['#10 59.96 npm ERR! code ETIMEDOUT', 'npm ERR! code ETIMEDOUT', undefined],
    ['#10 [5/8] RUN npm install', '[5/8] RUN npm install', undefined],
    ['section_start:1685000003:step_script\rExecuting "step_script" stage', 'Executing "step_script" stage', undefined],
  ])('%j', (line, text, timestamp) => {
    const ci = readCiLine(line);
    expect(ci.text).toBe(text);
    expect(ci.timestamp).toBe(timestamp);
  });

  it('reads workflow commands', () => {
    expect(readCiLine('##[error]Process completed with exit code 1.')).toMatchObject({ text: 'Process completed with exit code 1.', kind: CI_ERROR });
    expect(readCiLine('::error file=src/a.ts,line=3::boom')).toMatchObject({ text: 'boom', kind: CI_ERROR });
    expect(readCiLine('::warning::careful')).toMatchObject({ text: 'careful', kind: CI_WARNING });
    expect(readCiLine('##[group]Run npm ci')).toMatchObject({ text: 'Run npm ci', kind: CI_PLAIN });
    expect(readCiLine('##[endgroup]').kind).toBe(CI_DROP);
    expect(readCiLine('section_end:1685000009:step_script\r').kind).toBe(CI_DROP);
  });

  it('leaves ordinary lines alone', () => {
    for (const line of ['2024-01-02T03:04:05Z INFO ok', '#!/bin/sh', '# a comment', 'a\tb\tc', '[INFO] Building', 'sections: 3']) {
      expect(readCiLine(line)).toEqual({ text: line, kind: CI_PLAIN, timestamp: undefined });
    }
  });
});

describe('CI failure lines without a level are errors (issue #11)', () => {
  it.each([
    'E   AssertionError: TDD RED: test_t010 not implemented',
    'E       assert 0',
    "src/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
    'node_modules/x/index.d.ts(1,2): error TS1005: \';\' expected.',
    'error TS18003: No inputs were found in config file',
    'error[E0308]: mismatched types',
    '##[error]Input required and not supplied: github-token',
    'npm error code ERESOLVE',
    'FAILED tests/test_api.py::test_create - assert 404 == 201',
    '--- FAIL: TestParse (0.00s)',
    ' ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile"',
    'main.c:3:10: fatal error: foo.h: No such file or directory',
    './main.go:12:5: undefined: foo',
    'App.java:12: error: cannot find symbol',
  ])('%s', (line) => {
    expect(single(line).isError).toBe(true);
  });

  it('does not read ordinary output as failures', () => {
    for (const line of ['Everything is fine: 0 errors', 'error handling is documented in docs/errors.md', 'E2E suite started', 'FAILED_LOGINS=3 is the limit', 'main.go:12 started']) {
      expect(isCiFailureLine(line), line).toBe(false);
    }
  });
});

describe('one failure is one event', () => {
  it('folds an npm ERR! block, blank npm lines and the trailing log pointer included', () => {
    const text = ['npm error code ERESOLVE', 'npm error ERESOLVE unable to resolve dependency tree', 'npm error', 'npm error Found: react@17.0.2', '', 'npm error A complete log of this run can be found in: /x.log'].join('\n');
    const events = assemble(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.lineCount).toBe(6);
  });

  it('folds a pytest FAILURES section up to its closing line', () => {
    const text = [
      'collected 2 items',
      '=================================== FAILURES ===================================',
      '____________________________________ test_b ____________________________________',
      '',
      '    def test_b():',
      '>       assert 0',
      'E       assert 0',
      '',
      'tests/test_x.py:26: AssertionError',
      '=========================== short test summary info ============================',
      'FAILED tests/test_x.py::test_b - assert 0',
      '========================= 1 failed, 1 passed in 0.10s ==========================',
      'next line',
    ].join('\n');
    const events = assemble(text);
    expect(events.map((e) => e.lineCount)).toEqual([1, 11, 1]);
    expect(events[1]!.isError).toBe(true);
    expect(events[2]!.isError).toBe(false);
  });

  it('folds a Maven BUILD FAILURE block but keeps ordinary [ERROR] lines apart', () => {
    const maven = ['[ERROR] COMPILATION ERROR :', '[INFO] -----', '[ERROR] /a/B.java:[5,3] error: cannot find symbol', '[INFO] 1 error', '[INFO] BUILD FAILURE', '[INFO] Total time: 2 s', '[ERROR] Failed to execute goal x: Compilation failure'];
    expect(assemble(maven.join('\n'))).toHaveLength(1);
    expect(assemble('[ERROR] db down\n[ERROR] cache down')).toHaveLength(2);
  });

  it('does not make the closing "exit code 1" line an error after a real one', () => {
    const text = [
      '2023-03-06T10:11:12.1000000Z ##[group]Run npx tsc',
      '2023-03-06T10:11:12.2000000Z ##[endgroup]',
      "2023-03-06T10:11:13.0000000Z src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      '2023-03-06T10:11:13.5000000Z ##[error]Process completed with exit code 2.',
    ].join('\n');
    const errors = assemble(text).filter((e) => e.isError);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toContain('TS2322');
    expect(errors[0]!.timestamp).toBe(ms('2023-03-06T10:11:13.000Z'));
  });

  it('keeps a closing line as the incident when nothing came before it', () => {
    const events = assemble('Run ./deploy.sh\nError: Process completed with exit code 1.');
    expect(events.filter((e) => e.isError).map((e) => e.text)).toEqual(['Error: Process completed with exit code 1.']);
    expect(isClosingStatus('Process completed with exit code 1.')).toBe(true);
  });
});
