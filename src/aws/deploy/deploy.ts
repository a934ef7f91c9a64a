import { createHash } from 'node:crypto';
import { ConfigError, DeployError, UsageError } from '../../errors.js';
import type { DeployApi, Identity, ResourceChange, StackParameter, StackSummary } from './api.js';
import { checkFilterQuota, ownLogGroup, resolveLogGroups } from './preflight.js';
import { adviceFor, firstFailure, latestEventId, succeeded, waitForStack, type DeployReporter, type PollSettings, type StackOutcome } from './progress.js';
import { checkTemplateSize, loadBaseTemplate, renderTemplate, templateBody, type TemplateDoc } from './template.js';

/** The providers the agent can diagnose with. */
export type AgentProvider = 'offline' | 'anthropic' | 'bedrock';

/** Everything `deploy` was asked to do, already validated by the command. */
export interface DeploySettings {
  stackName: string;
  /** `--log-group` values as given (a trailing `*` expands). */
  logGroups: string[];
  filterPattern?: string;
  /** Explicit `--provider`; otherwise anthropic with a key, offline without. */
  provider?: AgentProvider;
  model?: string;
  cooldownMinutes?: number;
  reservedConcurrency?: number;
  /** Use this secret instead of creating one. */
  secretArn?: string;
  slackWebhookUrl?: string;
  anthropicApiKey?: string;
  dryRun: boolean;
  yes: boolean;
  /** The agent bundle (dist/agent/cloudsentry-agent.zip). */
  zip: Uint8Array;
  poll: PollSettings;
}

/** Stack names CloudFormation accepts, short enough for the `<stack>-agent` function name (64). */
export function checkStackName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,57}$/.test(name)) {
    throw new UsageError(`"${name}" is not a usable stack name: letters, digits and hyphens, starting with a letter, at most 58 characters`);
  }
  return name;
}

/** The deploy-owned bucket for the agent's code: one per account, Region and stack. */
export function artifactBucket(identity: Identity, stackName: string): string {
  const hash = createHash('sha256').update(stackName).digest('hex').slice(0, 8);
  return `cloudsentry-${identity.account}-${identity.region}-${hash}`;
}

/** The S3 key of a zip: named by its content, so a new build is a template change and an unchanged one is not. */
export function artifactKey(zip: Uint8Array): string {
  return `agent/${createHash('sha256').update(zip).digest('hex')}.zip`;
}

/** Pre-flight, upload, change set, execute and watch; or, with dryRun, only show the plan. */
export async function deployAgent(api: DeployApi, settings: DeploySettings, reporter: DeployReporter): Promise<void> {
  checkStackName(settings.stackName);
  checkSecretValues(settings);
  const identity = await api.identity();
  reporter.note(`account ${identity.account}, region ${identity.region}, stack ${settings.stackName}`);
  const groups = await resolveLogGroups(api.logs, settings.logGroups, ownLogGroup(settings.stackName), (line) => reporter.warn(line));
  await checkFilterQuota(api.logs, groups, settings.stackName);

  let stack = await api.stacks.describeStack(settings.stackName);
  stack = await clearBlockedStack(api, stack, settings, reporter);
  const creating = stack === undefined || stack.status === 'REVIEW_IN_PROGRESS';
  if (creating) checkFirstDeploySecrets(settings, reporter);

  const bucket = artifactBucket(identity, settings.stackName);
  const key = artifactKey(settings.zip);
  const template = renderTemplate(loadBaseTemplate(), { logGroups: groups, code: { kind: 's3' } });
  const body = templateBody(template);
  checkTemplateSize(body, groups.length);
  const parameters = stackParameters(settings, creating ? undefined : stack, bucket, key);
  reporter.note(`log groups: ${groups.join(', ')}`);

  if (settings.dryRun) {
    if (creating) showPlan(localPlan(template, settings), settings.stackName, reporter);
    else await showUpdatePlan(api, settings.stackName, body, parameters, reporter);
    reporter.result('dry run: nothing was changed');
    return;
  }

  await uploadAgent(api, bucket, key, settings.zip, identity.region, reporter);
  const changeSetName = `cloudsentry-${Date.now()}`;
  await api.stacks.createChangeSet({ stackName: settings.stackName, changeSetName, type: creating ? 'CREATE' : 'UPDATE', templateBody: body, parameters });
  reporter.waiting('computing the change set');
  const outcome = await api.stacks.waitForChangeSet(settings.stackName, changeSetName);
  reporter.stopWaiting();
  if (outcome.kind !== 'ready') {
    await api.stacks.deleteChangeSet(settings.stackName, changeSetName);
    if (outcome.kind === 'empty') {
      reporter.result(`stack ${settings.stackName} is up to date: nothing to change`);
      return;
    }
    throw new DeployError(`CloudFormation refused the change set: ${outcome.reason}`);
  }
  showPlan(outcome.changes, settings.stackName, reporter);
  // Shown and confirmed on a terminal; without one (CI, scripts) deploy proceeds, as `aws cloudformation deploy` does.
  if (!settings.yes && !(await reporter.confirm('Deploy these changes?', true))) {
    await api.stacks.deleteChangeSet(settings.stackName, changeSetName);
    reporter.result('cancelled: nothing was changed');
    return;
  }

  const stackId = (await api.stacks.describeStack(settings.stackName))?.id ?? settings.stackName;
  const marker = await latestEventId(api.stacks, stackId);
  await api.stacks.executeChangeSet(settings.stackName, changeSetName);
  reporter.waiting(`${creating ? 'creating' : 'updating'} stack ${settings.stackName}`);
  const result = await waitForStack(api.stacks, stackId, marker, settings.poll, reporter);
  reporter.stopWaiting();
  if (!succeeded(result.status)) throw failureError(settings.stackName, result);
  const deployed = await api.stacks.describeStack(stackId);
  showOutputs(settings.stackName, result.status, deployed?.outputs ?? {}, reporter);
}

