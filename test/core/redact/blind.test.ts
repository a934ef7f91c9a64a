import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/redact/index.js';

// Blind corpus: written from the README's removed/kept lists and from how real systems print their
// logs, before the rules were read. Each secret line names the exact substring that must disappear;
// each benign line names the exact substring that must survive.
interface SecretCase {
  text: string;
  secret: string;
  kind: string;
}
interface BenignCase {
  text: string;
  keep: string;
}

const dir = new URL('../../fixtures/redact/', import.meta.url);
function load<T>(name: string): T[] {
  return readFileSync(new URL(name, dir), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function score(secretsFile: string, benignFile: string, minKept: number): void {
  const secrets = load<SecretCase>(secretsFile);
  const benign = load<BenignCase>(benignFile);

  it(`${secretsFile}: every secret is removed`, () => {
    const leaks: string[] = [];
    for (const c of secrets) {
      const out = redactText(c.text);
      if (out.includes(c.secret)) leaks.push(`[${c.kind}] ${c.secret}\n    in:  ${c.text}\n    out: ${out}`);
    }
    const removed = secrets.length - leaks.length;
    console.log(`${secretsFile}: ${removed}/${secrets.length} secrets removed (${((100 * removed) / secrets.length).toFixed(1)} %)`);
    if (leaks.length > 0) console.log(`LEAKED:\n  ${leaks.join('\n  ')}`);
    expect(leaks).toEqual([]);
  });

  it(`${benignFile}: at least ${minKept} % of benign tokens are kept`, () => {
    const lost: string[] = [];
    for (const c of benign) {
      const out = redactText(c.text);
      if (!out.includes(c.keep)) lost.push(`${c.keep}\n    in:  ${c.text}\n    out: ${out}`);
    }
    const kept = benign.length - lost.length;
    const pct = (100 * kept) / benign.length;
    console.log(`${benignFile}: ${kept}/${benign.length} benign kept (${pct.toFixed(1)} %)`);
    if (lost.length > 0) console.log(`OVER-REDACTED:\n  ${lost.join('\n  ')}`);
    expect(pct).toBeGreaterThanOrEqual(minKept);
  });
}

describe('blind corpus', () => {
  score('blind-secrets.jsonl', 'blind-benign.jsonl', 97);
  score('blind2-secrets.jsonl', 'blind2-benign.jsonl', 97);
  score('blind3-secrets.jsonl', 'blind3-benign.jsonl', 97);
  score('blind4-secrets.jsonl', 'blind4-benign.jsonl', 97);
});
