import { PRIORITY, type KnowledgeEntry } from '../types.js';

/** nginx error-log lines, which name the upstream failure precisely. */
export const nginxEntries: KnowledgeEntry[] = [
  {
    id: 'nginx.upstream-refused',
    category: 'network.refused',
    severity: 'high',
    confidence: 0.9,
    priority: PRIORITY.exact + 5,
    title: 'nginx: upstream refused the connection (502)',
    rootCause: 'nginx could not connect to the upstream application: the app is not listening on the configured address/port (down, restarting, or wrong `proxy_pass` port).',
    remediation: [
      'Check the app behind nginx is running and listening on the `upstream:` address in the log (`ss -ltnp`, `kubectl get pods`).',
      'Compare the port in `proxy_pass` / the `upstream` block with the port the app binds (and that it binds 0.0.0.0, not 127.0.0.1 in another container).',
      'Look at the app’s own logs for a crash at that time.',
    ],
    match: [
      /connect\(\) (?:to \S+ )?failed \(111: Connection refused\) while connecting to upstream/,
      // A unix-socket upstream (php-fpm, gunicorn) whose socket file is gone: nothing is listening.
      /connect\(\) to unix:\S+ failed \(2: No such file or directory\) while connecting to upstream/,
    ],
  },
  {
    id: 'nginx.upstream-timeout',
    category: 'network.timeout',
    severity: 'high',
    confidence: 0.9,
    priority: PRIORITY.exact + 5,
    title: 'nginx: upstream timed out (504)',
    rootCause: 'The upstream accepted the request but did not answer within nginx’s proxy timeouts.',
    remediation: [
      'Find the slow endpoint (the `request:` in the log) and what the app waits on.',
      'Compare `proxy_read_timeout` / `proxy_connect_timeout` (default 60 s) with the endpoint’s real duration; raise them only for legitimately long requests.',
      'Move long work to background jobs; check upstream saturation (workers busy, CPU).',
    ],
    match: ['upstream timed out', /\(110: (?:Connection|Operation) timed out\)/],
  },
  {
    id: 'nginx.upstream-closed',
    category: 'upstream.unavailable',
    severity: 'high',
    confidence: 0.85,
    priority: PRIORITY.exact + 5,
    title: 'nginx: upstream closed or reset the connection (502)',
    rootCause: 'The upstream app closed the connection before sending a full response — it crashed, was killed (OOM) or hit its own timeout mid-request.',
    remediation: [
      'Check the upstream app for crashes, OOM kills or worker timeouts at that time.',
      'Align keep-alive: the app’s keep-alive timeout must be longer than nginx’s `keepalive_timeout` to the upstream.',
      'Check request/response size limits on the app side.',
    ],
    match: ['upstream prematurely closed connection', 'no live upstreams', /recv\(\) failed \(104: Connection reset by peer\) while reading response header from upstream/, 'upstream sent invalid header', 'upstream sent no valid HTTP'],
  },
  {
    id: 'nginx.config',
    category: 'config.missing',
    severity: 'high',
    confidence: 0.9,
    priority: PRIORITY.exact,
    title: 'nginx configuration invalid',
    rootCause: 'nginx rejected its configuration (unknown directive, bad argument, missing file) or a limit in it is too small for the traffic.',
    remediation: [
      'Run `nginx -t` to see the exact file and line, fix it, then `nginx -s reload`.',
      'Check included files and certificate paths exist in the container/host.',
      'For `too big header` / `too large body`, raise `proxy_buffer_size`/`proxy_buffers` or `client_max_body_size` deliberately.',
    ],
    match: ['unknown directive', 'configuration file', 'invalid number of arguments', 'upstream sent too big header', 'client intended to send too large body', 'cannot load certificate', /\[emerg\]/, 'directive is not allowed here', /invalid parameter "[^"\n]{1,100}"/],
  },
  {
    id: 'nginx.limits',
    category: 'resource.throttling',
    severity: 'medium',
    confidence: 0.85,
    priority: PRIORITY.exact,
    title: 'nginx limit reached',
    rootCause: 'nginx rejected or delayed requests because a configured limit was hit (`limit_req`, `limit_conn`, `worker_connections`).',
    remediation: [
      'Check whether the traffic is legitimate (one client, a bot, a retry storm) in the access log.',
      'Tune `limit_req zone=… burst=…` / `limit_conn`, or raise `worker_connections` and `worker_rlimit_nofile`.',
      'Scale out the nginx tier if all clients are legitimate.',
    ],
    match: ['limiting requests, excess', 'limiting connections by zone', 'worker_connections are not enough'],
  },
];
