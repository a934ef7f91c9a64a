import { describe, expect, it } from 'vitest';
import { runPatterns } from '../../src/cli/patterns.js';
import { runRedact } from '../../src/cli/redact.js';
import type { Report } from '../../src/core/report.js';
import { renderMarkdown } from '../../src/sinks/markdown.js';
import { renderTerminal, safe } from '../../src/sinks/terminal.js';
import { fakeContext } from '../helpers/context.js';

// Issue #12 item 15: log text cannot drive a terminal, the same way wherever it is shown.

const HOSTILE = [
  '\u0007', // BEL
  '\u0008', // backspace
  '\u009b31m', // C1 CSI
  '\u001b]52;c;ZXZpbA==\u0007', // OSC 52: write the clipboard
  '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007', // OSC 8: a hidden link
  '\u001b[2J\u001b[H', // clear the screen
  '\u202e', // bidi override
  '\u2066', // bidi isolate
  '\u200b', // zero-width space
  '\u2060', // word joiner
];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069]/;
const line = `ERROR payment failed ${HOSTILE.join(' ')} done`;

function report(sample: string): Report {
  return {
    incidents: [
      {
        fingerprint: 'abc123abc123',
        pattern: sample,
        count: 1,
        sample,
        context: [],
        sources: ['app.log'],
        diagnosis: { category: 'unknown', severity: 'medium', title: `title ${sample}`, rootCause: sample, remediation: [sample, 'b'], confidence: 0.1, evidence: sample, engine: 'rules' },
      },
    ],
    summary: { events: 1, errorEvents: 1, incidents: 1 },
  };
}

describe('control, bidi and invisible characters (item 15)', () => {
  it('safe() shows every one of them as a visible escape', () => {
    for (const hostile of HOSTILE) expect(safe(hostile)).not.toMatch(RAW);
    expect(safe('a\u202eb\u200bc\u009b')).toBe('a\\u202eb\\u200bc\\x9b');
  });

  it('the terminal report passes none of them', () => {
    expect(renderTerminal(report(line), { color: false })).not.toMatch(RAW);
  });

  it('the Markdown report passes none of them', () => {
    expect(renderMarkdown(report(line)).replace(/\n/g, '')).not.toMatch(RAW);
  });

  it('redact on a terminal shows them; piped, it stays byte-faithful', async () => {
    const tty = fakeContext({ stdin: `${line}\n` });
    (tty.ctx.stdout as { isTTY?: boolean }).isTTY = true;
    await runRedact([], {}, tty.ctx);
    expect(tty.stdout().replace(/\n/g, '')).not.toMatch(RAW);
    const piped = fakeContext({ stdin: `${line}\n` });
    await runRedact([], {}, piped.ctx);
    expect(piped.stdout()).toBe(`${line}\n`);
  });

  it('patterns --label on a terminal shows them; piped, the line stays byte-faithful', async () => {
    const tty = fakeContext({ stdin: `${line}\n` });
    (tty.ctx.stdout as { isTTY?: boolean }).isTTY = true;
    await runPatterns([], { label: true, redact: true }, tty.ctx);
    expect(tty.stdout().replace(/\n/g, '')).not.toMatch(RAW);
    const piped = fakeContext({ stdin: `${line}\n` });
    await runPatterns([], { label: true, redact: true }, piped.ctx);
    expect(piped.stdout()).toMatch(new RegExp(`^[0-9a-f]{12} ${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
  });

  it('the patterns listing passes none of them', async () => {
    const run = fakeContext({ stdin: `${line}\n` });
    await runPatterns([], { redact: true }, run.ctx);
    expect(run.stdout().replace(/\n/g, '')).not.toMatch(RAW);
  });
});
