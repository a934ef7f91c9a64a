import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';

const diagnose = (text: string, context?: string[]) => diagnoseOffline(context ? { text, context } : { text });

describe('precedence: the root cause beats the wrapper', () => {
  it('a Java wrapper "Request failed" with a Caused by UnknownHostException is DNS', () => {
    const d = diagnose(
      [
        'java.lang.RuntimeException: Request failed',
        '\tat com.acme.client.Http.send(Http.java:41)',
        'Caused by: java.net.UnknownHostException: ledger.internal',
        '\tat java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1530)',
      ].join('\n'),
    );
    expect(d.category).toBe('network.dns');
    expect(d.evidence).toBe('Caused by: java.net.UnknownHostException: ledger.internal');
  });

  it('a 503 wrapper whose deepest cause is a read timeout is a timeout', () => {
    const d = diagnose(
      [
        'com.acme.UpstreamException: pricing returned HTTP 503 after retries',
        '\tat com.acme.Pricing.quote(Pricing.java:77)',
        'Caused by: java.net.SocketTimeoutException: Read timed out',
        '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
      ].join('\n'),
    );
    expect(d.category).toBe('network.timeout');
  });

  it('Node fetch TypeError with a [cause] ECONNREFUSED is a refused connection, not a bug', () => {
    const d = diagnose(
      "TypeError: fetch failed\n    at node:internal/deps/undici/undici:12345:11 {\n  [cause]: Error: connect ECONNREFUSED 10.2.3.4:8443\n      at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1300:16)\n}",
    );
    expect(d.category).toBe('network.refused');
  });

  it('a Spring bean failure caused by an unresolved placeholder is configuration', () => {
    const d = diagnose(
      "org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name 'mailer'\nCaused by: java.lang.IllegalArgumentException: Could not resolve placeholder 'smtp.host' in value \"${smtp.host}\"",
    );
    expect(d.category).toBe('config.missing');
  });

  it('a Hikari pool init failure caused by bad credentials is database.auth', () => {
    const d = diagnose(
      'com.zaxxer.hikari.pool.HikariPool$PoolInitializationException: Failed to initialize pool: FATAL: password authentication failed for user "svc"\nCaused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user "svc"',
    );
    expect(d.category).toBe('database.auth');
  });

  it('a database-specific wrapper beats a generic refused root (MySQL Communications link failure)', () => {
    const d = diagnose(
      'com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure\nCaused by: java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)',
    );
    expect(d.category).toBe('database.connection');
  });
});

describe('precedence: database or not', () => {
  it('ECONNREFUSED on the PostgreSQL port is database.connection', () => {
    expect(diagnose('Error: connect ECONNREFUSED 127.0.0.1:5432').category).toBe('database.connection');
  });

  it('ECONNREFUSED on an application port is network.refused', () => {
    expect(diagnose('Error: connect ECONNREFUSED 127.0.0.1:8080').category).toBe('network.refused');
  });

  it('the lines before the sample can say the refused target is a database', () => {
    const d = diagnose('Error: connect ECONNREFUSED 10.0.0.9:7000', ['info: connecting to redis cluster node 10.0.0.9:7000']);
    expect(d.category).toBe('database.connection');
  });

  it('a missing JDBC driver class is a missing dependency, not a database failure', () => {
    expect(diagnose('java.lang.ClassNotFoundException: org.postgresql.Driver').category).toBe('dependency.missing');
  });

  it('a Lambda import error for a database driver is a missing dependency', () => {
    expect(diagnose("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'pymysql'").category).toBe(
      'dependency.missing',
    );
  });

  it('name resolution fails even when a database driver reports it (decision: DNS wins)', () => {
    expect(diagnose('MongoServerSelectionError: getaddrinfo ENOTFOUND mongo-0.mongo.svc').category).toBe('network.dns');
    expect(diagnose('Error: getaddrinfo EAI_AGAIN redis-master').category).toBe('network.dns');
  });

  it('Redis maxmemory is a memory problem, not a query error', () => {
    expect(diagnose("ReplyError: OOM command not allowed when used memory > 'maxmemory'.").category).toBe('resource.memory');
  });
});

