// A loopback CloudFormation: change sets, stacks and their events over AWS Query + XML (platform-facts §4).
// It models what deploy relies on: CREATE vs UPDATE change sets, the "didn't contain changes" failure,
// stacks that advance one resource per DescribeStacks poll, scripted resource failures with rollback
// (ROLLBACK_COMPLETE on a first deploy), DeleteStack, newest-first events and resolved outputs.
import { parse } from 'yaml';
import { members, QueryError, startQueryServer, type QueryRequest, type QueryServer, type Xml } from './aws-query.js';

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const REGION = 'us-east-1';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
}
interface Template {
  Parameters?: Record<string, { Default?: unknown; NoEcho?: boolean }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

interface Change {
  action: 'Add' | 'Modify' | 'Remove';
  logicalId: string;
  type: string;
  replacement?: 'True' | 'False';
}

interface ChangeSet {
  id: string;
  name: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_COMPLETE' | 'FAILED';
  executionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_COMPLETE';
  reason?: string;
  body: string;
  template: Template;
  parameters: Record<string, string>;
  changes: Change[];
}

/** One stack event, as DescribeStackEvents returns it. */
export interface FakeStackEvent {
  EventId: string;
  StackName: string;
  StackId: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
}

/** A stack as the fake holds it. */
export interface FakeStack {
  name: string;
  id: string;
  status: string;
  body: string;
  template: Template;
  parameters: Record<string, string>;
  events: FakeStackEvent[];
  changeSets: Map<string, ChangeSet>;
  /** Steps still to play, one per DescribeStacks poll. */
  pending: (() => void)[];
}

/** The fake with its state, for tests to arrange and inspect. */
export interface CloudFormationFake extends QueryServer {
  stacks: Map<string, FakeStack>;
  /** The next execution fails on this resource with this reason (then rolls back). */
  failResource(logicalId: string, reason: string): void;
  /** Names of the actions received, in order. */
  actions(): string[];
  /** How many resources an operation advances per DescribeStacks poll from now on. */
  setStepsPerPoll(steps: number): void;
}

let clock = Date.UTC(2026, 11, 3, 12, 0, 0);
const tick = () => new Date((clock += 1000)).toISOString();

/** Starts the fake on 127.0.0.1 (us-east-1); a stack operation advances `stepsPerPoll` resources per DescribeStacks. */
export async function startCloudFormationFake(options: { account?: string; stepsPerPoll?: number } = {}): Promise<CloudFormationFake> {
  const account = options.account ?? '123456789012';
  let stepsPerPoll = options.stepsPerPoll ?? 1;
  const stacks = new Map<string, FakeStack>();
  const failures = new Map<string, string>();
  const deleted: FakeStack[] = [];
  const server = await startQueryServer(NS, (request) => handle(request));

  function handle({ action, params }: QueryRequest): Xml {
    switch (action) {
      case 'DescribeStacks':
        return describeStacks(params);
      case 'CreateChangeSet':
        return createChangeSet(params);
      case 'DescribeChangeSet':
        return describeChangeSet(params);
      case 'ExecuteChangeSet':
        return executeChangeSet(params);
      case 'DeleteChangeSet':
        findChangeSet(params).stack.changeSets.delete(params.ChangeSetName!);
        return {};
      case 'DescribeStackEvents':
        return { StackEvents: stackNamed(params.StackName!).events.slice().reverse() as unknown as Xml };
      case 'DeleteStack':
        return deleteStack(params);
      case 'GetTemplate':
        return { TemplateBody: stackNamed(params.StackName!).body };
      default:
        throw new QueryError('InvalidAction', `fake CloudFormation does not implement ${action}`);
    }
  }

  function stackNamed(nameOrId: string): FakeStack {
    // A deleted stack is still found by its id (DELETE_COMPLETE), no longer by its name.
    const stack = [...stacks.values()].find((s) => s.name === nameOrId || s.id === nameOrId) ?? deleted.find((s) => s.id === nameOrId);
    if (!stack) throw new QueryError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return stack;
  }

  function describeStacks(params: Record<string, string>): Xml {
    const stack = stackNamed(params.StackName!);
    for (let i = 0; i < stepsPerPoll && stack.pending.length > 0; i++) stack.pending.shift()!();
    return {
      Stacks: [
        {
          StackName: stack.name,
          StackId: stack.id,
          StackStatus: stack.status,
          CreationTime: stack.events[0]?.Timestamp ?? tick(),
          Parameters: Object.entries(stack.parameters).map(([key, value]) => ({
            ParameterKey: key,
            ParameterValue: stack.template.Parameters?.[key]?.NoEcho ? '****' : value,
          })),
          Outputs: ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'].includes(stack.status) ? outputs(stack) : undefined,
        },
      ] as Xml,
    };
  }

  function createChangeSet(params: Record<string, string>): Xml {
    const name = params.StackName!;
    const type = (params.ChangeSetType ?? 'UPDATE') as 'CREATE' | 'UPDATE';
    const existing = stacks.get(name);
    if (type === 'CREATE' && existing && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw new QueryError('AlreadyExistsException', `Stack [${name}] already exists and cannot be created again with the changeSet [${params.ChangeSetName}].`);
    }
    if (type === 'UPDATE' && (!existing || existing.status === 'REVIEW_IN_PROGRESS')) throw new QueryError('ValidationError', `Stack [${name}] does not exist`);
    if (existing && /_IN_PROGRESS$/.test(existing.status) && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw new QueryError('ValidationError', `Stack:${existing.id} is in ${existing.status} state and can not be updated.`);
    }
    if (existing?.status === 'ROLLBACK_COMPLETE') throw new QueryError('ValidationError', `Stack:${existing.id} is in ROLLBACK_COMPLETE state and can not be updated.`);
    const body = params.TemplateBody;
    if (body === undefined) throw new QueryError('ValidationError', 'TemplateBody is required (this fake takes no TemplateURL)');
    if (Buffer.byteLength(body) > 51_200) throw new QueryError('ValidationError', "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200");
    const template = parse(body) as Template;
    const capabilities = members(params, 'Capabilities').map((m) => m['']);
    if (Object.values(template.Resources).some((r) => r.Type === 'AWS::IAM::Role') && !capabilities.some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')) {
      throw new QueryError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_IAM]');
    }
    const stack: FakeStack =
      existing ??
      ({
        name,
        id: `arn:aws:cloudformation:${REGION}:${account}:stack/${name}/${crypto.randomUUID()}`,
        status: 'REVIEW_IN_PROGRESS',
        body: '',
        template: { Resources: {} },
        parameters: {},
        events: [],
        changeSets: new Map(),
        pending: [],
      } satisfies FakeStack);
    if (!existing) {
      stacks.set(name, stack);
      event(stack, name, 'AWS::CloudFormation::Stack', 'REVIEW_IN_PROGRESS', 'User Initiated');
    }
    const parameters = resolveParameters(template, params, stack);
    const changes = diff(stack, template, parameters);
    const id = `arn:aws:cloudformation:${REGION}:${account}:changeSet/${params.ChangeSetName}/${crypto.randomUUID()}`;
    const empty = changes.length === 0;
    stack.changeSets.set(params.ChangeSetName!, {
      id,
      name: params.ChangeSetName!,
      type,
      status: empty ? 'FAILED' : 'CREATE_COMPLETE',
      executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
      reason: empty ? "The submitted information didn't contain changes. Submit different information to create a change set." : undefined,
      body,
      template,
      parameters,
      changes,
    });
    return { Id: id, StackId: stack.id };
  }

