import { describe, expect, it } from 'vitest';
import { diagnoseOffline } from '../../../src/core/knowledge/index.js';

/** Advice follows the evidence: regression tests named after the misreadings of issue 11. */
describe('advice from the right place', () => {
  it('a user name "mysql" in an sshd line is a login attack, not a database problem', () => {
    const d = diagnoseOffline({ text: 'Sep  1 04:00:01 db1 sshd[4242]: Failed password for mysql from 185.10.68.2 port 51002 ssh2' });
    expect(d.category).toBe('security.auth');
    expect(d.remediation.join(' ')).toMatch(/fail2ban/);
    expect(d.remediation.join(' ')).toMatch(/PasswordAuthentication no/);
  });

  it('sshd "Connection reset by peer" gets no HTTP keep-alive advice', () => {
    const d = diagnoseOffline({ text: 'Jul  7 10:00:00 gw sshd[5120]: Read error from remote host 10.1.2.3 port 51000: Connection reset by peer' });
    expect(d.remediation.join(' ')).not.toMatch(/keep-alive|keepAlive|ALB/i);
    expect(d.remediation.join(' ')).toMatch(/ServerAliveInterval|ClientAliveInterval/);
  });

  it('NoRouteToHost on an on-premises Hadoop node is not Lambda-in-a-VPC; from a Lambda it is', () => {
    const hadoop = diagnoseOffline({
      text: '2015-10-18 18:06:26,029 FATAL [IPC Server handler 13 on 62270] org.apache.hadoop.mapred.TaskAttemptListenerImpl: Task: attempt_1 - exited : java.net.NoRouteToHostException: No Route to Host from worker-3/10.0.0.7 to namenode-1:9000',
    });
    expect(hadoop.category).toBe('network.refused');
    expect(hadoop.remediation.join(' ')).not.toMatch(/Lambda|VPC|NAT gateway/);
    const lambda = diagnoseOffline({ text: 'RequestId: 5a1c Error: connect EHOSTUNREACH 10.2.3.4:443\n    at /var/task/index.js:10:5' });
    expect(lambda.remediation.join(' ')).toMatch(/NAT gateway|VPC endpoint/);
  });

  it('a worker timeout followed by a kill is the timeout, not out of memory', () => {
    const kill = '[2024-05-10 09:21:41 +0200] [414070] [ERROR] Worker (pid:414078) was sent SIGKILL! Perhaps out of memory?';
    const afterTimeout = diagnoseOffline({ text: kill, context: ['[2024-05-10 09:21:40 +0200] [414070] [CRITICAL] WORKER TIMEOUT (pid:414078)'] });
    expect(afterTimeout.category).toBe('resource.timeout');
    expect(afterTimeout.confidence).toBeGreaterThan(0.5);
    // Without a timeout just before it, gunicorn's guess stands.
    expect(diagnoseOffline({ text: kill }).category).toBe('resource.memory');
  });

  it('a Rust panic on an upstream error is the crash to fix, not an upstream outage', () => {
    const d = diagnoseOffline({
      text: "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: reqwest::Error { kind: Status(503), url: \"http://api/x\" }', src/main.rs:10:5",
    });
    expect(d.category).toBe('code.exception');
  });

  it('the deepest cause of a Caused-by chain wins over its wrappers', () => {
    const d = diagnoseOffline({
      text: 'com.acme.OrderException: order failed\n\tat a.b(C.java:1)\nCaused by: org.springframework.dao.DataAccessResourceFailureException: could not connect\nCaused by: java.net.UnknownHostException: db-primary',
    });
    expect(d.category).toBe('network.dns');
    expect(d.evidence).toContain('UnknownHostException');
  });

  it('a kubectl scheduler message that says Insufficient memory is capacity, not a manifest error', () => {
    const d = diagnoseOffline({ text: "  Warning  FailedScheduling  7m51s  default-scheduler  0/20 nodes are available: 13 node(s) didn't match Pod's node affinity, 7 Insufficient memory." });
    expect(d.category).toBe('resource.memory');
  });
});