describe('precedence: configuration versus bugs', () => {
  it('a KeyError on an environment variable is configuration', () => {
    const d = diagnose(
      'Traceback (most recent call last):\n  File "/app/settings.py", line 4, in <module>\n    SECRET = os.environ["JWT_SECRET"]\n  File "<frozen os>", line 679, in __getitem__\nKeyError: \'JWT_SECRET\'',
    );
    expect(d.category).toBe('config.missing');
  });

  it('a generic "configuration error" wrapper loses to the connection failure it wraps', () => {
    expect(diagnose('RuntimeError: Configuration error: could not connect to redis at redis:6379: Connection refused').category).toBe(
      'database.connection',
    );
  });

  it('a KeyError on a payload field is a bug', () => {
    expect(diagnose("Traceback (most recent call last):\n  File \"/app/h.py\", line 9, in h\n    x = body['amount']\nKeyError: 'amount'").category).toBe(
      'code.exception',
    );
  });

  it('TypeError reading "config" of undefined is a bug even though it says config', () => {
    expect(diagnose("TypeError: Cannot read properties of undefined (reading 'config')\n    at main (/app/index.js:3:20)").category).toBe(
      'code.exception',
    );
  });

  it('a JSON SyntaxError is a bug; an SQL syntax error is a query error', () => {
    expect(diagnose('SyntaxError: Unexpected token < in JSON at position 0').category).toBe('code.exception');
    expect(diagnose('error: syntax error at or near "WHERE"').category).toBe('database.query');
  });
});

describe('precedence: look-alikes', () => {
  it('ENOSPC from inotify is a kernel limit, not a full disk', () => {
    expect(diagnose('Error: ENOSPC: System limit for number of file watchers reached, watch \'/app/src\'').category).toBe(
      'resource.throttling',
    );
  });

  it('"Disk quota exceeded" is a full disk, not a rate limit', () => {
    expect(diagnose('OSError: [Errno 122] Disk quota exceeded').category).toBe('resource.disk');
  });

  it('Lambda "Task timed out" is the unit of work running out of time, a gRPC deadline is a network timeout', () => {
    expect(diagnose('2024-06-01T10:00:00.000Z abc Task timed out after 15.02 seconds').category).toBe('resource.timeout');
    expect(diagnose('Error: 4 DEADLINE_EXCEEDED: Deadline exceeded').category).toBe('network.timeout');
  });

  it('a Kubernetes Job deadline is resource.timeout', () => {
    expect(diagnose('Warning  DeadlineExceeded  job-controller  Job was active longer than specified deadline').category).toBe(
      'resource.timeout',
    );
  });

  it('Lambda killed with memory at its maximum is memory, not a crash', () => {
    const d = diagnose(
      'Error: Runtime exited with error: signal: killed\nRuntime.ExitError\nREPORT RequestId: 1 Duration: 900.00 ms Billed Duration: 900 ms Memory Size: 256 MB Max Memory Used: 256 MB',
    );
    expect(d.category).toBe('resource.memory');
  });

  it('expired AWS token is credentials; a missing IAM permission is denied', () => {
    expect(diagnose('ExpiredTokenException: The security token included in the request is expired').category).toBe('auth.credentials');
    expect(diagnose('AccessDeniedException: User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: sqs:SendMessage').category).toBe(
      'auth.denied',
    );
  });

  it('a generic SDK wrapper class does not decide; its error code does', () => {
    expect(
      diagnose('com.amazonaws.AmazonServiceException: Rate exceeded (Service: AmazonKinesis; Status Code: 400; Error Code: ThrottlingException)').category,
    ).toBe('resource.throttling');
    expect(diagnose('com.amazonaws.AmazonServiceException: 1 validation error detected (Status Code: 400; Error Code: ValidationException)').category).toBe(
      'code.exception',
    );
  });

  it('upper-case codes match as whole words only', () => {
    // "ResourceAccessException" contains "eacces", "FileNotFoundError" contains "enotfound".
    expect(diagnose('org.springframework.web.client.ResourceAccessException: I/O error: Connection refused').category).toBe('network.refused');
    expect(diagnose("FileNotFoundError: [Errno 2] No such file or directory: 'settings.toml'").category).toBe('config.missing');
  });

  it('a specific technology phrase beats a generic status code', () => {
    expect(diagnose('Error: Request failed with status code 500: ER_LOCK_DEADLOCK: Deadlock found when trying to get lock').category).toBe(
      'database.query',
    );
    expect(diagnose('HTTP 403 Forbidden: {"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}').category).toBe(
      'auth.credentials',
    );
  });
});