  function findChangeSet(params: Record<string, string>): { stack: FakeStack; changeSet: ChangeSet } {
    const name = params.ChangeSetName!;
    for (const stack of stacks.values()) {
      if (params.StackName !== undefined && stack.name !== params.StackName && stack.id !== params.StackName) continue;
      const changeSet = stack.changeSets.get(name) ?? [...stack.changeSets.values()].find((c) => c.id === name);
      if (changeSet) return { stack, changeSet };
    }
    throw new QueryError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
  }

  function describeChangeSet(params: Record<string, string>): Xml {
    const { stack, changeSet } = findChangeSet(params);
    return {
      ChangeSetName: changeSet.name,
      ChangeSetId: changeSet.id,
      StackId: stack.id,
      StackName: stack.name,
      Status: changeSet.status,
      StatusReason: changeSet.reason,
      ExecutionStatus: changeSet.executionStatus,
      Changes: changeSet.changes.map((c) => ({
        Type: 'Resource',
        ResourceChange: { Action: c.action, LogicalResourceId: c.logicalId, ResourceType: c.type, Replacement: c.replacement },
      })),
    };
  }

  function executeChangeSet(params: Record<string, string>): Xml {
    const { stack, changeSet } = findChangeSet(params);
    if (changeSet.executionStatus !== 'AVAILABLE') throw new QueryError('InvalidChangeSetStatus', `ChangeSet [${changeSet.id}] cannot be executed in its current status of [${changeSet.status}]`);
    changeSet.executionStatus = 'EXECUTE_COMPLETE';
    const creating = changeSet.type === 'CREATE';
    const verb = creating ? 'CREATE' : 'UPDATE';
    const previous = { body: stack.body, template: stack.template, parameters: stack.parameters };
    stack.status = `${verb}_IN_PROGRESS`;
    event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status, 'User Initiated');
    stack.body = changeSet.body;
    stack.template = changeSet.template;
    stack.parameters = changeSet.parameters;
    const done: Change[] = [];
    const steps: (() => void)[] = [];
    let failed = false;
    for (const change of order(changeSet.changes, changeSet.template)) {
      if (change.action === 'Remove') continue;
      steps.push(() => {
        if (failed) return;
        const resourceVerb = change.action === 'Add' ? 'CREATE' : 'UPDATE';
        event(stack, change.logicalId, change.type, `${resourceVerb}_IN_PROGRESS`);
        const reason = failures.get(change.logicalId) ?? missingPermission(changeSet.template, change.logicalId);
        if (reason !== undefined) {
          failures.delete(change.logicalId);
          failed = true;
          event(stack, change.logicalId, change.type, `${resourceVerb}_FAILED`, reason);
          rollback(stack, creating, done, change, previous);
          return;
        }
        event(stack, change.logicalId, change.type, `${resourceVerb}_COMPLETE`);
        done.push(change);
      });
    }
    steps.push(() => {
      if (failed) return;
      const removals = changeSet.changes.filter((c) => c.action === 'Remove');
      if (!creating) {
        stack.status = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
        event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status);
        for (const c of removals) {
          event(stack, c.logicalId, c.type, 'DELETE_IN_PROGRESS');
          event(stack, c.logicalId, c.type, 'DELETE_COMPLETE');
        }
      }
      stack.status = `${verb}_COMPLETE`;
      event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status);
    });
    stack.pending.push(...steps);
    stack.changeSets.clear();
    return {};
  }

  function rollback(stack: FakeStack, creating: boolean, done: Change[], failedChange: Change, previous: Pick<FakeStack, 'body' | 'template' | 'parameters'>): void {
    const verb = creating ? 'ROLLBACK' : 'UPDATE_ROLLBACK';
    const reason = `The following resource(s) failed to ${creating ? 'create' : 'update'}: [${failedChange.logicalId}]. `;
    stack.status = `${verb}_IN_PROGRESS`;
    event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status, reason);
    for (const c of done.slice().reverse()) {
      if (c.action === 'Add') {
        event(stack, c.logicalId, c.type, 'DELETE_IN_PROGRESS');
        event(stack, c.logicalId, c.type, 'DELETE_COMPLETE');
      } else {
        event(stack, c.logicalId, c.type, 'UPDATE_IN_PROGRESS');
        event(stack, c.logicalId, c.type, 'UPDATE_COMPLETE');
      }
    }
    stack.status = `${verb}_COMPLETE`;
    if (!creating) Object.assign(stack, previous);
    event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status);
  }

  function deleteStack(params: Record<string, string>): Xml {
    const stack = [...stacks.values()].find((s) => s.name === params.StackName || s.id === params.StackName);
    if (!stack) return {}; // DeleteStack of a missing stack succeeds silently, as in AWS
    stack.status = 'DELETE_IN_PROGRESS';
    event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status, 'User Initiated');
    const ids = Object.keys(stack.template.Resources).reverse();
    stack.pending = ids.map((id) => () => {
      const type = stack.template.Resources[id]!.Type;
      event(stack, id, type, 'DELETE_IN_PROGRESS');
      event(stack, id, type, 'DELETE_COMPLETE');
    });
    stack.pending.push(() => {
      stack.status = 'DELETE_COMPLETE';
      event(stack, stack.name, 'AWS::CloudFormation::Stack', stack.status);
      stacks.delete(stack.name); // DescribeStacks by name now says it does not exist
      deleted.push(stack);
    });
    return {};
  }

  function event(stack: FakeStack, logicalId: string, type: string, status: string, reason?: string): void {
    stack.events.push({
      EventId: crypto.randomUUID(),
      StackName: stack.name,
      StackId: stack.id,
      LogicalResourceId: logicalId,
      PhysicalResourceId: logicalId === stack.name ? stack.id : physicalId(stack, logicalId),
      ResourceType: type,
      Timestamp: tick(),
      ResourceStatus: status,
      ResourceStatusReason: reason,
    });
  }

  function outputs(stack: FakeStack): Xml {
    const resolve = resolver(stack);
    return Object.entries(stack.template.Outputs ?? {}).map(([key, output]) => ({
      OutputKey: key,
      OutputValue: String(resolve(output.Value)),
      Description: output.Description,
    }));
  }

  function physicalId(stack: FakeStack, logicalId: string): string {
    const resource = stack.template.Resources[logicalId];
    const named = resource?.Properties?.FunctionName ?? resource?.Properties?.LogGroupName;
    if (named !== undefined && resource?.Type !== 'AWS::Lambda::EventInvokeConfig' && resource?.Type !== 'AWS::Logs::SubscriptionFilter') {
      return String(resolver(stack)(named));
    }
    return `${stack.name}-${logicalId}-FAKE${logicalId.length}`;
  }

  function resolver(stack: FakeStack): (value: unknown) => unknown {
    const pseudo: Record<string, string> = {
      'AWS::Region': REGION,
      'AWS::AccountId': account,
      'AWS::Partition': 'aws',
      'AWS::StackName': stack.name,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const ref = (name: string): unknown => {
      if (name in pseudo) return pseudo[name];
      if (name in stack.parameters) return stack.parameters[name];
      const resource = stack.template.Resources[name];
      if (!resource) throw new QueryError('ValidationError', `Template format error: Unresolved resource dependencies [${name}]`);
      const id = physicalId(stack, name);
      if (resource.Type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${account}/${id}`;
      if (resource.Type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:${REGION}:${account}:secret:${id}-AbCdEf`;
      return id;
    };
    const arn = (name: string): string => {
      const resource = stack.template.Resources[name]!;
      const id = physicalId(stack, name);
      if (resource.Type === 'AWS::Lambda::Function') return `arn:aws:lambda:${REGION}:${account}:function:${id}`;
      return `arn:aws:${resource.Type.split('::')[1]!.toLowerCase()}:${REGION}:${account}:${id}`;
    };
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (typeof value !== 'object' || value === null) return value;
      const [key, arg] = Object.entries(value)[0] ?? [];
      if (key === 'Ref') return ref(String(arg));
      if (key === 'Fn::GetAtt') {
        const [id] = Array.isArray(arg) ? arg : String(arg).split('.');
        return arn(String(id));
      }
      if (key === 'Fn::Sub') return String(arg).replace(/\$\{([^}]+)\}/g, (_, name: string) => String(name.includes('.') ? arn(name.split('.')[0]!) : ref(name)));
      if (key === 'Fn::If') {
        const [condition, yes, no] = arg as [string, unknown, unknown];
        return resolve(evaluate(stack.template.Conditions?.[condition]) ? yes : no);
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    };
    const evaluate = (condition: unknown): boolean => {
      const [key, arg] = Object.entries(condition as object)[0]!;
      if (key === 'Fn::Equals') {
        const [a, b] = (arg as unknown[]).map(resolve);
        return String(a) === String(b);
      }
      if (key === 'Fn::Not') return !evaluate((arg as unknown[])[0]);
      throw new Error(`fake CloudFormation cannot evaluate ${key}`);
    };
    return resolve;
  }

  return {
    ...server,
    stacks,
    failResource: (logicalId, reason) => void failures.set(logicalId, reason),
    actions: () => server.requests.map((r) => r.action),
    setStepsPerPoll: (steps) => void (stepsPerPoll = steps),
  };
}

