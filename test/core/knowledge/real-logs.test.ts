import { describe, expect, it } from 'vitest';
import { HAVE_LOGHUB, healthyLogs, infraCases, loghubExtraLogs, loghubLogs, realLogs, scoreBatch, type LogCase } from './logs.js';

/** Prints a batch's figures (the to-do list) and returns them for the gates below. */
function score(name: string, cases: LogCase[]) {
  const result = scoreBatch(cases);
  console.log(
    `${name}: false all-clear ${result.falseAllClear.length}/${cases.length}, false alarm ${result.falseAlarm.length}, top category ${result.hits}/${cases.length}` +
      ` = ${((result.hits / cases.length) * 100).toFixed(1)} %` +
      (result.falseAllClear.length > 0 ? `\nfalse all-clear:\n  ${result.falseAllClear.join('\n  ')}` : '') +
      (result.misses.length > 0 ? `\nmisses:\n${result.misses.join('\n')}` : ''),
  );
  return result;
}

describe('whole logs nobody here wrote', () => {
  it('issue-thread failure logs: never "no errors"', () => {
    const cases = realLogs();
    expect(cases.length).toBeGreaterThanOrEqual(15);
    const result = score('real-logs', cases);
    expect(result.falseAllClear).toEqual([]);
    expect(result.hits / cases.length).toBeGreaterThanOrEqual(0.85);
  });

  it('security and infrastructure cases: never "no errors"', () => {
    const cases = infraCases();
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const result = score('infra-blind', cases);
    expect(result.falseAllClear).toEqual([]);
    expect(result.hits / cases.length).toBeGreaterThanOrEqual(0.85);
  });

  it.skipIf(!HAVE_LOGHUB)('the eight shared Loghub sets: each failure or warning is reported', () => {
    const result = score('loghub', loghubLogs());
    expect(result.falseAllClear).toEqual([]);
  });

  it('the eight extra Loghub samples: failures reported, true all-clears kept clean', () => {
    const cases = loghubExtraLogs();
    expect(cases).toHaveLength(8);
    const result = score('loghub-extra', cases);
    expect(result.falseAllClear).toEqual([]);
    expect(result.falseAlarm).toEqual([]);
  });

  it('healthy INFO-only logs still say "no errors"', () => {
    const cases = healthyLogs();
    const result = score('healthy', cases);
    expect(result.hits).toBe(cases.length);
  });
});
