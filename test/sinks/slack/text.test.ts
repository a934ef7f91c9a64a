import { describe, expect, it } from 'vitest';
import { escapeSlack, truncate, untrusted, untrustedCode } from '../../../src/sinks/slack/text.js';

describe('escapeSlack', () => {
  it('escapes only &, < and >, & first', () => {
    expect(escapeSlack('a & b < c > d "e" \'f\' *g*')).toBe('a &amp; b &lt; c &gt; d "e" \'f\' *g*');
    expect(escapeSlack('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });
});

describe('untrusted', () => {
  const forms = [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<!here|here>',
    '<@U024BE7LH>',
    '<@W123|boss>',
    '<#C024BE7LR>',
    '<#C024BE7LR|general>',
    '<!subteam^SAZ94GDB8>',
    '<!subteam^SAZ94GDB8|@oncall>',
    '<!date^1392734382^{date}|Feb 18>',
    '<https://evil.example/login|https://intranet.example/sso>',
    '<mailto:a@b.example|Support>',
    '<https://evil.example>',
  ];
  it.each(forms)('neutralises %s', (form) => {
    const out = untrusted(`before ${form} after`);
    expect(out).not.toMatch(/[<>]/);
    expect(out).toContain('&lt;');
  });

  it.each(['@channel', '@here', '@everyone', '@Here'])('breaks the bare word %s', (word) => {
    const out = untrusted(`ping ${word} now`);
    expect(out).not.toContain(word);
    expect(out).toContain(`@\u200b${word.slice(1)}`);
  });

  it('leaves ordinary e-mail-like and @-words alone', () => {
    expect(untrusted('@channels @hereby user@@here.example')).toContain('@channels @hereby');
  });

  it('shows control and bidi-override characters as escapes', () => {
    expect(untrusted('a\u0007b\u001b[31mc\u202ed')).toBe('a\\x07b\\x1b[31mc\\u202ed');
    expect(untrusted('line 1\n\tline 2')).toBe('line 1\n\tline 2');
  });
});

describe('untrustedCode', () => {
  it('cannot close a code block: no backtick survives', () => {
    const out = untrustedCode('x ``` <!channel> ``` `y`');
    expect(out).not.toContain('`');
    expect(out).not.toMatch(/[<>]/);
  });
});

describe('truncate', () => {
  it('keeps text within the limit and ends with an ellipsis', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    expect(truncate('abcdefg', 6)).toHaveLength(6);
  });

  it('never splits an entity', () => {
    const text = escapeSlack('abc<<<<');
    for (let max = 4; max < text.length; max++) {
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.slice(0, -1)).toMatch(/^abc(&lt;)*$/);
    }
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('ab😀😀😀', 4);
    expect(out).toBe('ab…');
    expect(out.length).toBeLessThanOrEqual(4);
  });
});
