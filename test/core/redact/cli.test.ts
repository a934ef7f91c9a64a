import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/core/redact/index.js';

// Passwords on command lines that no key name announces.
const masked: Array<[string, string]> = [
  ['curl -u admin:Curl-Pw-1 https://ci', 'curl -u admin:[REDACTED:password] https://ci'],
  ['curl -u "bob:p4ss word" https://x', 'curl -u "bob:[REDACTED:password]" https://x'],
  ['curl --user bob:p4ss https://x', 'curl --user bob:[REDACTED:password] https://x'],
  ['/usr/bin/sshpass -p SshP4ss ssh host', '/usr/bin/sshpass -p [REDACTED:password] ssh host'],
  ['sshpass -p "two words" ssh host', 'sshpass -p "[REDACTED:password]" ssh host'],
  ['mysql -u root -pS3cret shop', 'mysql -u root -p[REDACTED:password] shop'],
  ['redis-cli -h cache -a r3dPw ping', 'redis-cli -h cache -a [REDACTED:password] ping'],
  ['docker login -u ci -p dckrPw1 ghcr.io', 'docker login -u ci -p [REDACTED:password] ghcr.io'],
];

const kept = [
  'docker run -u 1000:1000 img',
  'mysql -u root -p shop',
  'psql -h db -p 5432 -U app',
  'ssh -p 2222 deploy@10.0.4.17',
  'ps -u root:root',
  'curl -u "$USER:$TOKEN" https://x',
  'npm run build -- -p tsconfig.json',
];

describe('command-line passwords', () => {
  it.each(masked)('masks %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });
  it.each(kept)('keeps %s', (input) => {
    expect(redactText(input)).toBe(input);
  });
});
