import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSlackCard, type SlackBlock } from '../../../src/sinks/slack/card.js';
import { SLACK_LIMITS } from '../../../src/sinks/slack/limits.js';
import { validate } from '../../fakes/slack-receiver.js';
import { allStrings, incident, report } from './helpers.js';

const VERSION = '0.1.0';

/** The card as Slack would lay it out, one line per text object, for readable inline snapshots. */
function render(blocks: SlackBlock[]): string {
  return blocks
    .map((block) => {
      if (block.type === 'divider') return '----';
      if (block.type === 'header') return `# ${block.text.text}`;
      if (block.type === 'context') return `(${block.elements.map((e) => e.text).join(' | ')})`;
      const text = block.text ? block.text.text : '';
      const fields = block.fields ? block.fields.map((f) => `[${f.text.replace('\n', ': ')}]`).join(' ') : '';
      return [text, fields].filter(Boolean).join('\n');
    })
    .join('\n');
}

function valid(payload: unknown): string[] {
  return validate(JSON.stringify(payload)).violations;
}

describe('buildSlackCard', () => {
  it('lays out one incident: header, fields, cause, steps, evidence, context', () => {
    const { message, shown } = buildSlackCard(report(incident()), { top: 3, version: VERSION });
    expect(shown).toEqual(['a1b2c3d4e5f60718']);
    expect(message.text).toMatchInlineSnapshot(`"CRITICAL: PostgreSQL rejected the application credentials · cloudsentry"`);
    expect(render(message.blocks)).toMatchInlineSnapshot(`
      "# 🔴 CRITICAL · PostgreSQL rejected the application credentials
      [*Source*: \`app.log\`] [*Category*: \`database.auth\`] [*Count*: 42] [*Engine*: rules (confidence 0.90)] [*First seen*: 2026-11-25 14:02:11 UTC] [*Last seen*: 2026-11-25 14:09:57 UTC]
      *Root cause*
      The password the app sends for user "app" does not match the one PostgreSQL has.
      *Next steps*
      1. Check DB_PASSWORD in the deployed environment.
      2. Rotate the password and restart the app.
      *Evidence*
      \`\`\`
      FATAL: password authentication failed for user "app"
      \`\`\`
      (fingerprint \`a1b2c3d4e5f60718\` · cloudsentry 0.1.0)"
    `);
    expect(valid(message)).toEqual([]);
  });

  it('puts several incidents in one message, top N, and says how many are left out', () => {
    const incidents = [1, 2, 3, 4, 5].map((n) =>
      incident({ fingerprint: `f${n}`.padEnd(16, '0'), count: 10 - n }, { title: `Problem ${n}`, severity: n === 1 ? 'critical' : 'medium' }),
    );
    const { message, shown } = buildSlackCard(report(...incidents), { top: 2, version: VERSION, inCooldown: 1 });
    expect(shown).toEqual(['f100000000000000', 'f200000000000000']);
    expect(message.text).toMatchInlineSnapshot(`"CRITICAL: Problem 1 (+4 more incidents) · cloudsentry"`);
    const headersAndContext = message.blocks.filter((b) => b.type !== 'section');
    expect(render(headersAndContext)).toMatchInlineSnapshot(`
      "(*cloudsentry* found 6 incidents in 1,204 events (310 errors); 2 shown, most urgent first.)
      # 🔴 CRITICAL · Problem 1
      (fingerprint \`f100000000000000\` · cloudsentry 0.1.0)
      ----
      # 🟡 MEDIUM · Problem 2
      (fingerprint \`f200000000000000\` · cloudsentry 0.1.0)
      (3 more incidents not shown: run \`cloudsentry diagnose\` for the full report. 1 incident already posted recently, left out.)"
    `);
    expect(valid(message)).toEqual([]);
  });

  it('never sends more than 50 blocks, however large --slack-top is', () => {
    const incidents = Array.from({ length: 40 }, (_, n) => incident({ fingerprint: `${n}`.padStart(16, '0') }));
    const { message, shown } = buildSlackCard(report(...incidents), { top: 40, version: VERSION });
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(shown.length).toBe(message.blocks.filter((b) => b.type === 'header').length);
    const closing = message.blocks.at(-1);
    expect(closing?.type === 'context' && closing.elements[0]?.text).toContain(`${40 - shown.length} more incidents not shown`);
    expect(valid(message)).toEqual([]);
  });

  it('cuts the header at 150 characters with an ellipsis', () => {
    const { message } = buildSlackCard(report(incident({}, { title: 'T'.repeat(400) })), { top: 1, version: VERSION });
    const header = message.blocks[0];
    expect(header?.type).toBe('header');
    if (header?.type !== 'header') return;
    expect(header.text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(header.text.text.endsWith('…')).toBe(true);
  });

  it('cuts section text at 3,000 and field text at 2,000, even after escaping grows it', () => {
    const huge = '<&>'.repeat(2000);
    const { message } = buildSlackCard(
      report(incident({ sources: [huge] }, { rootCause: huge, remediation: [huge, huge], evidence: huge })),
      { top: 1, version: VERSION },
    );
    for (const block of message.blocks) {
      if (block.type !== 'section') continue;
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    }
    const texts = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    expect(texts.some((t) => t.length === SLACK_LIMITS.sectionText)).toBe(true);
    const evidence = texts.find((t) => t.startsWith('*Evidence*'));
    expect(evidence?.endsWith('…\n```')).toBe(true);
    expect(valid(message)).toEqual([]);
  });

  it('keeps every section non-empty when the diagnosis has empty parts', () => {
    const { message } = buildSlackCard(
      report(incident({ sample: '', sources: [] }, { title: '', rootCause: '', remediation: [], evidence: '' })),
      { top: 1, version: VERSION },
    );
    expect(valid(message)).toEqual([]);
  });

  it('lets no injection form through anywhere in the payload', () => {
    const evil = 'x <!channel> <!here> <!everyone> <@U024BE7LH> <#C024BE7LR|general> <!subteam^S1|@oncall> <https://evil.example|Click> @here ``` `';
    const { message } = buildSlackCard(
      report(incident({ sources: [evil] }, { title: evil, rootCause: evil, remediation: [evil], evidence: evil })),
      { top: 1, version: VERSION },
    );
    for (const text of allStrings(message)) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/@(here|channel|everyone)\b/);
    }
    const evidence = message.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Evidence*'));
    const body = evidence?.type === 'section' ? evidence.text?.text ?? '' : '';
    expect(body.match(/```/g)).toHaveLength(2);
  });

  it('keeps any log text inert and within limits (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 4000 });
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (title, evidence, steps, top) => {
        const incidents = Array.from({ length: top }, (_, n) =>
          incident({ fingerprint: `${n}`.padStart(16, '0'), sources: [title] }, { title, evidence, rootCause: evidence, remediation: steps }),
        );
        const { message } = buildSlackCard(report(...incidents), { top, version: VERSION });
        expect(valid(message)).toEqual([]);
        for (const s of allStrings(message)) expect(s).not.toMatch(/[<>]/);
      }),
      { numRuns: 60 },
    );
  });
});
