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
  ['machine api.example.com login bob password netrcPw1', 'machine api.example.com login bob password [REDACTED:password]'],
  ['sqlplus -s scott/tiger1@orcl', 'sqlplus -s scott/[REDACTED:password]@orcl'],
  ['jdbc:oracle:thin:scott/T1ger@//db:1521/svc', 'jdbc:oracle:thin:scott/[REDACTED:password]@//db:1521/svc'],
];

const kept = [
  'docker run -u 1000:1000 img',
  'mysql -u root -p shop',
  'psql -h db -p 5432 -U app',
  'ssh -p 2222 deploy@10.0.4.17',
  'ps -u root:root',
  'curl -u "$USER:$TOKEN" https://x',
  'npm run build -- -p tsconfig.json',
  'the default password is weak',
  'image acme/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'jdbc:oracle:thin:@//db:1521/svc',
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

describe('other places a secret key hides', () => {
  it.each([
    ['body=%7B%22password%22%3A%22encPw123%22%7D', 'body=%7B%22password%22%3A%22[REDACTED:password]%22%7D'],
    ['<entry key="db.password">xmlEntryPw</entry>', '<entry key="db.password">[REDACTED:password]</entry>'],
    ['x-functions-key: fk_abc123456', 'x-functions-key: [REDACTED:api_key]'],
    ['      ~ api_token = "old-1" -> "new-2"', '      ~ api_token = "[REDACTED:token]" -> "[REDACTED:token]"'],
    ['argv: ["app","--token","tk-123abc"]', 'argv: ["app","--token","[REDACTED:token]"]'],
    ['<wsse:Password Type="urn:x#PasswordText">soapPw1</wsse:Password>', '<wsse:Password Type="urn:x#PasswordText">[REDACTED:password]</wsse:Password>'],
    ['{"X-Api-Key":["hdrKey123abc"]}', '{"X-Api-Key":["[REDACTED:api_key]"]}'],
    ['[PHP_AUTH_PW] => phpPw77', '[PHP_AUTH_PW] => [REDACTED:password]'],
    ['ADMIN_PW=adm1nPw', 'ADMIN_PW=[REDACTED:password]'],
    ["CREATE USER 'bob'@'%' IDENTIFIED BY 'myPw1'", "CREATE USER 'bob'@'%' IDENTIFIED BY '[REDACTED:password]'"],
    ['"AUTH" "default" "redisPw1"', '"AUTH" "default" "[REDACTED:auth]"'],
    ['openssl rsa -in k.pem -passin pass:sslPw2', 'openssl rsa -in k.pem -passin pass:[REDACTED:password]'],
    ['keytool -list -keystore ks.jks -storepass ktPw3', 'keytool -list -keystore ks.jks -storepass [REDACTED:password]'],
    ['ldapsearch -x -D cn=admin -w ldapPw4 -b dc=corp', 'ldapsearch -x -D cn=admin -w [REDACTED:password] -b dc=corp'],
  ])('masks %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
    expect(redactText(expected)).toBe(expected);
  });
  it.each([
    'password=${{ secrets.DB_PASSWORD }}',
    '      + password               = (sensitive value)',
    'password: !vault |',
    'GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json',
    'passwd: password updated successfully',
    'session.gc_maxlifetime = 1440',
    'ERR AUTH <password> called without any password configured for the default user.',
    'k8s: Warning  FailedMount  secret "registry-creds" not found',
    'UPDATE users SET password = $2 WHERE id = $1',
    'SELECT id FROM users WHERE password_reset_token = ? LIMIT 1',
    'openssl rsa -in k.pem -passin env:KEY_PASS',
    'curl -s -w "%{http_code}" https://api/health',
    'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  ])('keeps %s', (input) => {
    expect(redactText(input)).toBe(input);
  });
});