describe('precedence: blind-batch near misses', () => {
  const pull = (cause: string) =>
    `Warning  Failed  5s  kubelet  Failed to pull image "registry.internal/app:1": failed to resolve reference "registry.internal/app:1": failed to do request: Head "https://registry.internal/v2/app/manifests/1": ${cause}`;

  it('an image pull that fails on the way to the registry is filed under the transport failure', () => {
    expect(diagnose(pull('tls: failed to verify certificate: x509: certificate signed by unknown authority')).category).toBe('network.tls');
    expect(diagnose(pull('dial tcp: lookup registry.internal on 10.0.0.2:53: no such host')).category).toBe('network.dns');
    expect(diagnose(pull('dial tcp 10.0.0.9:443: i/o timeout')).category).toBe('network.timeout');
    // A tag that does not exist stays a missing dependency, a registry rate limit stays throttling.
    expect(diagnose('Failed to pull image "acme/api:9.9": rpc error: code = NotFound desc = failed to resolve reference "docker.io/acme/api:9.9": not found').category).toBe(
      'dependency.missing',
    );
    expect(diagnose('Failed to pull image "node:20": 429 Too Many Requests - Server message: You have reached your pull rate limit.').category).toBe(
      'resource.throttling',
    );
  });

  it('a ResourceQuota rejection is throttling even though the API answers Forbidden', () => {
    expect(
      diagnose('Error from server (Forbidden): pods "w" is forbidden: exceeded quota: team, requested: requests.cpu=2, used: requests.cpu=15, limited: requests.cpu=16')
        .category,
    ).toBe('resource.throttling');
    expect(diagnose('Error from server (Forbidden): pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "prod"').category).toBe(
      'auth.denied',
    );
  });

  it('a malformed database URL is configuration; a missing dialect package is a dependency', () => {
    expect(diagnose('MongoParseError: Invalid scheme, expected connection string to start with "mongodb://" or "mongodb+srv://"').category).toBe('config.missing');
    expect(diagnose("sqlalchemy.exc.NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:postgres").category).toBe('config.missing');
    expect(diagnose("sqlalchemy.exc.NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:snowflake").category).toBe('dependency.missing');
    expect(diagnose('psycopg2.ProgrammingError: invalid dsn: missing "=" after "db.internal" in connection info string').category).toBe('config.missing');
  });

  it('a failed SRV lookup of a mongodb+srv URI is DNS, not the ConfigurationError class around it', () => {
    expect(diagnose('pymongo.errors.ConfigurationError: The DNS query name does not exist: _mongodb._tcp.cluster0.ab12c.mongodb.net.').category).toBe('network.dns');
    expect(diagnose('pymongo.errors.ConfigurationError: Unknown option fsync_mode').category).toBe('config.missing');
  });
});

