// Checks a CloudFormation template against the published resource specification
// (@aws-cdk/aws-service-spec: the database CDK generates its L1 constructs from, refreshed weekly).
import { createRequire } from 'node:module';
import type { TemplateDoc } from '../../src/aws/deploy/template.js';

const require = createRequire(import.meta.url);

/** The part of the spec database these checks read. */
interface SpecType {
  type: string;
  element?: SpecType;
  types?: SpecType[];
  reference?: { $ref: string };
  allowedValues?: string[];
}
interface SpecProperty {
  type: SpecType;
  required?: boolean;
}
interface SpecResource {
  cloudFormationType: string;
  properties: Record<string, SpecProperty>;
  attributes: Record<string, unknown>;
}
interface SpecTypeDefinition {
  name: string;
  properties: Record<string, SpecProperty>;
}
interface SpecDb {
  lookup(kind: 'resource', index: 'cloudFormationType', op: 'equals', value: string): SpecResource[];
  get(kind: 'typeDefinition', id: string): SpecTypeDefinition;
}

let cached: SpecDb | undefined;

/** Loads the spec once per test file (about a second: a 2.6 MB gzipped JSON). */
export function loadSpec(): SpecDb {
  cached ??= (require('@aws-cdk/aws-service-spec') as { loadAwsServiceSpecSync(): SpecDb }).loadAwsServiceSpecSync();
  return cached;
}

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

const INTRINSICS = new Set([
  'Ref',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::If',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Equals',
  'Fn::Not',
  'Fn::And',
  'Fn::Or',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::FindInMap',
  'Condition',
]);

/** Every problem found in `doc`, one line each; empty when the template is valid. */
export function validateTemplate(doc: TemplateDoc, spec: SpecDb = loadSpec()): string[] {
  const problems: string[] = [];
  const resources = doc.Resources ?? {};
  const parameters = doc.Parameters ?? {};
  const conditions = doc.Conditions ?? {};

  for (const [id, resource] of Object.entries(resources)) {
    const where = `Resources.${id}`;
    if (!/^[A-Za-z0-9]{1,255}$/.test(id)) problems.push(`${where}: logical id must be alphanumeric`);
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (found.length !== 1) {
      problems.push(`${where}: unknown resource type ${resource.Type}`);
      continue;
    }
    checkProperties(found[0]!.properties, resource.Properties ?? {}, `${where}.Properties`, spec, problems);
    for (const dep of [resource.DependsOn ?? []].flat()) {
      if (!(dep in resources)) problems.push(`${where}.DependsOn: no resource ${dep}`);
    }
    if (resource.Condition !== undefined && !(resource.Condition in conditions)) problems.push(`${where}.Condition: no condition ${resource.Condition}`);
  }

  walkIntrinsics(doc.Resources, 'Resources', (kind, value, where) => {
    if (kind === 'Ref') checkRef(value, where);
    else if (kind === 'Fn::GetAtt') checkGetAtt(value, where);
    else if (kind === 'Fn::Sub') checkSub(value, where);
    else if (kind === 'Fn::If') checkIf(value, where);
  });
  walkIntrinsics(doc.Outputs, 'Outputs', (kind, value, where) => {
    if (kind === 'Ref') checkRef(value, where);
    else if (kind === 'Fn::GetAtt') checkGetAtt(value, where);
    else if (kind === 'Fn::Sub') checkSub(value, where);
    else if (kind === 'Fn::If') checkIf(value, where);
  });
  walkIntrinsics(doc.Conditions, 'Conditions', (kind, value, where) => {
    if (kind === 'Ref' && !(typeof value === 'string' && (value in parameters || PSEUDO.has(value)))) problems.push(`${where}: Ref ${String(value)} is not a parameter`);
  });
  return problems;

  function checkRef(value: unknown, where: string): void {
    if (typeof value !== 'string' || !(value in parameters || value in resources || PSEUDO.has(value))) {
      problems.push(`${where}: Ref ${JSON.stringify(value)} resolves to nothing`);
    }
  }
  function checkGetAtt(value: unknown, where: string): void {
    const [id, attribute] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\.(.*)/) : [];
    checkAttribute(String(id), String(attribute), where);
  }
  function checkAttribute(id: string, attribute: string, where: string): void {
    const resource = resources[id];
    if (!resource) {
      problems.push(`${where}: GetAtt ${id}.${attribute}: no resource ${id}`);
      return;
    }
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', resource.Type)[0];
    if (found && !(attribute in found.attributes)) problems.push(`${where}: GetAtt ${id}.${attribute}: ${resource.Type} has no attribute ${attribute}`);
  }
  function checkSub(value: unknown, where: string): void {
    const [text, vars] = Array.isArray(value) ? [String(value[0]), (value[1] ?? {}) as Record<string, unknown>] : [String(value), {}];
    for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      const name = match[1]!;
      if (name in vars || name in parameters || name in resources || PSEUDO.has(name)) continue;
      const dot = name.indexOf('.');
      if (dot > 0) checkAttribute(name.slice(0, dot), name.slice(dot + 1), where);
      else problems.push(`${where}: Fn::Sub variable \${${name}} resolves to nothing`);
    }
  }
  function checkIf(value: unknown, where: string): void {
    const name = Array.isArray(value) ? value[0] : undefined;
    if (typeof name !== 'string' || !(name in conditions)) problems.push(`${where}: Fn::If names no condition (${JSON.stringify(name)})`);
  }
}

