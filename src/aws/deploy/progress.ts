import type { StackApi, StackEvent } from './api.js';

/** How deploy talks to the person running it; the CLI renders it (ora on a terminal), tests record it. */
export interface DeployReporter {
  /** A result line (stdout). */
  result(line: string): void;
  /** A progress note (stderr). */
  note(line: string): void;
  warn(line: string): void;
  /** A spinner while waiting; `event` lines print above it. */
  waiting(text: string): void;
  event(event: StackEvent): void;
  stopWaiting(): void;
  /** True when there is a terminal to ask on. */
  interactive: boolean;
  /** Asks yes/no on a terminal; `withoutTerminal` when there is none to ask on. */
  confirm(question: string, withoutTerminal: boolean): Promise<boolean>;
}

/** How often and how long to poll a stack operation. */
export interface PollSettings {
  intervalMs: number;
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Real AWS: a few seconds between polls; an agent stack takes one to three minutes. */
export const STACK_POLL: PollSettings = { intervalMs: 4000, maxWaitMs: 60 * 60 * 1000 };

/** How a stack operation ended, with the events it produced (oldest first). */
export interface StackOutcome {
  status: string;
  events: StackEvent[];
}

/** The newest event's id, the marker after which an operation's events start. */
export async function latestEventId(stacks: StackApi, stackId: string): Promise<string | undefined> {
  return (await stacks.stackEvents(stackId))[0]?.id;
}

/** Polls the stack (by id, so a deleted stack still answers) until it leaves *_IN_PROGRESS, reporting each new event. */
export async function waitForStack(stacks: StackApi, stackId: string, marker: string | undefined, poll: PollSettings, reporter: DeployReporter): Promise<StackOutcome> {
  const sleep = poll.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const events: StackEvent[] = [];
  const started = Date.now();
  let until = marker;
  for (;;) {
    const stack = await stacks.describeStack(stackId);
    const fresh = (await stacks.stackEvents(stackId, until)).reverse();
    for (const event of fresh) reporter.event(event);
    events.push(...fresh);
    if (fresh.length > 0) until = fresh[fresh.length - 1]!.id;
    const status = stack?.status ?? 'DELETE_COMPLETE';
    if (!status.endsWith('_IN_PROGRESS')) return { status, events };
    if (Date.now() - started > poll.maxWaitMs) return { status: `${status} (still running after ${Math.round(poll.maxWaitMs / 60000)} minutes)`, events };
    await sleep(poll.intervalMs);
  }
}

/** True for the statuses a create, update or delete ends in when it worked. */
export function succeeded(status: string): boolean {
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'DELETE_COMPLETE';
}

/** The root cause of a failed operation: the earliest *_FAILED event that is not a cancellation caused by another. */
export function firstFailure(events: readonly StackEvent[]): StackEvent | undefined {
  const failed = events.filter((e) => e.status.endsWith('_FAILED'));
  return failed.find((e) => !/cancel+ed/i.test(e.reason ?? '')) ?? failed[0];
}

/** What to do about a failed resource, from its reason. */
export function adviceFor(reason: string, stackName: string): string {
  const rules: [RegExp, string][] = [
    [/UnreservedConcurrentExecution|ReservedConcurrentExecutions/i, 'the account has too little Lambda concurrency to reserve some: deploy again with --reserved-concurrency 0'],
    [/Could not execute the lambda function/i, 'CloudWatch Logs could not invoke the function yet: deploy again'],
    [/LimitExceeded|resource limit exceeded/i, 'a log group already has 2 subscription filters (the CloudWatch limit): remove one or leave that group out'],
    [/already exists/i, `a resource of that name exists outside the stack (e.g. the log group /aws/lambda/${stackName}-agent from an earlier install): delete it, or choose another --stack-name`],
    [/not authorized|AccessDenied|is not authorized to perform/i, 'the deploying identity lacks a permission: see the IAM policy in the README (Deploying the agent)'],
    [/NoSuchKey|NoSuchBucket|S3 (?:key|bucket)|GetObject/i, 'the agent zip is missing from the deploy bucket: deploy again to upload it'],
    [/runtime/i, 'the Lambda runtime was refused: upgrade cloudsentry'],
  ];
  return rules.find(([pattern]) => pattern.test(reason))?.[1] ?? `see all events with: aws cloudformation describe-stack-events --stack-name ${stackName}`;
}

/** One event as a line: time, status, resource, reason. */
export function formatEvent(event: StackEvent): string {
  const time = event.timestamp.toISOString().slice(11, 19);
  const reason = event.reason && event.reason !== 'User Initiated' ? `  ${event.reason}` : '';
  return `${time}  ${event.status.padEnd(28)} ${event.logicalId} (${event.type})${reason}`;
}