describe('precedence: blind batch 2 near misses', () => {
  it('a bare botocore EndpointConnectionError is a failed connection, its timeout wording a timeout', () => {
    expect(diagnose('botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "http://localhost:4566/bucket/k"').category).toBe(
      'network.refused',
    );
    expect(diagnose('botocore.exceptions.ConnectTimeoutError: Connect timeout on endpoint URL: "https://s3.amazonaws.com/"').category).toBe('network.timeout');
  });

  it('a per-environment config file required as a module is configuration, a missing code module a dependency', () => {
    expect(diagnose("Error: Cannot find module '/app/config/settings.production.json'\nRequire stack:\n- /app/dist/config/index.js").category).toBe(
      'config.missing',
    );
    expect(diagnose("Error: Cannot find module '/app/dist/config/index.js'\nRequire stack:\n- /app/dist/main.js").category).toBe('dependency.missing');
  });

  it('libpq without its root certificate is TLS, not a generic connect failure', () => {
    expect(
      diagnose('psycopg2.OperationalError: connection to server at "pg" (10.0.1.4), port 5432 failed: root certificate file "/root/.postgresql/root.crt" does not exist')
        .category,
    ).toBe('network.tls');
  });

  it('aiohttp DNS errors are DNS; the words "domain name not found" in an app message are not', () => {
    expect(diagnose('aiohttp.client_exceptions.ClientConnectorDNSError: Cannot connect to host api.example:443 ssl:default [Domain name not found]').category).toBe(
      'network.dns',
    );
    expect(diagnose('Error: Domain name not found in tenant registry\n    at resolveTenant (/app/dist/tenant.js:12:11)').category).not.toBe('network.dns');
  });

  it('an unset signing secret, a native add-on for another platform, a missing exec target', () => {
    expect(diagnose('Error: Request failed {\n  [cause]: Error: secretOrPrivateKey must have a value\n}').category).toBe('config.missing');
    expect(diagnose('Error: Could not load the "sharp" module using the linux-x64 runtime').category).toBe('dependency.missing');
    expect(diagnose('/docker-entrypoint.sh: line 12: exec: uvicorn: not found').category).toBe('dependency.missing');
  });
});

describe('precedence: blind batch 3 near misses', () => {
  it('postgres.js connection codes are a database connection failure only next to Postgres', () => {
    expect(diagnose("Error: write CONNECTION_CLOSED db.internal:5432\n    at Socket.closed (file:///app/node_modules/postgres/src/connection.js:447:57)").category).toBe(
      'database.connection',
    );
    expect(diagnose("Error: write CONNECT_TIMEOUT pg.internal:5432\n  code: 'CONNECT_TIMEOUT'").category).toBe('database.connection');
    expect(diagnose('Error: CONNECTION_CLOSED by upstream broker amqp://mq:5672').category).not.toBe('database.connection');
  });
});

describe('an environment schema error survives per-line prefixes', () => {
  const zod = (key: string, received: string, message: string) =>
    `ZodError: [\n  {\n    "code": "invalid_type",\n    "expected": "string",\n    "received": "${received}",\n    "path": [\n      "${key}"\n    ],\n    "message": "${message}"\n  }\n]`;
  const prefixed = (t: string) => t.split('\n').map((l) => `2026-11-25T10:00:00.000Z a1 ERROR ${l}`).join('\n');

  it('an unset upper-case variable is configuration, with or without a prefix', () => {
    expect(diagnose(zod('REDIS_URL', 'undefined', 'Required')).category).toBe('config.missing');
    expect(diagnose(prefixed(zod('REDIS_URL', 'undefined', 'Required'))).category).toBe('config.missing');
  });

  it('a request-body ZodError on a lower-case field is not configuration', () => {
    expect(diagnose(zod('quantity', 'string', 'Expected number, received string')).category).not.toBe('config.missing');
  });
});

describe('an application wrapper named like an AWS error code does not hide its cause', () => {
  const java = (name: string, cause: string) => `com.acme.client.${name}: Request failed\n\tat com.acme.Svc.call(Svc.java:41)\nCaused by: ${cause}`;
  const node = (name: string, cause: string) => `${name}: Request failed\n    at Client.call (/app/dist/client.js:41:11) {\n  [cause]: ${cause}\n}`;

  it('com.acme.ServiceException / ServiceUnavailableError wrappers yield to the refused or timed-out cause', () => {
    expect(diagnose(java('ServiceException', 'java.net.ConnectException: Connection refused')).category).toBe('network.refused');
    expect(diagnose(java('ServiceUnavailableError', 'java.net.SocketTimeoutException: Read timed out')).category).toBe('network.timeout');
    expect(diagnose(node('ServiceUnavailableError', "Error: connect ECONNREFUSED 10.0.0.7:8080")).category).toBe('network.refused');
  });

  it('the AWS error codes themselves stay upstream.unavailable', () => {
    expect(diagnose('ServiceException: Service encountered an internal error. Please retry.').category).toBe('upstream.unavailable');
    expect(diagnose('software.amazon.awssdk.services.lambda.model.ServiceException: Lambda was unable to start the function (Status Code: 500)').category).toBe(
      'upstream.unavailable',
    );
    expect(diagnose('An error occurred (ServiceUnavailable) when calling the PutObject operation: Service Unavailable').category).toBe('upstream.unavailable');
    expect(diagnose('ServiceUnavailableError: payments is down for maintenance').category).toBe('upstream.unavailable');
  });
});