function checkProperties(
  specProps: Record<string, SpecProperty>,
  given: Record<string, unknown>,
  where: string,
  spec: SpecDb,
  problems: string[],
): void {
  for (const [name, prop] of Object.entries(specProps)) {
    if (prop.required && !(name in given)) problems.push(`${where}: required property ${name} is missing`);
  }
  for (const [name, value] of Object.entries(given)) {
    const prop = specProps[name];
    if (!prop) problems.push(`${where}: unknown property ${name}`);
    else checkValue(prop.type, value, `${where}.${name}`, spec, problems);
  }
}

function checkValue(type: SpecType, value: unknown, where: string, spec: SpecDb, problems: string[]): void {
  if (isIntrinsic(value)) return; // resolved at deploy time; its references are checked separately
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${where}: expected a string, got ${JSON.stringify(value)}`);
      else if (type.allowedValues && !type.allowedValues.includes(value)) problems.push(`${where}: ${value} is not one of ${type.allowedValues.join(', ')}`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) problems.push(`${where}: expected a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') problems.push(`${where}: expected a boolean`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where}: expected a list`);
      else value.forEach((item, i) => checkValue(type.element!, item, `${where}[${i}]`, spec, problems));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) problems.push(`${where}: expected a map`);
      else for (const [key, item] of Object.entries(value)) checkValue(type.element!, item, `${where}.${key}`, spec, problems);
      return;
    case 'ref': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        problems.push(`${where}: expected an object`);
        return;
      }
      const definition = spec.get('typeDefinition', type.reference!.$ref);
      checkProperties(definition.properties, value as Record<string, unknown>, where, spec, problems);
      return;
    }
    case 'union': {
      // Valid when any member type accepts it.
      const attempts = type.types!.map((member) => {
        const found: string[] = [];
        checkValue(member, value, where, spec, found);
        return found;
      });
      if (!attempts.some((found) => found.length === 0)) problems.push(...attempts[0]!);
      return;
    }
    default:
      return; // json, tag, date-time: free-form
  }
}

/** A `{ Ref: … }`-like object: one key naming an intrinsic function. */
function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSICS.has(keys[0]!);
}

/** Calls `visit` for every intrinsic function call anywhere under `node`. */
export function walkIntrinsics(node: unknown, where: string, visit: (kind: string, value: unknown, where: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walkIntrinsics(item, `${where}[${i}]`, visit));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (INTRINSICS.has(key) && key !== 'Condition') visit(key, value, where);
    walkIntrinsics(value, `${where}.${key}`, visit);
  }
}

/** Every IAM policy statement in the template's roles, with where it is. */
export function policyStatements(doc: TemplateDoc): { where: string; statement: Record<string, unknown> }[] {
  const found: { where: string; statement: Record<string, unknown> }[] = [];
  for (const [id, resource] of Object.entries(doc.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const policies = (resource.Properties?.Policies ?? []) as { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[];
    for (const policy of policies) {
      policy.PolicyDocument.Statement.forEach((raw, i) => {
        // A conditional statement: Fn::If [cond, statement, AWS::NoValue].
        const branches = isIntrinsic(raw) && 'Fn::If' in (raw as object) ? ((raw as { 'Fn::If': unknown[] })['Fn::If'].slice(1) as unknown[]) : [raw];
        for (const branch of branches) {
          if (typeof branch === 'object' && branch !== null && !('Ref' in branch)) {
            found.push({ where: `${id}.${policy.PolicyName}[${i}]`, statement: branch as Record<string, unknown> });
          }
        }
      });
    }
  }
  return found;
}