/** The one-line error for a failed stack operation: the first failed resource, its reason, advice. */
export function failureError(stackName: string, outcome: StackOutcome): DeployError {
  const first = firstFailure(outcome.events);
  if (!first) return new DeployError(`stack ${stackName} ended ${outcome.status}: ${adviceFor('', stackName)}`);
  const reason = first.reason ?? 'no reason given';
  return new DeployError(`stack ${stackName} ended ${outcome.status}: ${first.logicalId} (${first.type}) failed: ${reason} — ${adviceFor(reason, stackName)}`);
}

/**
 * A stack that cannot be updated: ROLLBACK_COMPLETE (a failed first deploy, which holds nothing) is
 * explained and deleted when the user agrees; a stack mid-operation is refused.
 */
async function clearBlockedStack(api: DeployApi, stack: StackSummary | undefined, settings: DeploySettings, reporter: DeployReporter): Promise<StackSummary | undefined> {
  if (!stack) return undefined;
  if (stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw new DeployError(`stack ${settings.stackName} is busy (${stack.status}): wait for it to finish, then deploy again`);
  }
  if (stack.status !== 'ROLLBACK_COMPLETE') return stack;
  const cause = firstFailure((await api.stacks.stackEvents(stack.id)).slice().reverse());
  reporter.warn(
    `stack ${settings.stackName} is in ROLLBACK_COMPLETE: its first deploy failed${cause ? ` (${cause.logicalId}: ${cause.reason ?? 'no reason'})` : ''} and was rolled back. CloudFormation cannot update such a stack; it holds no resources and must be deleted before deploying again.`,
  );
  if (settings.dryRun) {
    reporter.result(`dry run: the stack would have to be deleted first (deploy --yes does it)`);
    return undefined;
  }
  if (!settings.yes && !(await reporter.confirm(`Delete the failed stack ${settings.stackName} now?`, false))) {
    throw new DeployError(`stack ${settings.stackName} is in ROLLBACK_COMPLETE: run again with --yes to delete it first, or run cloudsentry destroy --stack-name ${settings.stackName}`);
  }
  const marker = await latestEventId(api.stacks, stack.id);
  await api.stacks.deleteStack(stack.id);
  reporter.waiting(`deleting the failed stack ${settings.stackName}`);
  const outcome = await waitForStack(api.stacks, stack.id, marker, settings.poll, reporter);
  reporter.stopWaiting();
  if (outcome.status !== 'DELETE_COMPLETE') throw failureError(settings.stackName, outcome);
  return undefined;
}

/**
 * The stack's parameters. A value the user did not give keeps the deployed one on update
 * (UsePreviousValue, which is how NoEcho secrets survive a redeploy without being given again).
 */
function stackParameters(settings: DeploySettings, stack: StackSummary | undefined, bucket: string, key: string): StackParameter[] {
  const provider: AgentProvider | undefined = settings.provider ?? (settings.anthropicApiKey ? 'anthropic' : stack ? undefined : 'offline');
  const given: Record<string, string | undefined> = {
    CodeS3Bucket: bucket,
    CodeS3Key: key,
    FilterPattern: settings.filterPattern,
    Provider: provider,
    Model: settings.model,
    CooldownMinutes: settings.cooldownMinutes?.toString(),
    ReservedConcurrency: settings.reservedConcurrency?.toString(),
    ExistingSecretArn: settings.secretArn,
    SlackWebhookUrl: settings.slackWebhookUrl,
    AnthropicApiKey: settings.anthropicApiKey,
  };
  const parameters: StackParameter[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) parameters.push({ key: name, value });
    else if (stack?.parameterKeys.includes(name)) parameters.push({ key: name, usePrevious: true });
  }
  return parameters;
}

