/**
 * The narrow AWS surface `deploy`, `destroy` and `deploy --test` use: only the calls they make,
 * so the orchestration can be read (and tested) without the SDK. Implemented once over the v3
 * clients in aws.ts.
 */

/** A stack as deploy needs to see it. */
export interface StackSummary {
  id: string;
  status: string;
  outputs: Record<string, string>;
  /** Names of the parameters the deployed template declares (for UsePreviousValue). */
  parameterKeys: string[];
}

/** One resource change of a change set. */
export interface ResourceChange {
  action: string;
  logicalId: string;
  type: string;
  /** "True" / "Conditional" when the change replaces the resource. */
  replacement?: string;
}

/** How a change set ended up after CloudFormation computed it. */
export type ChangeSetOutcome =
  | { kind: 'ready'; changes: ResourceChange[] }
  | { kind: 'empty' }
  | { kind: 'failed'; reason: string };

/** One stack event. */
export interface StackEvent {
  id: string;
  logicalId: string;
  type: string;
  status: string;
  reason?: string;
  timestamp: Date;
}

/** A stack parameter: a value, or "keep the deployed one" (NoEcho secrets on update). */
export type StackParameter = { key: string; value: string } | { key: string; usePrevious: true };

/** What creating a change set takes. */
export interface ChangeSetInput {
  stackName: string;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  templateBody: string;
  parameters: StackParameter[];
}

/** CloudFormation, as deploy uses it. */
export interface StackApi {
  /** The stack, or undefined when there is none by that name. */
  describeStack(name: string): Promise<StackSummary | undefined>;
  createChangeSet(input: ChangeSetInput): Promise<void>;
  /** Waits (SDK waiter) until the change set is computed. */
  waitForChangeSet(stackName: string, changeSetName: string): Promise<ChangeSetOutcome>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteStack(name: string): Promise<void>;
  /** Events, newest first, back to (not including) the event with id `until`, or the first page when absent. */
  stackEvents(name: string, until?: string): Promise<StackEvent[]>;
  /** The deployed template body. */
  templateBody(name: string): Promise<string>;
}

/** One subscription filter on a log group. */
export interface SubscriptionFilterInfo {
  name: string;
  destinationArn?: string;
}

/** CloudWatch Logs, as deploy's pre-flight uses it. */
export interface LogGroupApi {
  /** Names of the log groups whose name starts with `prefix`. */
  logGroupsWithPrefix(prefix: string): Promise<string[]>;
  subscriptionFilters(logGroup: string): Promise<SubscriptionFilterInfo[]>;
}

/** S3, for the deploy-owned bucket holding the agent zip. */
export interface ArtifactApi {
  bucketExists(bucket: string): Promise<boolean>;
  createBucket(bucket: string, region: string): Promise<void>;
  objectExists(bucket: string, key: string): Promise<boolean>;
  putObject(bucket: string, key: string, body: Uint8Array): Promise<void>;
  /** Deletes every object, then the bucket. */
  deleteBucket(bucket: string): Promise<void>;
}

/** The result of a synchronous invocation. */
export interface InvokeResult {
  functionError?: string;
  payload: string;
}

/** Lambda, for `deploy --test`. */
export interface FunctionApi {
  invoke(functionName: string, payload: string): Promise<InvokeResult>;
}

/** Who the credentials belong to and where calls go. */
export interface Identity {
  account: string;
  region: string;
}

/** Everything deploy talks to in AWS. */
export interface DeployApi {
  identity(): Promise<Identity>;
  stacks: StackApi;
  logs: LogGroupApi;
  artifacts: ArtifactApi;
  functions: FunctionApi;
}
