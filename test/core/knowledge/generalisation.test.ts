import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';

/** False positives found with the fresh corpus: a generic word or a name must not hijack a specific cause. */
describe('generic words do not hijack a specific cause', () => {
  const cases: [string, string][] = [
    // A structured log's caller path names the logging file, not the failure.
    [
      'database.connection',
      '{"level":"warn","caller":"ratelimit/redis.go:71","msg":"redis unavailable","error":"dial tcp 10.0.3.7:6379: connect: connection refused"}',
    ],
    // "database" in a one-line JSON message does not make a refused HTTP call a database outage.
    [
      'network.refused',
      '{"level":"error","msg":"database migration skipped; calling config service","error":"Get \\"http://config-svc:8080/v1/flags\\": dial tcp 10.0.3.3:8080: connect: connection refused"}',
    ],
    [
      'network.timeout',
      "ERROR [payments] charge failed (database commit skipped)\nrequests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.stripe.com', port=443): Read timed out. (read timeout=20)",
    ],
    // A name-resolution failure is DNS even when the host is a cache.
    ['network.dns', 'redis.exceptions.ConnectionError: Error -2 connecting to redis-cache:6379. Name or service not known.'],
    // cURL error 28 is a timeout, not errno 28 (ENOSPC).
    ['network.timeout', 'cURL error 28: Operation timed out after 30001 milliseconds with 0 bytes received'],
    // A JDK frame named duplicateKeyException is not a MongoDB duplicate key.
    [
      'code.exception',
      'java.lang.IllegalStateException: Duplicate key 42 (attempted merging values A and B)\n\tat java.base/java.util.stream.Collectors.duplicateKeyException(Collectors.java:135)',
    ],
    // Azure's AuthenticationFailedException is not MongoDB's AuthenticationFailed.
    [
      'auth.credentials',
      "Azure.Identity.AuthenticationFailedException: ClientSecretCredential authentication failed: AADSTS7000222: The provided client secret keys for app '0c1e' are expired.",
    ],
    // Ruby's Net::OpenTimeout says "execution expired" like Timeout::Error, but it is a network call.
    ['network.timeout', 'Net::OpenTimeout: Failed to open TCP connection to api.partner.io:443 (execution expired)'],
    // A query that hits MongoDB's sort memory limit failed as a query; the process did not run out of memory.
    ['database.query', 'MongoServerError: Executor error during find command :: caused by :: Sort exceeded memory limit of 104857600 bytes'],
    // "Failed to resolve" a build reference is a missing image, not DNS.
    ['dependency.missing', 'ERROR: failed to solve: node:22-alpinee: failed to resolve source metadata for docker.io/library/node:22-alpinee: docker.io/library/node:22-alpinee: not found'],
    // A JSON parse error is a bug unless a configuration file is being loaded.
    ['code.exception', "json.decoder.JSONDecodeError: Expecting ',' delimiter: line 1 column 87 (char 86)"],
    ['config.missing', 'File "/app/config.py", line 8, in load_config\n    return json.load(open("/etc/app/config.json"))\njson.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)'],
  ];
  for (const [category, text] of cases) {
    it(`${category}: ${text.slice(0, 70)}`, () => {
      expect(diagnoseOffline({ text }).category).toBe(category);
    });
  }
});