/** The secret is built with Fn::Sub into JSON: refuse values that would break it, without echoing them. */
function checkSecretValues(settings: DeploySettings): void {
  const bad = (value: string | undefined) => value !== undefined && /["\\\u0000-\u001f]/.test(value);
  if (bad(settings.slackWebhookUrl) || (settings.slackWebhookUrl !== undefined && !/^https?:\/\//.test(settings.slackWebhookUrl))) {
    throw new ConfigError('the Slack webhook is not a URL: check SLACK_WEBHOOK_URL or --slack-webhook');
  }
  if (bad(settings.anthropicApiKey)) throw new ConfigError('ANTHROPIC_API_KEY holds quotes, backslashes or control characters: check its value');
}

function checkFirstDeploySecrets(settings: DeploySettings, reporter: DeployReporter): void {
  if (settings.secretArn !== undefined) return;
  if (settings.provider === 'anthropic' && !settings.anthropicApiKey) {
    throw new ConfigError('--provider anthropic needs ANTHROPIC_API_KEY in the environment (it goes into the secret); or use --provider bedrock');
  }
  if (!settings.slackWebhookUrl) reporter.warn('no Slack webhook (SLACK_WEBHOOK_URL or --slack-webhook): the agent will diagnose and log, but post nothing');
}

async function uploadAgent(api: DeployApi, bucket: string, key: string, zip: Uint8Array, region: string, reporter: DeployReporter): Promise<void> {
  if (!(await api.artifacts.bucketExists(bucket))) {
    await api.artifacts.createBucket(bucket, region);
    reporter.note(`created bucket ${bucket} for the agent's code (cloudsentry destroy removes it)`);
  }
  if (await api.artifacts.objectExists(bucket, key)) return;
  await api.artifacts.putObject(bucket, key, zip);
  reporter.note(`uploaded the agent (${(zip.byteLength / 1024).toFixed(0)} KB) to s3://${bucket}/${key}`);
}

async function showUpdatePlan(api: DeployApi, stackName: string, body: string, parameters: StackParameter[], reporter: DeployReporter): Promise<void> {
  const changeSetName = `cloudsentry-dry-run-${Date.now()}`;
  await api.stacks.createChangeSet({ stackName, changeSetName, type: 'UPDATE', templateBody: body, parameters });
  reporter.waiting('computing the change set');
  const outcome = await api.stacks.waitForChangeSet(stackName, changeSetName);
  reporter.stopWaiting();
  await api.stacks.deleteChangeSet(stackName, changeSetName);
  if (outcome.kind === 'empty') reporter.result(`stack ${stackName} is up to date: nothing to change`);
  else if (outcome.kind === 'failed') throw new DeployError(`CloudFormation refused the change set: ${outcome.reason}`);
  else showPlan(outcome.changes, stackName, reporter);
}

/** A new stack's plan is every resource the template creates (no change set: that would create the stack). */
function localPlan(template: TemplateDoc, settings: DeploySettings): ResourceChange[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => !(resource.Condition === 'CreateSecret' && settings.secretArn !== undefined))
    .map(([logicalId, resource]) => ({ action: 'Add', logicalId, type: resource.Type }));
}

const SIGNS: Record<string, string> = { Add: '+', Modify: '~', Remove: '-', Import: '>', Dynamic: '?' };

/** The plan as `+`/`~`/`-` lines under a count of created, changed and removed resources. */
export function showPlan(changes: readonly ResourceChange[], stackName: string, reporter: DeployReporter): void {
  const count = (action: string) => changes.filter((c) => c.action === action).length;
  reporter.result(`plan for stack ${stackName}: ${count('Add')} to create, ${count('Modify')} to change, ${count('Remove')} to remove`);
  const width = Math.max(...changes.map((c) => c.logicalId.length), 0);
  for (const change of changes) {
    const replaced = change.replacement === 'True' ? ' (replaced)' : change.replacement === 'Conditional' ? ' (may be replaced)' : '';
    reporter.result(`  ${SIGNS[change.action] ?? '?'} ${change.logicalId.padEnd(width)}  ${change.type}${replaced}`);
  }
}

function showOutputs(stackName: string, status: string, outputs: Record<string, string>, reporter: DeployReporter): void {
  reporter.result(`stack ${stackName} is ${status}`);
  const rows: [string, string | undefined][] = [
    ['function', outputs.FunctionName],
    ['table', outputs.TableName],
    ['secret', outputs.SecretArn],
    ['failures', outputs.FailureQueueUrl],
    ['own logs', outputs.AgentLogGroupName],
  ];
  for (const [label, value] of rows) if (value) reporter.result(`  ${label.padEnd(9)} ${value}`);
  reporter.result(`check it end to end: cloudsentry deploy --test --stack-name ${stackName}`);
}
