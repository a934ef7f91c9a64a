import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineRedactor, redactText } from '../../../src/core/redact/index.js';

// Regression tests for the leaks of issue #12 (items 7, 9, 10).

const SCHEMES = [
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps',
  'http', 'https', 'ftp', 'sftp', 'ssh', 'smtp', 'smtps', 'ldap', 'ldaps', 'git+ssh', 'jdbc:postgresql', 'nats',
  'kafka', 'mqtt', 'sqlserver', 'clickhouse', 'couchdb', 's3',
];
const USERS = ['guest', 'deploy', 'app', 'postgres', 'root', 'svc_user', 'ci-bot', ''];
const HOSTS = ['rabbit', 'db', 'git.acme.io', '10.0.0.5', 'cache-01.internal', '[::1]', 'localhost'];
const RESTS = ['', ':5432', ':5672/vh', '/r.git', ':6379/0?ssl=true', '/db?sslmode=require#frag', ':8443/.well-known/x'];

/** Any printable character: ASCII 0x21–0x7E and a few non-ASCII ones (accents, CJK, an emoji). */
const printable = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ü', '€', '中', '🔑', 'ß') },
);
const password = fc.string({ unit: printable, minLength: 1, maxLength: 24 }).filter(
  // A password that is itself a placeholder (`***`, `%s`, `${X}`, `<x>`) is left as written, by design.
  (pw) => !/^(?:\*+|\$\{[^}]*\}|\{\{[^}]*\}\}|%\(\w+\)s|%s|<[a-z][a-z0-9_-]*>|\$[A-Z][A-Z0-9]*_[A-Z0-9_]+|\[REDACTED.*)$/i.test(pw),
);

describe('URL user-info passwords (item 7)', () => {
  it.each([
    ['ERROR AMQP failed amqp://guest:g#u@st!@rabbit:5672/vh ECONNREFUSED', 'ERROR AMQP failed amqp://guest:[REDACTED:password]@rabbit:5672/vh ECONNREFUSED'],
    ['ERROR clone https://deploy:p#ss?w/rd@x@git.acme.io/r.git failed', 'ERROR clone https://deploy:[REDACTED:password]@git.acme.io/r.git failed'],
    ['ERROR pg_dump --password=Tr0ub4dor&3 orders', 'ERROR pg_dump --password=[REDACTED:password] orders'],
    ['{"url":"postgres://u:p\\"w@db/x","email":"ops@example.com"}', '{"url":"postgres://u:[REDACTED:password]@db/x","email":"[REDACTED:email]"}'],
  ])('masks the whole password in %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'https://api.example.com:8443/x?next=/home',
    'GET http://localhost:4873/@scope/pkg 404',
    'https://registry.example.com/@babel/core',
    'ssh://git@github.com/acme/repo.git',
  ])('keeps a host and port that are not user-info: %s', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it('masks every generated password in every scheme, whole, in plain text and in JSON', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCHEMES),
        fc.constantFrom(...USERS),
        password,
        fc.constantFrom(...HOSTS),
        fc.constantFrom(...RESTS),
        fc.constantFrom('plain', 'json', 'angle', 'quote'),
        (scheme, user, pw, host, rest, wrap) => {
          const tail = `@${host}${rest}`;
          const url = `${scheme}://${user}:${pw}${tail}`;
          const masked = `${scheme}://${user}:[REDACTED:password]${tail}`;
          if (wrap === 'json') {
            const line = JSON.stringify({ level: 'error', url, msg: 'connect failed' });
            expect(redactText(line)).toBe(JSON.stringify({ level: 'error', url: masked, msg: 'connect failed' }).replace(/\\"/g, '"'));
          } else if (wrap === 'angle' || wrap === 'quote') {
            // Inside <…> or '…' the closing character can't be part of the URL (RFC 3986, shell quoting).
            const [open, close] = wrap === 'angle' ? ['<', '>'] : ["'", "'"];
            fc.pre(!pw.includes(close));
            expect(redactText(`ERROR fetch ${open}${url}${close} failed`)).toBe(`ERROR fetch ${open}${masked}${close} failed`);
          } else {
            expect(redactText(`ERROR connect ${url} ECONNREFUSED`)).toBe(`ERROR connect ${masked} ECONNREFUSED`);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('ANSI-coloured keys and values (item 9)', () => {
  it.each([
    ['\u001b[36mpassword\u001b[0m=hunter2', 'password=[REDACTED:password]'],
    ['\u001b[1mtoken=\u001b[0mabcdef123', 'token=[REDACTED:token]'],
    ['password=\u001b[33mhunter3\u001b[0m ok', 'password=[REDACTED:password] ok'],
    ['\u001b[36mDB_PASSWORD\u001b[39m: \u001b[32m"s3cr3t"\u001b[39m', 'DB_PASSWORD: "[REDACTED:password]"'],
  ])('masks %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(createLineRedactor().line(input)).toBe(expected);
    expect(createLineRedactor().lines([input, 'next'])).toEqual([expected, 'next']);
  });

  it('keeps the colours of a line with nothing to mask', () => {
    const line = '\u001b[31mERROR\u001b[0m connect ECONNREFUSED';
    expect(redactText(line)).toBe(line);
  });

  it('masks any secret value whatever colour codes surround its key and value', () => {
    const sgr = fc.constantFrom('', '\u001b[0m', '\u001b[36m', '\u001b[1;31m', '\u001b[38;5;208m', '\u001b]8;;http://x\u0007');
    // `%NAME%` is a Windows variable reference, by design not a secret: not generated.
    const secret = fc.stringMatching(/^[A-Za-z0-9!#%+]{6,20}$/).filter((s) => /[0-9]/.test(s) && !/^%.*%$/.test(s));
    fc.assert(
      fc.property(sgr, sgr, sgr, sgr, fc.constantFrom('password', 'api_key', 'client_secret', 'token'), fc.constantFrom('=', ': '), secret,
        (a, b, c, d, key, sep, value) => {
          const out = redactText(`${a}${key}${b}${sep}${c}${value}${d} next`);
          expect(out).not.toContain(value);
        }),
      { numRuns: 1000 },
    );
  });
});

describe('key words only count where they are the key (item 10)', () => {
  it.each([
    'GET https://token-service.internal:8443/.well-known/jwks.json failed',
    ' token-service.internal:8443/.well-known/jwks.json',
    'dial tcp auth.example.com:443: i/o timeout',
    'fetch arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf failed',
    'SecretId=arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf',
    'secret: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
    '{"SecretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"}',
  ])('keeps %s', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it('still masks a dotted property key ending in a secret word', () => {
    expect(redactText('spring.datasource.password:12345')).toBe('spring.datasource.password:[REDACTED:password]');
  });
});