/** Parameter values for a change set: given, previous (UsePreviousValue) or the template default. */
function resolveParameters(template: Template, params: Record<string, string>, stack: FakeStack): Record<string, string> {
  const given = members(params, 'Parameters');
  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(template.Parameters ?? {})) {
    const entry = given.find((g) => g.ParameterKey === key);
    if (entry?.UsePreviousValue === 'true') {
      if (!(key in stack.parameters)) throw new QueryError('ValidationError', `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      values[key] = stack.parameters[key]!;
    } else if (entry?.ParameterValue !== undefined) values[key] = entry.ParameterValue;
    else if (declaration.Default !== undefined) values[key] = String(declaration.Default);
    else throw new QueryError('ValidationError', `Parameters: [${key}] must have values`);
  }
  for (const entry of given) {
    if (!(entry.ParameterKey! in (template.Parameters ?? {}))) throw new QueryError('ValidationError', `Parameters: [${entry.ParameterKey}] do not exist in the template`);
  }
  return values;
}

/** Resource changes between the stack's current template and a new one (a parameter change modifies its users). */
function diff(stack: FakeStack, template: Template, parameters: Record<string, string>): Change[] {
  const before = stack.template.Resources;
  const after = template.Resources;
  const changedParameters = Object.keys(parameters).filter((key) => stack.parameters[key] !== parameters[key]);
  const changes: Change[] = [];
  for (const [id, resource] of Object.entries(after)) {
    const old = before[id];
    if (!old) changes.push({ action: 'Add', logicalId: id, type: resource.Type });
    else if (JSON.stringify(old) !== JSON.stringify(resource) || changedParameters.some((p) => uses(resource, p))) {
      changes.push({ action: 'Modify', logicalId: id, type: resource.Type, replacement: 'False' });
    }
  }
  for (const [id, resource] of Object.entries(before)) if (!(id in after)) changes.push({ action: 'Remove', logicalId: id, type: resource.Type });
  return changes;
}

function uses(resource: Resource, parameter: string): boolean {
  const text = JSON.stringify(resource);
  return text.includes(`{"Ref":"${parameter}"}`) || text.includes(`\${${parameter}}`);
}

/** Changes in an order that respects DependsOn and Ref/GetAtt/Sub dependencies. */
function order(changes: Change[], template: Template): Change[] {
  const byId = new Map(changes.map((c) => [c.logicalId, c]));
  const sorted: Change[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of dependencies(template, id)) visit(dep);
    const change = byId.get(id);
    if (change) sorted.push(change);
  };
  for (const change of changes) visit(change.logicalId);
  return sorted;
}

function dependencies(template: Template, id: string): string[] {
  const resource = template.Resources[id];
  if (!resource) return [];
  const text = JSON.stringify(resource.Properties ?? {});
  const referenced = Object.keys(template.Resources).filter(
    (other) => other !== id && (text.includes(`"Ref":"${other}"`) || text.includes(`"${other}.`) || text.includes(`["${other}",`) || text.includes(`\${${other}`)),
  );
  return [...new Set([...[resource.DependsOn ?? []].flat(), ...referenced])];
}

/**
 * A subscription filter created without waiting for its Lambda permission races it and fails,
 * as in AWS (aws-cdk#21941): the fake fails it unless it DependsOn (transitively) a permission.
 */
function missingPermission(template: Template, id: string): string | undefined {
  const resource = template.Resources[id];
  if (resource?.Type !== 'AWS::Logs::SubscriptionFilter') return undefined;
  const reachable = new Set<string>();
  const walk = (from: string): void => {
    for (const dep of [template.Resources[from]?.DependsOn ?? []].flat()) {
      if (!reachable.has(dep)) {
        reachable.add(dep);
        walk(dep);
      }
    }
  };
  walk(id);
  if ([...reachable].some((dep) => template.Resources[dep]?.Type === 'AWS::Lambda::Permission')) return undefined;
  return 'Resource handler returned message: "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function." (Service: CloudWatchLogs, Status Code: 400)';
}
