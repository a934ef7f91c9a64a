import { zipSync } from 'fflate';
import type { StackEvent } from '../../../src/aws/deploy/api.js';
import type { DeployReporter } from '../../../src/aws/deploy/progress.js';
import { startCloudFormationFake, type CloudFormationFake } from '../../fakes/cloudformation.js';
import { startLambdaFake, type InvokeOutcome, type LambdaFake } from '../../fakes/lambda.js';
import { startS3Fake, type S3Fake } from '../../fakes/s3.js';
import { startStsFake } from '../../fakes/sts.js';
import type { QueryServer } from '../../fakes/aws-query.js';
import { startFakeCloudWatchLogs, type FakeCloudWatchLogs } from '../../fakes/cloudwatch-logs.js';

/** Names of the CloudWatch Logs operations the fake received. */
export function logsOperations(fakes: AwsFakes): string[] {
  return fakes.logs.requests.map((r) => r.operation);
}

/** Every fake deploy talks to, and the environment that points the real SDK clients at them. */
export interface AwsFakes {
  cloudformation: CloudFormationFake;
  logs: FakeCloudWatchLogs;
  s3: S3Fake;
  lambda: LambdaFake;
  sts: QueryServer;
  env: Record<string, string>;
  /** Replaces what invoking the deployed function does. */
  setAgent(agent: (event: unknown) => InvokeOutcome | Promise<InvokeOutcome>): void;
  close(): Promise<void>;
}

/** Starts all fakes; `agent` answers invocations of the deployed function. */
export async function startAwsFakes(options: {
  groups?: string[];
  stepsPerPoll?: number;
  agent?: (event: unknown) => InvokeOutcome | Promise<InvokeOutcome>;
} = {}): Promise<AwsFakes> {
  const cloudformation = await startCloudFormationFake({ stepsPerPoll: options.stepsPerPoll });
  const logs = await startFakeCloudWatchLogs();
  for (const group of options.groups ?? ['/prod/payment-service', '/prod/orders', '/prod/orders-worker', '/aws/lambda/cloudsentry-agent']) logs.addGroup(group);
  const s3 = await startS3Fake();
  let agent = options.agent ?? (() => ({ result: { incidents: 1, posted: 1, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [] } }));
  const lambda = await startLambdaFake({ 'cloudsentry-agent': (event) => agent(event) });
  const sts = await startStsFake();
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudformation.url,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_STS: sts.url,
  };
  return {
    cloudformation,
    logs,
    s3,
    lambda,
    sts,
    env,
    setAgent: (next) => void (agent = next),
    close: async () => {
      await Promise.all([cloudformation.close(), logs.close(), s3.close(), lambda.close(), sts.close()]);
    },
  };
}

/** A small but real zip standing in for the agent bundle (deterministic: fixed mtime). */
export function fakeAgentZip(text = 'export const handler = async () => ({});'): Uint8Array {
  return zipSync({ 'index.mjs': [new TextEncoder().encode(text), { mtime: new Date('2026-01-01T00:00:00Z') }] });
}

/** A reporter that records everything and answers confirmations as told. */
export function recordingReporter(answer: boolean | 'no-terminal' = 'no-terminal') {
  const results: string[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const events: StackEvent[] = [];
  const questions: string[] = [];
  const reporter: DeployReporter = {
    interactive: answer !== 'no-terminal',
    result: (line) => void results.push(line),
    note: (line) => void notes.push(line),
    warn: (line) => void warnings.push(line),
    waiting: () => {},
    event: (event) => void events.push(event),
    stopWaiting: () => {},
    confirm: async (question, withoutTerminal) => {
      questions.push(question);
      return answer === 'no-terminal' ? withoutTerminal : answer;
    },
  };
  return { reporter, results, notes, warnings, events, questions };
}

/** Fast polling for tests. */
export const FAST_POLL = { intervalMs: 1, maxWaitMs: 30_000 };