describe('precedence: driver probes after the blind batches', () => {
  it('nginx and a unix-socket upstream whose socket file is gone: nothing listens, as with a refusal', () => {
    expect(
      diagnose('2026/11/25 10:00:00 [error] 30#30: *1 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 10.0.0.1')
        .category,
    ).toBe('network.refused');
  });

  it('MongoDB "requires authentication" is a login problem even with codeName Unauthorized; a missing role stays denied', () => {
    expect(
      diagnose("pymongo.errors.OperationFailure: command find requires authentication, full error: {'ok': 0.0, 'code': 13, 'codeName': 'Unauthorized'}").category,
    ).toBe('database.auth');
    expect(diagnose("MongoServerError: not authorized on admin to execute command { listDatabases: 1 }\n  codeName: 'Unauthorized'").category).toBe('auth.denied');
  });

  it('r2dbc "Connection unexpectedly closed" is the database; the same words from an HTTP client are not', () => {
    expect(diagnose('io.r2dbc.spi.R2dbcNonTransientResourceException: Connection unexpectedly closed').category).toBe('database.connection');
    expect(diagnose('reactor.netty.http.client.PrematureCloseException: Connection unexpectedly closed while calling GET http://catalog:8080/items').category).toBe(
      'network.timeout',
    );
  });
});

describe('a generic entry re-filed under a database category', () => {
  it('says so in its title', () => {
    const d = diagnoseOffline({ text: 'Error: connect ECONNREFUSED 10.0.3.17:5432\n    at TCPConnectWrap.afterConnect (node:net:1611:16)' });
    expect(d.category).toBe('database.connection');
    expect(d.title).toMatch(/\(database\)$/);
  });
});

describe('after the blind4 probe', () => {
  it('a Redis ACL NOPERM is a denied command, not bad credentials', () => {
    expect(diagnose("ReplyError: NOPERM this user has no permissions to run the 'flushall' command").category).toBe('auth.denied');
    expect(diagnose('redis.exceptions.NoPermissionError: No permissions to access a key').category).toBe('auth.denied');
    expect(diagnose('ReplyError: WRONGPASS invalid username-password pair or user is disabled.').category).toBe('database.auth');
  });

  it("a Job's backoff limit is not a rate limit, and a named cause still wins over it", () => {
    expect(diagnose('  Warning  BackoffLimitExceeded  3m  job-controller  Job has reached the specified backoff limit').category).toBe('code.exception');
    expect(
      diagnose(
        '  Warning  BackoffLimitExceeded  3m  job-controller  Job has reached the specified backoff limit\n    Last State:  Terminated\n      Reason:  OOMKilled\n      Exit Code:  137',
      ).category,
    ).toBe('resource.memory');
    expect(diagnose('Error: 429 Too Many Requests: rate limit reached for this API key').category).toBe('resource.throttling');
  });

  it('YARN killing a Spark container for its memory is out of memory', () => {
    expect(
      diagnose('ExecutorLostFailure (executor 7 exited caused by one of the running tasks) Reason: Container killed by YARN for exceeding memory limits. 9.1 GB of 9 GB physical memory used. Consider boosting spark.yarn.executor.memoryOverhead.').category,
    ).toBe('resource.memory');
  });

  it('a Lambda JSON platform.report with status timeout is the function timing out', () => {
    const line = '{"time":"2026-11-25T10:00:00.000Z","type":"platform.report","record":{"requestId":"6f7f0961","metrics":{"durationMs":60000.0,"billedDurationMs":60000,"memorySizeMB":512,"maxMemoryUsedMB":120},"status":"timeout"}}';
    expect(diagnose(line).category).toBe('resource.timeout');
  });
});
