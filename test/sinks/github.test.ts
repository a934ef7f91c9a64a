import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiagnosedIncident } from '../../src/core/incident.js';
import type { Report } from '../../src/core/report.js';
import { escapeData, escapeProperty, renderAnnotations, renderStepSummary, workflowCommand } from '../../src/sinks/github.js';

/** The runner's side: @actions/core's escaping undone. */
function unescape(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/g, (_m, code: string) => ({ '25': '%', '0D': '\r', '0A': '\n', '3A': ':', '2C': ',' })[code]!);
}

describe('workflow-command escaping', () => {
  it('messages: no CR or LF survives, and the runner gets the text back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (text) => {
        const escaped = escapeData(text);
        expect(escaped).not.toMatch(/[\r\n]/);
        expect(escaped.match(/%(?!25|0D|0A)/g)).toBeNull();
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });

  it('properties: no CR, LF, colon or comma survives, and the runner gets the value back', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeProperty(text);
        expect(escaped).not.toMatch(/[\r\n:,]/);
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });

  it('a command is one line whose properties and message parse back exactly', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.nat(), fc.string({ minLength: 1 }), fc.string(), (file, line, title, message) => {
        const command = workflowCommand('error', [['file', file], ['line', line], ['title', title]], message);
        expect(command).not.toMatch(/[\r\n]/);
        const match = /^::error (?<props>[^:]*)::(?<message>.*)$/s.exec(command);
        expect(match).not.toBeNull();
        const props = Object.fromEntries(match!.groups!.props!.split(',').map((p) => [p.slice(0, p.indexOf('=')), unescape(p.slice(p.indexOf('=') + 1))]));
        expect(props).toEqual({ file, line: String(line), title });
        expect(unescape(match!.groups!.message!)).toBe(message);
      }),
    );
  });

  it('leaves out empty properties', () => {
    expect(workflowCommand('error', [['file', undefined], ['title', 'x']], 'm')).toBe('::error title=x::m');
    expect(workflowCommand('warning', [], 'a%b')).toBe('::warning::a%25b');
  });
});

function incident(over: Partial<DiagnosedIncident> & { diagnosis: DiagnosedIncident['diagnosis'] }): DiagnosedIncident {
  return { fingerprint: 'f1e2d3c4b5a6', pattern: 'p', count: 1, sample: '', context: [], sources: ['npx tsc'], ...over };
}

const REPORT: Report = {
  summary: { events: 4, errorEvents: 1, incidents: 1 },
  incidents: [
    incident({
      sample: "/home/runner/work/app/app/src/cart.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      diagnosis: {
        category: 'build.compile',
        severity: 'high',
        title: 'TypeScript TS2322 in src/cart.ts:12: Type, not number',
        rootCause: 'tsc stopped: 100% sure, line 12',
        remediation: ['Fix it, then run tsc.', 'Pin TypeScript.', 'Third step is not shown.'],
        confidence: 0.95,
        evidence: "src/cart.ts(12,7): error TS2322: Type 'string'",
        engine: 'rules',
      },
    }),
  ],
};

describe('GitHub output, byte for byte', () => {
  it('annotations', () => {
    expect(renderAnnotations(REPORT, { workspace: '/home/runner/work/app/app' })).toBe(
      "::error file=src/cart.ts,line=12,col=7,title=cloudsentry%3A TypeScript TS2322 in src/cart.ts%3A12%3A Type%2C not number::tsc stopped: 100%25 sure, line 12%0A→ Fix it, then run tsc.%0A→ Pin TypeScript.%0AEvidence: src/cart.ts(12,7): error TS2322: Type 'string'\n",
    );
  });

  it('step summary', () => {
    expect(renderStepSummary(REPORT, 'cloudsentry run: `npx tsc` exited with status 2')).toBe(
      [
        '**cloudsentry run: `npx tsc` exited with status 2**',
        '',
        '# cloudsentry diagnosis',
        '',
        '1 incident(s) from 4 event(s), 1 of them errors.',
        '',
        '## 1. [HIGH] TypeScript TS2322 in src/cart.ts:12: Type, not number',
        '',
        '- **Category:** `build.compile` (confidence 0.95, engine rules)',
        '- **Seen:** 1× ',
        '- **Fingerprint:** `f1e2d3c4b5a6`',
        '',
        '**Root cause.** tsc stopped: 100% sure, line 12',
        '',
        '**Next steps.**',
        '',
        '1. Fix it, then run tsc.',
        '2. Pin TypeScript.',
        '3. Third step is not shown.',
        '',
        '**Evidence.**',
        '',
        '```text',
        "/home/runner/work/app/app/src/cart.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        '```',
        '',
        '',
      ].join('\n'),
    );
  });
});
