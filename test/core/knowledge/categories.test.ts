import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';
import type { Category } from '../../../src/core/taxonomy.js';

/** A few messy samples per category, from different technologies: plain, buried in a trace, or wrapped. */
const CASES: Record<Exclude<Category, 'unknown'>, string[]> = {
  'database.auth': [
    'error: password authentication failed for user "api"\n    at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:287:98)',
    "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1045, \"Access denied for user 'etl'@'10.0.0.2' (using password: YES)\")",
    'io.lettuce.core.RedisCommandExecutionException: WRONGPASS invalid username-password pair or user is disabled.',
    "MongoServerError: Authentication failed.\n    at Connection.onMessage (/app/node_modules/mongodb/lib/cmap/connection.js:202:26) {\n  code: 18,\n  codeName: 'AuthenticationFailed'\n}",
  ],
  'database.connection': [
    'Error: connect ECONNREFUSED 10.0.0.4:3306\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30002ms.',
    'psycopg2.OperationalError: FATAL:  remaining connection slots are reserved for non-replication superuser connections',
    'Request failed\n  [cause]: MongoServerSelectionError: connect ECONNREFUSED 10.0.9.9:27017',
  ],
  'database.query': [
    "Error: ER_DUP_ENTRY: Duplicate entry '42' for key 'PRIMARY'",
    'ERROR:  canceling statement due to statement timeout\nSTATEMENT:  SELECT * FROM events WHERE created_at > now() - interval \'90 days\'',
    'org.springframework.dao.DataIntegrityViolationException: could not execute statement\nCaused by: org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint "users_pkey"',
    'MongoBulkWriteError: E11000 duplicate key error collection: app.carts index: _id_ dup key: { _id: "c1" }',
  ],
  'network.refused': [
    'Error: connect ECONNREFUSED 127.0.0.1:3000\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    'Get "http://auth:9000/verify": dial tcp 10.96.1.2:9000: connect: connection refused',
    "requests.exceptions.ConnectionError: HTTPConnectionPool(host='search', port=9200): Max retries exceeded with url: /_search (Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))",
  ],
  'network.timeout': [
    'Error: connect ETIMEDOUT 34.120.1.1:443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
    "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.vendor.com', port=443): Read timed out. (read timeout=30)",
    'Post "https://hooks.internal/notify": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    'Error: socket hang up\n    at connResetException (node:internal/errors:720:14) {\n  code: \'ECONNRESET\'\n}',
  ],
  'network.dns': [
    'Error: getaddrinfo ENOTFOUND payments.svc.cluster.local',
    'Caused by: java.net.UnknownHostException: kafka-1: Name or service not known',
    'dial tcp: lookup minio on 10.96.0.10:53: no such host',
  ],
  'network.tls': [
    "Error: unable to verify the first certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34) {\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}",
    'x509: certificate signed by unknown authority',
    'javax.net.ssl.SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target',
    "requests.exceptions.SSLError: HTTPSConnectionPool(host='x', port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))",
  ],
  'auth.denied': [
    'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied',
    "Error: EACCES: permission denied, mkdir '/var/lib/app/cache'",
    'Error from server (Forbidden): deployments.apps "api" is forbidden: User "dev" cannot patch resource "deployments" in API group "apps" in the namespace "prod"',
    'Error: Request failed with status code 403',
  ],
  'auth.credentials': [
    'UnrecognizedClientException: The security token included in the request is invalid.',
    'TokenExpiredError: jwt expired\n    at /app/node_modules/jsonwebtoken/verify.js:190:21',
    'botocore.exceptions.NoCredentialsError: Unable to locate credentials',
    "stripe.error.AuthenticationError: Invalid API Key provided: sk_test_****",
  ],
  'resource.memory': [
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    'Exception in thread "kafka-consumer" java.lang.OutOfMemoryError: Java heap space',
    '  Last State:  Terminated\n    Reason:    OOMKilled\n    Exit Code: 137',
    '{"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: 1 Error: Runtime exited with error: signal: killed"}',
  ],
  'resource.disk': [
    "Error: ENOSPC: no space left on device, write '/tmp/upload-1.bin'",
    'OSError: [Errno 28] No space left on device',
    'Warning  Evicted  kubelet  The node was low on resource: ephemeral-storage.',
  ],
  'resource.timeout': [
    '2024-06-01T00:00:00.000Z 0f1e Task timed out after 3.00 seconds',
    'celery.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()',
    '[2024-06-01 00:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:12)',
  ],
  'resource.throttling': [
    'ThrottlingException: Rate exceeded\n    at de_ThrottlingExceptionRes (/var/task/node_modules/@aws-sdk/client-sts/dist-cjs/index.js:1:1)',
    'ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.',
    'Error: Request failed with status code 429',
    'botocore.exceptions.ClientError: An error occurred (SlowDown) when calling the PutObject operation: Please reduce your request rate.',
  ],
  'config.missing': [
    'Error: Missing required environment variable: REDIS_URL\n    at env (/app/dist/env.js:4:11)',
    "Traceback (most recent call last):\n  File \"/app/config.py\", line 3, in <module>\n    TOKEN = os.environ['SLACK_TOKEN']\nKeyError: 'SLACK_TOKEN'",
    'Caused by: java.lang.IllegalArgumentException: Could not resolve placeholder \'db.url\' in value "${db.url}"',
    'Warning  Failed  kubelet  Error: configmap "settings" not found',
  ],
  'dependency.missing': [
    "Error: Cannot find module 'pg'\nRequire stack:\n- /var/task/index.js",
    "ModuleNotFoundError: No module named 'boto3'",
    'java.lang.NoClassDefFoundError: org/slf4j/LoggerFactory\nCaused by: java.lang.ClassNotFoundException: org.slf4j.LoggerFactory',
    "{\"errorType\":\"Runtime.ImportModuleError\",\"errorMessage\":\"Error: Cannot find module 'aws-sdk'\"}",
  ],
  'code.exception': [
    "TypeError: Cannot read properties of undefined (reading 'map')\n    at render (/app/dist/view.js:12:9)",
    'java.lang.NullPointerException\n\tat com.acme.Cart.total(Cart.java:31)',
    "AttributeError: 'NoneType' object has no attribute 'strip'",
    'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a2b1c]',
  ],
  'upstream.unavailable': [
    'Error: Request failed with status code 503',
    '2024/06/01 00:00:00 [error] 8#8: *9 upstream prematurely closed connection while reading response header from upstream',
    "io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'inventory' is OPEN and does not permit further calls",
    'requests.exceptions.HTTPError: 502 Server Error: Bad Gateway for url: https://api.partner.io/v1/x',
  ],
  'security.auth': [
    'Oct  3 04:11:02 web2 sshd[8812]: Failed password for invalid user admin from 203.0.113.7 port 50112 ssh2',
    'Oct  3 04:11:05 web2 sshd[8815]: Invalid user ftpuser from 203.0.113.7 port 50190',
    'Oct  3 04:12:00 web2 sshd[8830]: Failed password for mysql from 203.0.113.7 port 50344 ssh2',
    'Oct  3 04:20:31 web2 su[991]: pam_unix(su:auth): authentication failure; logname=dev uid=1000 euid=0 tty=pts/2 ruser=dev rhost=  user=root',
  ],
  'infra.storage': [
    '[ 8123.004411] blk_update_request: I/O error, dev nvme1n1, sector 20480 op 0x1:(WRITE) flags 0x800 phys_seg 4 prio class 0',
    'Oct  3 05:00:01 db3 kernel: EXT4-fs error (device sdb1): ext4_journal_check_start:83: Detected aborted journal',
    'Oct  3 05:02:44 db3 systemd[1]: Failed to mount /srv/data.',
  ],
  'infra.hardware': [
    'Oct  3 06:00:12 hv1 kernel: mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 4: b200000000070f0f',
    'Oct  3 06:01:00 hv1 kernel: CPU7: Package temperature above threshold, cpu clock throttled (total events = 31)',
    'ipmitool sel: Power Supply PS2 | Failure detected | Asserted',
  ],
  'infra.cluster': [
    '2024-10-03 07:00:00,001 [myid:1] - WARN  [QuorumConnectionThread-[myid=1]-2:QuorumCnxManager@400] - Cannot open channel to 3 at election address zk-3/10.0.0.13:3888',
    'F1003 07:01:02.000123       1 server.go:281] leaderelection lost',
    'kafka.controller: Controller 1 failed to elect leader for partition payments-3',
  ],
};

describe('knowledge base matches every category', () => {
  for (const [category, samples] of Object.entries(CASES)) {
    it.each(samples)(`${category}: %s`, (text) => {
      const d = diagnoseOffline({ text });
      expect(d.category).toBe(category);
      expect(d.engine).toBe('rules');
      expect(d.remediation.length).toBeGreaterThanOrEqual(2);
      expect(d.remediation.length).toBeLessThanOrEqual(5);
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
      expect(d.evidence.length).toBeGreaterThan(0);
      expect(text).toContain(d.evidence);
    });
  }

  it('finds the telling phrase buried deep in a long stack trace', () => {
    const frames = Array.from({ length: 200 }, (_, i) => `\tat com.acme.layer${i}.Handler.handle(Handler.java:${i + 1})`).join('\n');
    const text = `com.acme.ServiceException: Request failed\n${frames}\nCaused by: org.postgresql.util.PSQLException: FATAL: sorry, too many clients already\n${frames}`;
    const d = diagnoseOffline({ text });
    expect(d.category).toBe('database.connection');
    expect(d.evidence).toBe('Caused by: org.postgresql.util.PSQLException: FATAL: sorry, too many clients already');
  });

  it('does not read the kind inside a redaction marker as evidence, but shows it', () => {
    const text = 'WARN slow request GET /v1/report?key=[REDACTED:api_key]&sig=[REDACTED:signature] rejected: invalid';
    expect(diagnoseOffline({ text }).category).toBe('unknown');
    const d = diagnoseOffline({ text: 'error: password authentication failed for user "app" password=[REDACTED:password]' });
    expect(d.category).toBe('database.auth');
    expect(d.evidence).toContain('[REDACTED:password]');
  });

  it('still matches redacted text', () => {
    const d = diagnoseOffline({
      text: "Error: ER_ACCESS_DENIED_ERROR: Access denied for user '[REDACTED:username]'@'10.0.0.1' (using password: YES) password=[REDACTED:password]",
    });
    expect(d.category).toBe('database.auth');
    const q = diagnoseOffline({ text: "MongoServerError: E11000 duplicate key error collection: app.users index: email_1 dup key: { email: \"[REDACTED:email]\" }" });
    expect(q.category).toBe('database.query');
  });
});
