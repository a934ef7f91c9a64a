import { DeployError, UsageError } from '../../errors.js';
import type { DeployApi } from './api.js';
import { artifactBucket, checkStackName, failureError } from './deploy.js';
import { latestEventId, waitForStack, type DeployReporter, type PollSettings } from './progress.js';

/** What `destroy` was asked to do. */
export interface DestroySettings {
  stackName: string;
  yes: boolean;
  poll: PollSettings;
}

/**
 * Deletes the stack (function, role, table, secret, queue, the agent's own log group, every
 * subscription filter and permission) and the deploy-owned bucket. The subscribed log groups are
 * not stack resources, so they and their data stay as they were.
 */
export async function destroyAgent(api: DeployApi, settings: DestroySettings, reporter: DeployReporter): Promise<void> {
  checkStackName(settings.stackName);
  const identity = await api.identity();
  const stack = await api.stacks.describeStack(settings.stackName);
  const bucket = artifactBucket(identity, settings.stackName);
  const hasBucket = await api.artifacts.bucketExists(bucket);
  if (!stack && !hasBucket) {
    reporter.result(`nothing to remove: no stack ${settings.stackName} and no bucket ${bucket} in ${identity.region}`);
    return;
  }
  const what = [stack ? `stack ${settings.stackName}` : undefined, hasBucket ? `bucket ${bucket}` : undefined].filter(Boolean).join(' and ');
  if (!settings.yes) {
    if (!reporter.interactive) throw new UsageError(`destroy deletes ${what}: pass --yes to confirm`);
    if (!(await reporter.confirm(`Delete ${what}? Your log groups are left as they are.`, false))) {
      reporter.result('cancelled: nothing was deleted');
      return;
    }
  }
  if (stack) {
    if (stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new DeployError(`stack ${settings.stackName} is busy (${stack.status}): wait for it to finish, then destroy again`);
    }
    const marker = await latestEventId(api.stacks, stack.id);
    await api.stacks.deleteStack(stack.id);
    reporter.waiting(`deleting stack ${settings.stackName}`);
    const outcome = await waitForStack(api.stacks, stack.id, marker, settings.poll, reporter);
    reporter.stopWaiting();
    if (outcome.status !== 'DELETE_COMPLETE') throw failureError(settings.stackName, outcome);
    reporter.result(`deleted stack ${settings.stackName}`);
  }
  if (hasBucket) {
    await api.artifacts.deleteBucket(bucket);
    reporter.result(`deleted bucket ${bucket}`);
  }
  reporter.result('your log groups were not touched');
}
