import { describe, expect, it } from 'vitest';
import {
  REDACTION_KINDS,
  classifyKey,
  createLineRedactor,
  luhnValid,
  redact,
  redactDeep,
  redactText,
} from '../../../src/core/redact/index.js';

// Each row: input, expected output. Secrets are fake but shaped like the real thing.
const AKIA = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GHP = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const SLACK_BOT = 'xoxb-2048153791-4099841571-Hk3xj2Wq9ZpR8tLm0vYc1aBn';
const SLACK_HOOK = 'https://hooks.slack.com/services/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';
const ANTHROPIC = 'sk-ant-api03-Xq9bT2vLm8cR4zW1nY7pK3sJ6hD0fG5aE2uI9oQ8rT4yU1iO7pA3sD6fG9hJ2kL-5zXcAA';
const OPENAI = 'sk-proj-4fGh7Jk2Lm9Np3Qr6St8Uv1Wx5Yz0Ab2Cd4Ef6Gh8Ij0Kl2Mn4Op6Qr8St0Uv';
const STRIPE = 'sk_live_51H8xK2LmN3pQr4StUv5WxYz6';
const GOOGLE = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
const NPM = 'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const SENDGRID = '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';
const TWILIO = 'SK2a5f8c9e1b3d4f6a7c8e9f0a1b2c3d4e';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDk9rEXAMPLEtokenvalueAbCdEfGhIjKlMnOpQrStUv';

