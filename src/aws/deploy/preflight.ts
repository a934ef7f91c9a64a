import { DeployError, UsageError } from '../../errors.js';
import type { LogGroupApi } from './api.js';

/** CloudWatch Logs allows this many subscription filters per log group (not adjustable). */
export const FILTERS_PER_GROUP = 2;

/** The agent's own log group: subscribing it to itself would loop. */
export function ownLogGroup(stackName: string): string {
  return `/aws/lambda/${stackName}-agent`;
}

/** The subscription filter name deploy gives every group (so a redeploy recognises its own). */
export function filterName(stackName: string): string {
  return `${stackName}-agent`;
}

/**
 * Expands `--log-group` values into existing group names: a trailing `*` is a prefix match,
 * anything else must exist exactly. The agent's own group is refused when named and skipped when matched.
 */
export async function resolveLogGroups(logs: LogGroupApi, requested: readonly string[], ownGroup: string, warn: (line: string) => void): Promise<string[]> {
  const found: string[] = [];
  for (const entry of requested) {
    if (entry.endsWith('*')) {
      const prefix = entry.slice(0, -1);
      const matched = (await logs.logGroupsWithPrefix(prefix)).filter((name) => name.startsWith(prefix));
      const usable = matched.filter((name) => name !== ownGroup);
      if (usable.length < matched.length) warn(`skipped ${ownGroup}: the agent never reads its own logs`);
      if (usable.length === 0) throw new UsageError(`no log group matches ${entry} in this region: check the name and --region`);
      found.push(...usable);
      continue;
    }
    if (entry === ownGroup) throw new UsageError(`${entry} is the agent's own log group: subscribing it would make the agent read its own output in a loop`);
    const matches = await logs.logGroupsWithPrefix(entry);
    if (!matches.includes(entry)) throw new UsageError(`log group ${entry} does not exist in this region: check the name and --region (a trailing * matches a prefix)`);
    found.push(entry);
  }
  return [...new Set(found)];
}

/**
 * Refuses groups that already hold the maximum of subscription filters not made by this stack,
 * naming the filters that fill them, before CloudFormation would fail half-way through.
 */
export async function checkFilterQuota(logs: LogGroupApi, groups: readonly string[], stackName: string): Promise<void> {
  const full: string[] = [];
  for (const group of groups) {
    const others = (await logs.subscriptionFilters(group)).filter((f) => f.name !== filterName(stackName));
    if (others.length >= FILTERS_PER_GROUP) full.push(`${group} (${others.map((f) => f.name).join(', ')})`);
  }
  if (full.length > 0) {
    throw new DeployError(
      `${full.join('; ')} already ${full.length === 1 ? 'has' : 'have'} ${FILTERS_PER_GROUP} subscription filters, CloudWatch's limit per group: remove one (aws logs delete-subscription-filter) or leave the group out`,
    );
  }
}
