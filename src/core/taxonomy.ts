/** The fixed set of failure categories every diagnosis is filed under (README "Taxonomy"). */
export const CATEGORIES = {
  'database.auth': 'a database or cache rejected the credentials',
  'database.connection': "the database can't be reached or has no free connections",
  'database.query': 'the database ran the query and it failed',
  'network.refused': 'connection refused by a non-database service',
  'network.timeout': 'a network call timed out',
  'network.dns': 'name resolution failed',
  'network.tls': 'TLS or certificate failure',
  'auth.denied': 'the caller is known but not allowed',
  'auth.credentials': 'credentials missing, invalid or expired',
  'resource.memory': 'out of memory',
  'resource.disk': 'storage full',
  'resource.timeout': 'the unit of work itself ran out of time',
  'resource.throttling': 'a rate limit or quota was hit',
  'config.missing': 'configuration missing or invalid',
  'dependency.missing': 'code or a package missing at run time',
  'code.exception': 'a bug in the application',
  'upstream.unavailable': 'a called service answered with a server error',
  'security.auth': 'repeated login failures or break-in attempts against a host (SSH, PAM, su/sudo, mail, FTP)',
  'infra.storage': 'a disk, file system or mount failed (kernel I/O errors, file-system errors, unmountable volumes)',
  'infra.hardware': 'a hardware fault (machine check, memory ECC, power supply, temperature, fans)',
  'infra.cluster': 'cluster membership or coordination failed (nodes not responding, lost quorum, election or lease failures)',
  unknown: 'none of the above fits with confidence',
} as const;

export type Category = keyof typeof CATEGORIES;

export const CATEGORY_IDS = Object.keys(CATEGORIES) as Category[];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && Object.hasOwn(CATEGORIES, value);
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Lower rank sorts first: critical before low. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