const removed: Array<[string, string]> = [
  // key=value, env files, CLI flags
  ['DB_PASSWORD=hunter2 host=db', 'DB_PASSWORD=[REDACTED:password] host=db'],
  ['export PGPASSWORD="S3cr3t!"', 'export PGPASSWORD="[REDACTED:password]"'],
  ['smtpPass=mailpw1 webhook_secret=whs3cret', 'smtpPass=[REDACTED:password] webhook_secret=[REDACTED:secret]'],
  ['cloud.aws.credentials.secret-key=abc123XYZ', 'cloud.aws.credentials.secret-key=[REDACTED:secret]'],
  ['mysqld --user=root --password=r00tpw --port=3306', 'mysqld --user=root --password=[REDACTED:password] --port=3306'],
  ['deploy --token abc123def456 --verbose', 'deploy --token [REDACTED:token] --verbose'],
  ['-Dspring.datasource.password=j4v4pw', '-Dspring.datasource.password=[REDACTED:password]'],
  ['level=error msg="auth failed" api_key=k3y-v4lue user=bob', 'level=error msg="auth failed" api_key=[REDACTED:api_key] user=bob'],
  // JSON, escaped JSON, Python, Go structs, XML
  ['{"password":"p@ss\\"word","user":"bob"}', '{"password":"[REDACTED:password]","user":"bob"}'],
  ['{"client_secret": "cs-123", "refresh_token": "rt-456"}', '{"client_secret": "[REDACTED:secret]", "refresh_token": "[REDACTED:token]"}'],
  ['{"password": 123456}', '{"password": [REDACTED:password]}'],
  ['msg="{\\"password\\":\\"hunter2\\"}"', 'msg="{\\"password\\":\\"[REDACTED:password]\\"}"'],
  ["{'password': b'pyth0n', 'x': 1}", "{'password': b'[REDACTED:password]', 'x': 1}"],
  ['cfg={Host:db Password:g0lang User:app}', 'cfg={Host:db Password:[REDACTED:password] User:app}'],
  ['<password>xmlpw</password>', '<password>[REDACTED:password]</password>'],
  ['{"name":"DB_PASSWORD","value":"ecs-pw-1"}', '{"name":"DB_PASSWORD","value":"[REDACTED:password]"}'],
  // query strings and headers
  ['GET /login?user=bob&password=qs-pw&next=/home HTTP/1.1', 'GET /login?user=bob&password=[REDACTED:password]&next=/home HTTP/1.1'],
  ['Authorization: Bearer abc.def.ghi123', 'Authorization: Bearer [REDACTED:token]'],
  ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [REDACTED:credentials]'],
  ['authorization: token gho_weird', 'authorization: token [REDACTED:token]'],
  ['Cookie: sid=abc; theme=dark', 'Cookie: [REDACTED:cookie]'],
  ['Set-Cookie: session=abc123; Path=/; HttpOnly', 'Set-Cookie: [REDACTED:cookie]'],
  ['X-Api-Key: 9f8e7d6c', 'X-Api-Key: [REDACTED:api_key]'],
  ['curl -H "Authorization: Bearer tok123" https://x', 'curl -H "Authorization: Bearer [REDACTED:token]" https://x'],
  ["headers: {'X-Amz-Security-Token': 'FQoGZXIvYXdzEXAMPLE'}", "headers: {'X-Amz-Security-Token': '[REDACTED:token]'}"],
  // URLs and DSNs
  ['postgres://app:S3cr3t@db:5432/x', 'postgres://app:[REDACTED:password]@db:5432/x'],
  ['mongodb+srv://u:p@host/db', 'mongodb+srv://u:[REDACTED:password]@host/db'],
  ['redis://:pass@host:6379', 'redis://:[REDACTED:password]@host:6379'],
  ['amqp://user:pw@mq', 'amqp://user:[REDACTED:password]@mq'],
  ['mysql://root:p@ss@db:3306/app', 'mysql://root:[REDACTED:password]@db:3306/app'],
  ['dsn=app:g0dsn@tcp(10.0.0.5:3306)/orders', 'dsn=app:[REDACTED:password]@tcp(10.0.0.5:3306)/orders'],
  ['Server=db;User Id=sa;Password=my pass;Database=x', 'Server=db;User Id=sa;Password=[REDACTED:password];Database=x'],
  [
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6+/==;EndpointSuffix=core.windows.net',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED:azure_key];EndpointSuffix=core.windows.net',
  ],
  // well-known formats, wherever they are
  [`key ${AKIA} secret ${AWS_SECRET}`, 'key [REDACTED:aws_key] secret [REDACTED:aws_secret]'],
  [`aws_session_token=${SESSION_TOKEN}`, 'aws_session_token=[REDACTED:aws_session_token]'],
  [`remote: ${GHP} rejected`, 'remote: [REDACTED:github_token] rejected'],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', '[REDACTED:github_token]'],
  [`slack ${SLACK_BOT}`, 'slack [REDACTED:slack_token]'],
  [`posting to ${SLACK_HOOK} failed`, 'posting to https://hooks.slack.com/services/[REDACTED:slack_webhook] failed'],
  [`ANTHROPIC_API_KEY was ${ANTHROPIC}`, 'ANTHROPIC_API_KEY was [REDACTED:anthropic_key]'],
  [`using ${OPENAI}`, 'using [REDACTED:openai_key]'],
  [`stripe ${STRIPE}`, 'stripe [REDACTED:stripe_key]'],
  [`maps ${GOOGLE}`, 'maps [REDACTED:google_api_key]'],
  [`//registry.npmjs.org/:_authToken=${NPM}`, '//registry.npmjs.org/:_authToken=[REDACTED:npm_token]'],
  [`sendgrid ${SENDGRID}`, 'sendgrid [REDACTED:sendgrid_key]'],
  [`twilio ${TWILIO}`, 'twilio [REDACTED:twilio_key]'],
  [`Bearer ${JWT}`, 'Bearer [REDACTED:jwt]'],
  // personal data
  ['login failed for john.doe+ops@example.com', 'login failed for [REDACTED:email]'],
  ['smtp://alerts%40example.com:pw@smtp.example.com', 'smtp://[REDACTED:email]:[REDACTED:password]@smtp.example.com'],
  ['ftp://carol@example.com:pw9x@ftp.example.com/', 'ftp://[REDACTED:email]:[REDACTED:password]@ftp.example.com/'],
  [
    'Authorization: Digest username="admin", nonce="dcd98b", response="6629fae49393a05397450978507c4ef1"',
    'Authorization: Digest [REDACTED:auth]',
  ],
  ["-H 'Authorization: Digest username=\"u\", response=\"6629fae4\"' https://x/y", "-H 'Authorization: Digest [REDACTED:auth]' https://x/y"],
  [
    "send: b'GET / HTTP/1.1\\r\\nAuthorization: Bearer PyReqTok99abc\\r\\n\\r\\n'",
    "send: b'GET / HTTP/1.1\\r\\nAuthorization: Bearer [REDACTED:token]\\r\\n\\r\\n'",
  ],
  ["'token' => env('APP_TOKEN', 'Fallback9pw'),", "'token' => env('APP_TOKEN', '[REDACTED:token]'),"],
  ['api_key = os.getenv("API_KEY", "Fallback8pw")', 'api_key = os.getenv("API_KEY", "[REDACTED:api_key]")'],
  ['charge card 4111 1111 1111 1111 declined', 'charge card [REDACTED:card] declined'],
  ['pan=5555-5555-5555-4444', 'pan=[REDACTED:card]'],
  ['amex 378282246310005', 'amex [REDACTED:card]'],
];

const kept = [
  '2024-01-15T10:23:45.123Z ERROR [req-7f3a] user_id=42 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 status=500',
  'FATAL: password authentication failed for user "admin"',
  'author=bob input_tokens=123 output_tokens=45 passenger_id=77 max_tokens=1024',
  'token_type=Bearer session_timeout=30 password_min_length=12 auth_method=oauth',
  'at AuthService.validateToken (/app/src/auth.js:42:13)',
  '\tat com.example.auth.TokenService.validate(TokenService.java:42)',
  '  File "/app/auth/token.py", line 42, in validate_token',
  'Caused by: com.example.auth.TokenExpiredException: JWT expired at 2024-01-01T00:00:00Z',
  'request 123e4567-e89b-12d3-a456-426614174000 commit 3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345',
  'arn:aws:iam::123456789012:role/lambda-exec 10.0.0.1:5432 GET /api/users 503',
  'WWW-Authenticate: Bearer realm="example", error="invalid_token"',
  'order 12345678901234567890 ts 1700000000000 not a card 4111111111111112',
  'git@github.com:org/repo.git react@18.2.0 @types/node',
  'PWD=/home/ubuntu HOSTNAME=ip-10-0-1-23.ec2.internal',
  'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'Error: Invalid token: expected 3 parts',
  'password: ${DB_PASSWORD}',
  'ftp://carol@example.com/pub https://admin@example.com:8443/x',
  "'token' => env('APP_TOKEN'),",
  'password: env("DB_PASSWORD")',
  'token = os.environ["API_TOKEN"]',
  'api_key: ENV[\'API_KEY\']',
  'api_key: os.getenv(\'API_KEY\')',
  'password=process.env.DB_PASSWORD',
  'password=%DB_PASSWORD%',
  'password: %{DB_PASSWORD}',
  'password=#{db.password}',
  'session: created',
  'token: refreshed',
  'token=***REDACTED***',
];

