import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineRedactor, luhnValid, redactText } from '../../../src/core/redact/index.js';

// Fragments that make the rules fire and collide: keys, separators, quotes, prefixes, PEM lines.
const fragment = fc.oneof(
  fc.constantFrom(
    'password', 'DB_PASSWORD', 'token', 'Authorization', 'Cookie', 'api_key', 'secret', 'session', 'name', 'value',
    '=', ':', ': ', ' ', '  ', '"', "'", '\\"', '\\', '{', '}', '[', ']', ';', '&', ',', '@', '%40', '/', '://', '-', '--',
    '\n', '\t', 'Bearer ', 'Basic ', 'AKIA', 'eyJ', 'ghp_', 'sk-', 'xoxb-', 'example.com', 'user', 'postgres',
    '4111', '1111', '0000', '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA',
    '[REDACTED:password]', 'Q~', ':AA', 'IQoJb3JpZ2lu', 'hooks.slack.com/services/',
  ),
  fc.string({ maxLength: 6 }),
  fc.stringMatching(/^[A-Za-z0-9+/]{1,45}$/),
);
const text = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

const lineByLine = (input: string): string => {
  const redactor = createLineRedactor();
  return input
    .split('\n')
    .map((line) => redactor.line(line))
    .join('\n');
};

describe('redaction properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(text, (input) => {
        const once = redactText(input);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('preserves the line count', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(redactText(input).split('\n').length).toBe(input.split('\n').length);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same text streamed line by line as redacted whole', () => {
    fc.assert(
      fc.property(text, (input) => {
        expect(lineByLine(input)).toBe(redactText(input));
      }),
      { numRuns: 2000 },
    );
  });
});

// Generators for every supported format, built from the real shapes.
const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
const withDigitAndUpper = (min: number, max: number) =>
  fc.tuple(alnum(min, max), fc.integer({ min: 0, max: 9 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ')).map(
    ([s, d, u]) => `${s}${d}${u}`,
  );
const base64url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));

const awsSecret = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9]{37}$/), fc.constantFrom('', '/', '+'))
  .map(([body, extra]) => `${body.slice(0, 34)}Ab1${extra}${body.slice(34)}`.slice(0, 40).padEnd(40, 'x'));

const card = fc
  .tuple(fc.constantFrom('4', '51', '55', '37', '6011', '35'), fc.stringMatching(/^[0-9]{16}$/), fc.constantFrom(16, 15))
  .map(([prefix, digits, length]) => {
    const body = (prefix + digits).slice(0, length - 1);
    for (let check = 0; check <= 9; check++) if (luhnValid(body + check)) return body + check;
    return body + '0';
  })
  .chain((digits) =>
    fc.constantFrom(digits, digits.replace(/(\d{4})(?=\d)/g, '$1 '), digits.replace(/(\d{4})(?=\d)/g, '$1-')),
  );

const jwt = fc
  .tuple(base64url(10, 40), base64url(10, 80), base64url(20, 43))
  .map(([payload, more, sig]) => `eyJhbGciOiJSUzI1NiJ9.eyJ${payload}${more}.${sig}`);

const secrets: Record<string, fc.Arbitrary<string>> = {
  aws_key: fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.stringMatching(/^[A-Z2-7]{16}$/)).map(([p, s]) => p + s),
  aws_secret: awsSecret,
  aws_session_token: fc.stringMatching(/^[A-Za-z0-9+/]{100,300}$/).map((s) => `IQoJb3JpZ2luX2Vj${s}`),
  github: fc.tuple(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), alnum(36, 36)).map(([p, s]) => p + s),
  github_pat: fc.stringMatching(/^[A-Za-z0-9_]{82}$/).map((s) => `github_pat_${s}`),
  slack: fc
    .tuple(fc.constantFrom('xoxb-', 'xoxp-', 'xoxa-'), fc.stringMatching(/^[0-9]{10,13}$/), alnum(24, 32))
    .map(([p, id, s]) => `${p}${id}-${id}-${s}`),
  slack_app: alnum(60, 80).map((s) => `xapp-1-A0${s}`),
  slack_webhook: fc
    .tuple(alnum(8, 10), alnum(8, 10), alnum(24, 24))
    .map(([t, b, s]) => `https://hooks.slack.com/services/T${t}/B${b}/${s}`),
  anthropic: base64url(80, 95).map((s) => `sk-ant-api03-${s}AA`),
  openai: fc.tuple(fc.constantFrom('sk-', 'sk-proj-'), withDigitAndUpper(40, 120)).map(([p, s]) => p + s),
  stripe: fc.tuple(fc.constantFrom('sk_live_', 'rk_live_', 'sk_test_'), alnum(24, 99)).map(([p, s]) => p + s),
  google: base64url(35, 35).map((s) => `AIza${s}`),
  npm: alnum(36, 36).map((s) => `npm_${s}`),
  sendgrid: fc.tuple(base64url(22, 22), base64url(43, 43)).map(([a, b]) => `SG.${a}.${b}`),
  twilio: hex(32).map((s) => `SK${s}`),
  jwt,
  card,
  email: fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9._+-]{0,20}[a-z0-9]$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,15}[a-z]$/), fc.constantFrom('com', 'io', 'co.uk', 'org', 'dev'))
    .filter(([local]) => !local.includes('..') && !['git', 'root', 'ubuntu', 'core'].includes(local))
    .map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
};

// Text around the secret: anything, ending and starting with a character that cannot glue onto a token.
const around = fc
  .tuple(fc.string({ maxLength: 30 }), fc.constantFrom(' ', '"', "'", '=', ': ', '(', '[', '\t', ', ', '> '))
  .map(([s, sep]) => s + sep);
const after = fc
  .tuple(fc.constantFrom(' ', '"', "'", ')', ']', ',', ';', '\t', '.', ' -'), fc.string({ maxLength: 30 }))
  .map(([sep, s]) => sep + s);

describe('generated secrets', () => {
  it.each(Object.entries(secrets))('removes a %s in random surrounding text', (_kind, secret) => {
    fc.assert(
      fc.property(around, secret, after, (before, value, rest) => {
        expect(redactText(`${before}${value}${rest}`)).not.toContain(value);
      }),
      { numRuns: 300 },
    );
  });

  it('removes a value of a secret key whatever the quoting', () => {
    const key = fc.constantFrom('password', 'DB_PASSWORD', 'client_secret', 'access_token', 'apiKey', 'X-Api-Key', 'sessionid');
    // A value starting with ~/ is a home path (`password=~/.pgpass`), which the README keeps.
    const value = fc.stringMatching(/^[A-Za-z0-9!#$%*+./?^_~-]{6,30}$/).filter((v) => !/^(?:[.-]|~\/)/.test(v));
    const form = fc.constantFrom(
      (k: string, v: string) => `${k}=${v}`,
      (k: string, v: string) => `"${k}": "${v}"`,
      (k: string, v: string) => `'${k}': '${v}'`,
      (k: string, v: string) => `${k}: ${v}`,
      (k: string, v: string) => `?${k}=${v}&x=1`,
      (k: string, v: string) => `\\"${k}\\":\\"${v}\\"`,
      (k: string, v: string) => `<${k}>${v}</${k}>`,
    );
    fc.assert(
      fc.property(key, value, form, fc.constantFrom('', 'ts=1 ', '{', '  '), (k, v, f, prefix) => {
        expect(redactText(prefix + f(k, v))).not.toContain(v);
      }),
      { numRuns: 2000 },
    );
  });
});
