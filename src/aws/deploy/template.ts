import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { UsageError } from '../../errors.js';

/** CloudFormation's limit on a `TemplateBody` sent inline (CreateChangeSet). */
export const TEMPLATE_BODY_LIMIT = 51_200;

/**
 * Each group adds one statement to the function's resource policy, which Lambda caps at 20 KB;
 * 40 keeps well under it whatever the group names' length.
 */
export const MAX_LOG_GROUPS = 40;

/** File name of the agent zip next to a template written by `--out`. */
export const AGENT_ZIP_NAME = 'cloudsentry-agent.zip';

/** A CloudFormation template as plain data (long-form intrinsics: `Ref`, `Fn::Sub`…). */
export interface TemplateDoc {
  Parameters?: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  Metadata?: Record<string, unknown>;
  [section: string]: unknown;
}

/** One entry of `Resources`. */
export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  [attribute: string]: unknown;
}

/**
 * Where the function's code comes from: an S3 object named by the `CodeS3Bucket`/`CodeS3Key`
 * parameters (what `deploy` uploads), or a zip path next to the template, which
 * `aws cloudformation package` uploads and rewrites into an S3 location (`--out`).
 */
export type CodeLocation = { kind: 's3' } | { kind: 'local'; path: string };

/** What a render needs besides the base template. */
export interface RenderOptions {
  logGroups: readonly string[];
  code: CodeLocation;
}

/** The logical id of the agent function, the resource every per-group resource points at. */
export const FUNCTION_ID = 'AgentFunction';

/** Finds a file shipped in the package (template/, dist/agent/) from src/ under tests or from dist/chunks/ when bundled. */
export function packageFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'template'))) return join(dir, relative);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the cloudsentry package folder holding ${relative}`);
    dir = parent;
  }
}

/** Reads template/cloudsentry.yaml, the base every deploy renders from. */
export function loadBaseTemplate(path = packageFile('template/cloudsentry.yaml')): TemplateDoc {
  return parse(readFileSync(path, 'utf8')) as TemplateDoc;
}

/** The base template plus one permission and subscription filter per log group and the code location. */
export function renderTemplate(base: TemplateDoc, options: RenderOptions): TemplateDoc {
  const groups = checkLogGroups(options.logGroups);
  const doc = structuredClone(base);
  const fn = doc.Resources[FUNCTION_ID];
  if (!fn?.Properties) throw new Error(`the base template has no ${FUNCTION_ID}`);
  if (options.code.kind === 's3') {
    doc.Parameters = {
      ...doc.Parameters,
      CodeS3Bucket: { Type: 'String', Description: 'S3 bucket holding the agent zip' },
      CodeS3Key: { Type: 'String', Description: 'S3 key of the agent zip (named by its SHA-256, so a new build is a change)' },
    };
    fn.Properties.Code = { S3Bucket: { Ref: 'CodeS3Bucket' }, S3Key: { Ref: 'CodeS3Key' } };
  } else {
    fn.Properties.Code = options.code.path;
  }
  for (const group of groups) Object.assign(doc.Resources, subscriptionResources(group));
  // Recorded for `deploy --test` and for people reading the stack: the groups are rendered, not parameters.
  doc.Metadata = { ...doc.Metadata, Cloudsentry: { LogGroups: [...groups] } };
  return doc;
}

/** The template as YAML, exactly as sent to CloudFormation or written by `--out`. */
export function templateBody(doc: TemplateDoc): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Refuses a body CloudFormation would refuse, saying what to do instead. */
export function checkTemplateSize(body: string, groups: number): void {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > TEMPLATE_BODY_LIMIT) {
    throw new UsageError(
      `the template for ${groups} log groups is ${bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_LIMIT}-byte limit: split the groups across stacks (--stack-name)`,
    );
  }
}

/** Stable logical ids for a group: readable letters from its name plus a hash, so `/a-b` and `/ab` never collide. */
export function logicalIdsFor(group: string): { permission: string; subscription: string } {
  const words = group.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const readable = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('').slice(0, 24);
  const hash = createHash('sha256').update(group).digest('hex').slice(0, 8);
  return { permission: `Permission${readable}${hash}`, subscription: `Subscription${readable}${hash}` };
}

/** The log group's ARN as the logs principal presents it (`…:log-group:NAME:*`). */
function logGroupArnSub(group: string): { 'Fn::Sub': string } {
  return { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:*` };
}

function subscriptionResources(group: string): Record<string, TemplateResource> {
  const ids = logicalIdsFor(group);
  return {
    [ids.permission]: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': `${FUNCTION_ID}.Arn` },
        Principal: { 'Fn::Sub': 'logs.${AWS::Region}.${AWS::URLSuffix}' },
        SourceArn: logGroupArnSub(group),
        SourceAccount: { Ref: 'AWS::AccountId' },
      },
    },
    // Without the DependsOn the filter races the permission and fails "Could not execute the lambda function".
    [ids.subscription]: {
      Type: 'AWS::Logs::SubscriptionFilter',
      DependsOn: ids.permission,
      Properties: {
        LogGroupName: group,
        FilterName: { 'Fn::Sub': '${AWS::StackName}-agent' },
        FilterPattern: { Ref: 'FilterPattern' },
        DestinationArn: { 'Fn::GetAtt': `${FUNCTION_ID}.Arn` },
      },
    },
  };
}

/** Log group names CloudWatch accepts: 1–512 of `[.\-_/#A-Za-z0-9]`; duplicates removed, order kept. */
function checkLogGroups(groups: readonly string[]): string[] {
  if (groups.length === 0) throw new UsageError('no log group given: pass --log-group <name> (repeatable)');
  const unique = [...new Set(groups)];
  for (const group of unique) {
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(group)) {
      throw new UsageError(`"${group}" is not a log group name (letters, digits and . - _ / # only): check --log-group`);
    }
  }
  if (unique.length > MAX_LOG_GROUPS) {
    throw new UsageError(`${unique.length} log groups is more than one stack holds (${MAX_LOG_GROUPS}): split them across stacks (--stack-name)`);
  }
  return unique;
}
