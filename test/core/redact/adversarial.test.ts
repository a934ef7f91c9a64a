import { describe, expect, it } from 'vitest';
import { createLineRedactor, redactText } from '../../../src/core/redact/index.js';

// Inputs built to make naive regexes backtrack. Each is redacted at two sizes; the
// larger must not cost more per megabyte than a small factor of the smaller one
// (quadratic work would cost `scale` times more per megabyte).

const base64 = (n: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 7;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out.push(alphabet[seed % 64]!);
  }
  return out.join('');
};

const repeat = (unit: string) => (bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

const CASES: Array<[string, (bytes: number) => string]> = [
  ['a run of "="', repeat('=')],
  ['a@a@a…', repeat('a@')],
  ['a base64 blob', base64],
  ['dashes', repeat('-')],
  ['key=key=key…', repeat('password=')],
  ['unterminated JSON keys', repeat('"password":"')],
  ['escaped quotes', repeat('\\"password\\":\\"\\\\')],
  ['colon keys', repeat(' token: ')],
  ['names without values', repeat('name=DB_PASSWORD ')],
  ['digits with single spaces', repeat('4 ')],
  ['a digit run', repeat('1')],
  ['card-like groups', repeat('4111-')],
  ['URL starts', repeat('a://b:')],
  ['e-mail-ish dots', repeat('a.')],
  ['encoded at signs', repeat('a%40')],
  ['PEM headers', repeat('-----BEGIN RSA PRIVATE KEY-----')],
  ['Bearer words', repeat('Bearer ')],
  ['JWT-like', repeat('eyJ.')],
  ['token prefixes', repeat('sk-ghp_xoxb-AKIA')],
  ['Azure markers', repeat('abc8Q~')],
  ['Telegram markers', repeat('12345678:AA')],
  ['one long word', repeat('a')],
  ['XML names without values', repeat('<entry key="password">')],
  ['URL-encoded JSON keys', repeat('%22password%22%3A%22')],
  ['command-line flags', repeat(' -u a:b -p x sshpass -p ')],
  ['Oracle-like slashes', repeat('oracle:a/b@')],
  ['netrc words', repeat('machine h login u password ')],
  ['sentences after keys', repeat('auth: failed to verify the token of ')],
  ['XML elements with attributes', repeat('<wsse:Password Type="a" ')],
  ['header arrays', repeat('"X-Api-Key":["')],
  ['SQL IDENTIFIED BY', repeat('IDENTIFIED BY ')],
  ['openssl pass: and keytool flags', repeat(' -passin pass: -storepass ')],
  ['PHP print_r keys', repeat('[PHP_AUTH_PW] => [')],
  ['e-mails as URL user names without an end', repeat('ftp://a@b.io:')],
  ['Digest parameters', repeat('Authorization: Digest a="b", c=""=')],
  ['environment lookups', repeat("token=env('A', 'password=os.getenv(\"")],
  ['URL passwords full of at signs', repeat('a://u:@a@')],
  ['quoted URLs without a host', repeat('"a://u:"x\\"')],
  ['URLs inside URLs', repeat('a://b:c@d/')],
  ['host names with secret words and ports', repeat('token.a:1 ')],
  ['DER private-key starts', repeat('MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8Pb MIIEvQIBADAN ')],
];

/**
 * Best of three, in milliseconds of CPU time rather than wall time: on a busy machine (CI, parallel
 * test workers) a preempted run would otherwise look like super-linear work.
 */
function time(input: string): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const start = process.cpuUsage();
    redactText(input);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('adversarial inputs take time linear in their size', () => {
  it.each(CASES)('%s', (_name, make) => {
    const small = make(256 * 1024);
    const large = make(2 * 1024 * 1024);
    const scale = large.length / small.length;
    time(small); // warm up
    // Linear work gives a ratio near `scale` (8); quadratic work would give ~64 every time. On a loaded
    // machine one measurement can be off, so the best of three decides.
    let ratio = Infinity;
    for (let k = 0; k < 3 && ratio >= scale * 3; k++) ratio = Math.min(ratio, time(large) / Math.max(time(small), 0.5));
    expect(ratio).toBeLessThan(scale * 3);
  });

  it('a 10 MB base64 blob costs no more per megabyte than a 1 MB one', () => {
    const small = base64(1024 * 1024);
    const large = base64(10 * 1024 * 1024);
    time(small);
    expect(time(large) / Math.max(time(small), 0.5)).toBeLessThan(30);
  });

  it('the examples of the issue finish quickly, whole and line by line', () => {
    const inputs = ['='.repeat(1 << 20), 'a@'.repeat(1 << 19), base64(10 << 20), '-'.repeat(100_000)];
    for (const input of inputs) {
      const start = performance.now();
      expect(redactText(input)).toHaveLength(input.length);
      createLineRedactor().line(input);
      expect(performance.now() - start).toBeLessThan(10_000);
    }
  });
});