describe('redact', () => {
  it.each(removed)('masks %s', (input, expected) => {
    expect(redact(input).text).toBe(expected);
  });

  it.each(kept)('keeps %s', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it('counts what it masked, by kind', () => {
    const result = redact(`password=a token=b ${AKIA} jane@example.com`);
    expect(result.counts).toEqual({ password: 1, token: 1, aws_key: 1, email: 1 });
    expect(result.total).toBe(4);
  });

  it('exports every kind it can produce', () => {
    for (const [input] of removed) {
      for (const kind of Object.keys(redact(input).counts)) expect(REDACTION_KINDS).toContain(kind);
    }
  });
});

describe('PEM private keys', () => {
  const block = [
    'ssl:',
    '  key: |',
    '    -----BEGIN RSA PRIVATE KEY-----',
    '    MIIEowIBAAKCAQEAuxxoYHaSLZGi6gPpEXAMPLE+Abc/def',
    '    Proc-Type: 4,ENCRYPTED',
    '    kXSU0QxpDeCdvjeT8TReCr6ENZLd9pXqMyGpEXAMPLE==',
    '    -----END RSA PRIVATE KEY-----',
    '  cert: /etc/ssl/app.crt',
  ];

  it('masks every line of a block and keeps the line count', () => {
    const out = redactText(block.join('\n')).split('\n');
    expect(out).toHaveLength(block.length);
    expect(out.slice(2, 7).every((line) => line.trim() === '[REDACTED:private_key]')).toBe(true);
    expect(out[0]).toBe('ssl:');
    expect(out[7]).toBe('  cert: /etc/ssl/app.crt');
  });

  it('masks a block streamed line by line', () => {
    const redactor = createLineRedactor();
    const out = block.map((line) => redactor.line(line));
    expect(out).toEqual(redactText(block.join('\n')).split('\n'));
    expect(redactor.counts.private_key).toBe(1);
  });

  it('masks a block flattened into a JSON string', () => {
    const line = '{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----\\n","id":"x"}';
    expect(redactText(line)).toBe('{"private_key":"[REDACTED:private_key]\\n","id":"x"}');
  });

  it('masks a private key body line seen without its BEGIN line', () => {
    const lines = [
      'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MaKeFakeFakeFakeLine',
      'key chunk MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7 (1/27)',
      'MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIfakefakefakefake',
      'MIIFDjBABgkqhkiG9w0BBQ0wMzAbBgkqhkiG9w0BBQwwDgQIfakefakefakefake',
    ];
    for (const line of lines) expect(redactText(line)).toContain('[REDACTED:private_key]');
    expect(redactText(lines[1]!)).toBe('key chunk [REDACTED:private_key] (1/27)');
  });

  it('leaves certificate and public-key body lines alone', () => {
    for (const line of [
      'MIIDdzCCAl+gAwIBAgIJAKZ7D5Yv0fakeFakeFakeFakeFakeFakeFakeFake',
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo',
    ]) expect(redactText(line)).toBe(line);
  });

  it('leaves certificates alone', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----';
    expect(redactText(cert)).toBe(cert);
  });
});

describe('redactDeep', () => {
  it('masks values under secret keys and redacts every string', () => {
    const value = { user: 'bob', password: 'x', nested: [{ apiKey: 42 }, 'mail jane@example.com'], ok: true };
    expect(redactDeep(value)).toEqual({
      user: 'bob',
      password: '[REDACTED:password]',
      nested: [{ apiKey: '[REDACTED:api_key]' }, 'mail [REDACTED:email]'],
      ok: true,
    });
  });
});

describe('classifyKey', () => {
  it.each([
    ['DB_PASSWORD', 'password'],
    ['smtpPass', 'password'],
    ['X-Amz-Security-Token', 'token'],
    ['sessionId', 'session'],
    ['x-api-key', 'api_key'],
    ['JSESSIONID', 'session'],
  ])('%s is a %s', (key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });

  it.each(['author', 'input_tokens', 'passenger_id', 'token_type', 'bypass', 'keyboard', 'OAuthProvider'])(
    '%s is not secret',
    (key) => {
      expect(classifyKey(key)).toBeUndefined();
    },
  );
});

describe('luhnValid', () => {
  it('accepts test card numbers and rejects near misses', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});
