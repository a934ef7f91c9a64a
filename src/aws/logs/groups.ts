import { InputError } from '../../errors.js';
import { type LogGroupRef, type LogsApi, parseLogGroupArn } from './api.js';

/** Pages read when looking for close names to suggest: enough for a typo, bounded for accounts with thousands of groups. */
const SUGGESTION_PAGES = 4;

/**
 * Resolves what the user typed into log groups: a name, an ARN (with or without `:*`), or a prefix ending
 * in `*` (every DescribeLogGroups page). Duplicates are dropped; a name or prefix that matches nothing is an
 * InputError suggesting close names.
 */
export async function resolveLogGroups(api: LogsApi, specs: readonly string[], signal?: AbortSignal): Promise<LogGroupRef[]> {
  const resolved = new Map<string, LogGroupRef>();
  for (const spec of specs) {
    for (const group of await resolveOne(api, spec.trim(), signal)) if (!resolved.has(group.arn || group.name)) resolved.set(group.arn || group.name, group);
  }
  return [...resolved.values()];
}

async function resolveOne(api: LogsApi, spec: string, signal?: AbortSignal): Promise<LogGroupRef[]> {
  const arn = parseLogGroupArn(spec);
  if (arn) {
    if (arn.region !== api.region) {
      throw new InputError(`log group ${spec} is in ${arn.region}, but this run reads ${api.region}: pass --region ${arn.region}`);
    }
    return [{ name: arn.name, arn: arn.arn, identifier: arn.arn }];
  }
  if (spec.endsWith('*')) {
    const prefix = spec.slice(0, -1);
    const groups = await listAll(api, prefix === '' ? {} : { prefix }, Number.POSITIVE_INFINITY, signal);
    if (groups.length === 0) throw await notFound(api, `no log group starts with ${prefix}`, prefix, signal);
    return groups;
  }
  // The prefix query lists the exact name first when it exists (results are sorted by name).
  const { groups } = await api.describeLogGroups({ prefix: spec }, signal);
  const exact = groups.find((group) => group.name === spec);
  if (!exact) throw await notFound(api, `log group ${spec} was not found in ${api.region}`, spec, signal);
  return [exact];
}

async function listAll(api: LogsApi, query: { prefix?: string; pattern?: string }, maxPages: number, signal?: AbortSignal): Promise<LogGroupRef[]> {
  const groups: LogGroupRef[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await api.describeLogGroups({ ...query, ...(nextToken ? { nextToken } : {}) }, signal);
    groups.push(...page.groups);
    nextToken = page.nextToken;
  } while (nextToken && ++pages < maxPages);
  return groups;
}

/** The not-found error, with up to three close names found under the parent path and by the last path segment. */
async function notFound(api: LogsApi, what: string, typed: string, signal?: AbortSignal): Promise<InputError> {
  const names = new Set<string>();
  const parent = typed.slice(0, typed.lastIndexOf('/') + 1);
  const leaf = typed.slice(typed.lastIndexOf('/') + 1);
  const queries: { prefix?: string; pattern?: string }[] = [parent ? { prefix: parent } : {}];
  if (leaf.length >= 3) queries.push({ pattern: leaf });
  for (const query of queries) for (const group of await listAll(api, query, SUGGESTION_PAGES, signal)) names.add(group.name);
  const close = closestNames(typed, [...names]);
  const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : `: check the name and --region (groups are listed by \`aws logs describe-log-groups\`)`;
  return new InputError(`${what}${hint}`);
}

/** Up to three names closest to `typed` by edit distance (case-insensitive), within a distance that still looks like a typo. */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  const target = typed.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 4));
  return names
    // A name the typed text is the start of (`/prod/pay` → `/prod/payment-service`) is as good as a one-letter typo.
    .map((name) => ({ name, distance: name.toLowerCase().startsWith(target) ? 1 : editDistance(target, name.toLowerCase()) }))
    .filter((candidate) => candidate.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((candidate) => candidate.name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
