import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { DeployError } from '../../errors.js';
import type { AgentResult } from '../../lambda/handler.js';
import type { DeployApi } from './api.js';
import type { DeployReporter } from './progress.js';
import { filterName } from './preflight.js';

/** The agent's answer to one invocation: the handler's own type, so the two sides of the contract cannot drift. */
export type { AgentResult } from '../../lambda/handler.js';

/** What `deploy --test` needs. */
export interface AgentTestSettings {
  stackName: string;
  /** The group named in the synthetic payload; default: the first group the stack subscribes. */
  logGroup?: string;
  now: number;
}

/** A CloudWatch Logs subscription event as Lambda receives it: `awslogs.data` is base64 of gzipped JSON. */
export function syntheticEvent(options: { account: string; logGroup: string; stackName: string; now: number }): { awslogs: { data: string } } {
  const lines = [
    'ERROR cloudsentry deploy --test: synthetic incident, safe to ignore',
    'Error: connect ECONNREFUSED 10.0.0.5:5432',
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
  ];
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: options.account,
    logGroup: options.logGroup,
    logStream: 'cloudsentry-deploy-test',
    subscriptionFilters: [filterName(options.stackName)],
    logEvents: lines.map((message, i) => ({ id: String(BigInt(options.now) * 1000n + BigInt(i)), timestamp: options.now + i, message })),
  };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') } };
}

/** Invokes the deployed agent with a synthetic incident and reports whether a card was posted, or why not. */
export async function testAgent(api: DeployApi, settings: AgentTestSettings, reporter: DeployReporter): Promise<AgentResult> {
  const identity = await api.identity();
  const stack = await api.stacks.describeStack(settings.stackName);
  const functionName = stack?.outputs.FunctionName;
  if (!stack || !functionName) {
    throw new DeployError(`no deployed agent in stack ${settings.stackName} (${identity.region}): run cloudsentry deploy first${stack ? ` (the stack is ${stack.status})` : ''}`);
  }
  const logGroup = settings.logGroup ?? subscribedGroups(await api.stacks.templateBody(stack.id))[0] ?? '/cloudsentry/deploy-test';
  const event = syntheticEvent({ account: identity.account, logGroup, stackName: settings.stackName, now: settings.now });
  reporter.waiting(`invoking ${functionName} with a synthetic incident from ${logGroup}`);
  const answer = await api.functions.invoke(functionName, JSON.stringify(event));
  reporter.stopWaiting();
  if (answer.functionError) throw new DeployError(`the agent failed (${answer.functionError}): ${describeFunctionError(answer.payload)} — see its logs in ${stack.outputs.AgentLogGroupName ?? 'CloudWatch'}`);
  const result = parseResult(answer.payload);
  reporter.result(
    `incidents ${result.incidents}, posted ${result.posted}, suppressed ${result.suppressed}, follow-ups ${result.followUps}, malformed ${result.malformed}, LLM calls ${result.llmCalls}`,
  );
  if (result.posted > 0 || result.followUps > 0) {
    reporter.result(`a card was posted to Slack for the synthetic incident from ${logGroup}`);
    return result;
  }
  throw new DeployError(`no card was posted: ${whyNothingPosted(result)}`);
}

function whyNothingPosted(result: AgentResult): string {
  if (result.errors.length > 0) return result.errors.join('; ');
  if (result.suppressed > 0) return 'the test incident was posted recently and is within the cooldown (CooldownMinutes); try again after it';
  if (result.malformed > 0) return 'the agent could not read the payload (malformed)';
  if (result.incidents === 0) return 'the agent found no incident in the synthetic payload';
  return 'the agent posted nothing and gave no reason: check that the secret holds a Slack webhook';
}

function parseResult(text: string): AgentResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DeployError(`the agent answered something other than JSON: ${text.slice(0, 200)}`);
  }
  const r = value as Partial<AgentResult> | null;
  const numbers = ['incidents', 'posted', 'suppressed', 'followUps', 'malformed', 'llmCalls'] as const;
  if (!r || typeof r !== 'object' || numbers.some((k) => typeof r[k] !== 'number') || !Array.isArray(r.errors)) {
    throw new DeployError(`the agent's answer is not the expected summary (is it an older version? deploy again): ${text.slice(0, 200)}`);
  }
  return { ...(r as AgentResult), errors: r.errors.map(String) };
}

function describeFunctionError(payload: string): string {
  try {
    const error = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    return [error.errorType, error.errorMessage].filter(Boolean).join(': ') || payload.slice(0, 200);
  } catch {
    return payload.slice(0, 200);
  }
}

/** The groups a deployed template subscribes (recorded in its Metadata by the renderer). */
function subscribedGroups(body: string): string[] {
  try {
    const doc = parse(body) as { Metadata?: { Cloudsentry?: { LogGroups?: unknown } } };
    const groups = doc.Metadata?.Cloudsentry?.LogGroups;
    return Array.isArray(groups) ? groups.map(String) : [];
  } catch {
    return [];
  }
}
