import { PRIORITY, type KnowledgeEntry } from '../types.js';

/** Last-resort rules: two telling words close together on one line, for wordings no specific entry knows. */
const near = (a: string, b: string): RegExp => new RegExp(`\\b(?:${a})\\b[^\\n]{0,60}?\\b(?:${b})\\b|\\b(?:${b})\\b[^\\n]{0,40}?\\b(?:${a})\\b`, 'i');

const LOW = PRIORITY.hint + 5;

/**
 * Keyword pairs that still point at one category when no technology-specific
 * entry matched; they sit below every other entry and carry low confidence.
 */
export const genericEntries: KnowledgeEntry[] = [
  {
    id: 'generic.memory',
    category: 'resource.memory',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Memory exhausted',
    rootCause: 'The process or container ran out of the memory it is allowed to use.',
    remediation: [
      'Check memory usage against the limit at the time (container metrics, `kubectl top pod`, Lambda REPORT line).',
      'Raise the memory limit if the workload legitimately needs it, and cap the runtime heap below it.',
      'Profile memory growth to find leaks or data loaded all at once.',
    ],
    match: [near('memory|heap|RAM', 'exhausted|exceeded|insufficient|not enough|limit reached|too low|full|allocation failed|allocate')],
  },
  {
    id: 'generic.disk',
    category: 'resource.disk',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Storage full',
    rootCause: 'A volume, filesystem or storage quota ran out of space.',
    remediation: [
      'Check free space and inodes on the volume named in the error (`df -h`, `df -i`).',
      'Free space (logs, temp files, old data) and grow the volume or quota.',
      'Add a disk-usage alert so it is caught before writes fail.',
    ],
    match: [near('disk|storage|volume|filesystem|space', 'full|exhausted|exceeded|insufficient|not enough|no space|out of')],
  },
  {
    id: 'generic.credentials',
    category: 'auth.credentials',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Credentials rejected',
    rootCause: 'A service rejected the credentials (token, key, password or secret) it was given.',
    remediation: [
      'Check the credential configured for this environment is present, current and for the right account.',
      'Refresh or rotate it, then redeploy so the new value is used.',
      'Test the same credential by hand against the service.',
    ],
    match: [near('token|api[ _-]?key|credentials?|password|secret|signature|login|session', 'invalid|expired|incorrect|wrong|rejected|revoked|bad|missing|failed')],
    // Android's window/activity tokens are handles, not credentials.
    unless: [/\b(?:activity|window|binder) token\b/i, 'BinderProxy'],
    onDatabase: 'database.auth',
  },
  {
    id: 'generic.denied',
    category: 'auth.denied',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Operation not allowed',
    rootCause: 'The caller is identified but not allowed to perform this operation.',
    remediation: [
      'Identify the identity and the resource in the message and grant the missing permission.',
      'Check recent policy, role or file-permission changes.',
      'Confirm the code targets the intended resource and environment.',
    ],
    match: [near('permission|privilege|access|authori[sz]ation|allowed', 'denied|missing|insufficient|not granted|forbidden|lacks?|not allowed')],
  },
  {
    id: 'generic.throttling',
    category: 'resource.throttling',
    severity: 'medium',
    confidence: 0.45,
    priority: LOW,
    title: 'Limit or quota reached',
    rootCause: 'A rate limit, quota or concurrency limit was reached.',
    remediation: [
      'Retry with exponential backoff and jitter.',
      'Reduce request rate or concurrency; batch and cache where possible.',
      'Request a higher limit if the load is legitimate.',
    ],
    match: [near('quota|rate|limit|concurrency|requests', 'exceeded|reached|exhausted|hit')],
  },
  {
    id: 'generic.config',
    category: 'config.missing',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Configuration problem',
    rootCause: 'A configuration value or file the application needs is missing or invalid in this environment.',
    remediation: [
      'Find the setting named in the message and set or fix it for this environment.',
      'Compare with a working environment’s configuration.',
      'Validate configuration at start-up so the error names the setting.',
    ],
    match: [near('config(?:uration)?|settings?|env(?:ironment)?(?: var(?:iable)?)?|option|parameter', 'missing|required|not (?:set|found|defined|provided)|invalid|undefined|empty')],
  },
  {
    id: 'generic.dependency',
    category: 'dependency.missing',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Dependency missing at run time',
    rootCause: 'A module, package, library or binary the code needs is not present in the runtime environment.',
    remediation: [
      'Check the artifact (image, zip, layer) contains the named dependency.',
      'Install it in the build that produces the artifact and pin its version.',
      'Check the platform/architecture the dependency was built for.',
    ],
    match: [near('module|package|library|plugin|binary|executable|dependency|class', 'not found|missing|cannot be (?:found|loaded)|could not be (?:found|loaded)|not installed|unable to load|failed to load')],
  },
  {
    id: 'generic.upstream',
    category: 'upstream.unavailable',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Called service unavailable',
    rootCause: 'A service this code depends on is unavailable or answering with server errors.',
    remediation: [
      'Check the health and recent deploys of the called service.',
      'Retry idempotent calls with backoff; fail fast with a circuit breaker.',
      'Check its status page if it is a third party.',
    ],
    match: [near('service|server|backend|upstream|api|endpoint|host', 'unavailable|down|unhealthy|not responding|overloaded|5\\d\\d')],
    // A Rust thread that panicked on an upstream error crashed the program: the panic is the failure to fix.
    unless: [/\bthread '[^'\n]{1,100}' panicked at\b/],
  },
  {
    id: 'generic.tls',
    category: 'network.tls',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'TLS or certificate problem',
    rootCause: 'A TLS handshake or certificate check failed.',
    remediation: [
      'Inspect the certificate chain with `openssl s_client -connect host:443 -servername host`.',
      'Renew expired certificates or add the issuing CA to the client trust store.',
      'Check the host name matches the certificate.',
    ],
    match: [
      'The SSL connection could not be established',
      near('certificate|cert|ssl|tls|handshake', 'invalid|expired|failed|untrusted|unknown|verify|error|mismatch'),
    ],
  },
  {
    id: 'generic.dns',
    category: 'network.dns',
    severity: 'high',
    confidence: 0.45,
    priority: LOW,
    title: 'Host name not resolved',
    rootCause: 'A host name could not be resolved.',
    remediation: [
      'Check the host name in configuration for typos and the right environment.',
      'Resolve it from where the code runs (`nslookup`, `dig`).',
      'Check the DNS resolver / service discovery health.',
    ],
    match: [near('dns|resolve|resolution|hostname|host name', 'failed|failure|unknown|not found|could not|cannot|unable')],
  },
];
