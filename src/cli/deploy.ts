import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
// This module loads only when `deploy` runs; the SDKs load later still, inside aws.ts, when a call is made.
import { testAgent } from '../aws/deploy/agent-test.js';
import type { DeployApi } from '../aws/deploy/api.js';
import { createAwsDeployApi } from '../aws/deploy/aws.js';
import { checkStackName, deployAgent } from '../aws/deploy/deploy.js';
import { ownLogGroup } from '../aws/deploy/preflight.js';
import { STACK_POLL, type PollSettings } from '../aws/deploy/progress.js';
import { AGENT_ZIP_NAME, checkTemplateSize, loadBaseTemplate, packageFile, renderTemplate, templateBody } from '../aws/deploy/template.js';
import { readEnvConfig } from '../config.js';
import { ConfigError, EXIT, type ExitCode, UsageError } from '../errors.js';
import type { CliContext } from './context.js';
import { createCliReporter } from './deploy-reporter.js';
import { parseNumberOption } from './options.js';

/** Flags of `cloudsentry deploy`, as commander parses them. */
export interface DeployOptions {
  logGroup?: string[];
  stackName: string;
  region?: string;
  profile?: string;
  filterPattern?: string;
  provider?: 'offline' | 'anthropic' | 'bedrock';
  model?: string;
  cooldown?: number;
  reservedConcurrency?: number;
  secretArn?: string;
  slackWebhook?: string;
  agentZip?: string;
  yes?: boolean;
  dryRun?: boolean;
  out?: string;
  test?: boolean;
}

/** Declares `deploy` and its flags. */
export function registerDeploy(program: Command, ctx: CliContext): void {
  program
    .command('deploy')
    .description('install the agent in your AWS account: a Lambda subscribed to your log groups that posts one diagnosed Slack card per new incident')
    .option('--log-group <name...>', 'log group to watch (repeatable; a trailing * matches a prefix)')
    .option('--stack-name <name>', 'CloudFormation stack name', 'cloudsentry')
    .option('--region <region>', 'AWS Region (default: AWS_REGION or your profile)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config')
    .option('--filter-pattern <pattern>', 'CloudWatch Logs filter pattern ("" sends every event; default)')
    .option('--provider <name>', 'offline, anthropic or bedrock (default: anthropic with ANTHROPIC_API_KEY, else offline)', parseProvider)
    .option('--model <id>', 'Claude model id, or the Bedrock model / inference-profile id')
    .option('--cooldown <minutes>', 'minutes before the same incident is posted again (default 30)', parseNumberOption)
    .option('--reserved-concurrency <n>', 'most copies of the agent at once; 0 for no cap (default 5)', parseNumberOption)
    .option('--secret-arn <arn>', 'use your own JSON secret {"slackWebhookUrl","anthropicApiKey"} instead of creating one')
    .option('--slack-webhook <url>', 'Slack incoming-webhook URL for the secret (prefer SLACK_WEBHOOK_URL)')
    .option('--agent-zip <file>', 'deploy this agent zip instead of the bundled dist/agent/cloudsentry-agent.zip')
    .option('--dry-run', 'show what would be created, changed or removed; change nothing')
    .option('--out <dir>', 'write the template and the agent zip to <dir> for your own pipeline; call no AWS API')
    .option('--test', 'invoke the deployed agent with a synthetic incident and report whether a card was posted')
    .option('--yes', 'do not ask for confirmation (also deletes a stack left in ROLLBACK_COMPLETE)')
    .action(async (options: DeployOptions) => {
      ctx.exitCode = await runDeploy(options, ctx);
    });
}

/** Test seams: the AWS surface and polling delays (real ones by default). */
export interface DeployDeps {
  api?: DeployApi;
  poll?: PollSettings;
}

/** Runs deploy, `--out`, `--dry-run` or `--test`; returns the exit code. */
export async function runDeploy(options: DeployOptions, ctx: CliContext, deps: DeployDeps = {}): Promise<ExitCode> {
  const env = readEnvConfig(ctx.env);
  const slackWebhookUrl = options.slackWebhook ?? env.slackWebhookUrl;
  if (options.out !== undefined) return writeOut(options, ctx);
  const reporter = await createCliReporter(ctx);
  const api = deps.api ?? createAwsDeployApi({ region: options.region, profile: options.profile });
  if (options.test) {
    await testAgent(api, { stackName: options.stackName, logGroup: options.logGroup?.[0], now: ctx.now() }, reporter);
    return EXIT.ok;
  }
  if (!options.logGroup?.length) throw new UsageError('deploy needs at least one --log-group <name> to watch');
  await deployAgent(
    api,
    {
      stackName: options.stackName,
      logGroups: options.logGroup,
      filterPattern: options.filterPattern,
      provider: options.provider,
      model: options.model,
      cooldownMinutes: options.cooldown,
      reservedConcurrency: options.reservedConcurrency,
      secretArn: options.secretArn,
      slackWebhookUrl,
      anthropicApiKey: options.provider === 'offline' || options.provider === 'bedrock' ? undefined : env.anthropicApiKey,
      dryRun: options.dryRun === true,
      yes: options.yes === true,
      zip: readAgentZip(options.agentZip, ctx),
      poll: deps.poll ?? STACK_POLL,
    },
    reporter,
  );
  return EXIT.ok;
}

/** `--out`: the exact template (code as a local zip path, for `aws cloudformation package`) and the zip; no AWS call. */
function writeOut(options: DeployOptions, ctx: CliContext): ExitCode {
  checkStackName(options.stackName);
  const groups = options.logGroup ?? [];
  if (groups.length === 0) throw new UsageError('--out needs at least one --log-group <name> to render the template for');
  const wildcard = groups.find((g) => g.endsWith('*'));
  if (wildcard) throw new UsageError(`--out calls no AWS API, so ${wildcard} cannot be expanded: name each log group`);
  const own = groups.find((g) => g === ownLogGroup(options.stackName));
  if (own) throw new UsageError(`${own} is the agent's own log group: subscribing it would make the agent read its own output in a loop`);
  const zip = readAgentZip(options.agentZip, ctx);
  const body = templateBody(renderTemplate(loadBaseTemplate(), { logGroups: groups, code: { kind: 'local', path: AGENT_ZIP_NAME } }));
  checkTemplateSize(body, groups.length);
  const dir = resolve(ctx.cwd, options.out!);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'template.yaml'), body);
  writeFileSync(join(dir, AGENT_ZIP_NAME), zip);
  const out = options.out!;
  ctx.stdout.write(
    [
      `wrote ${join(out, 'template.yaml')} (${Buffer.byteLength(body)} bytes) and ${join(out, AGENT_ZIP_NAME)} (${(zip.byteLength / 1024).toFixed(0)} KB)`,
      'deploy them without cloudsentry (the stack name gives the function and its log group their names):',
      `  aws cloudformation package --template-file ${join(out, 'template.yaml')} --s3-bucket <your-bucket> --output-template-file ${join(out, 'packaged.yaml')}`,
      `  aws cloudformation deploy --template-file ${join(out, 'packaged.yaml')} --stack-name ${options.stackName} --capabilities CAPABILITY_IAM \\`,
      '      --parameter-overrides Provider=offline SlackWebhookUrl=<webhook-url>   # or ExistingSecretArn=<arn>',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

function readAgentZip(path: string | undefined, ctx: CliContext): Uint8Array {
  if (path !== undefined) {
    try {
      return readFileSync(resolve(ctx.cwd, path));
    } catch {
      throw new ConfigError(`cannot read the agent zip ${path}: check --agent-zip`);
    }
  }
  return readBundledZip();
}

function readBundledZip(): Uint8Array {
  const file = packageFile('dist/agent/cloudsentry-agent.zip');
  try {
    return readFileSync(file);
  } catch {
    throw new ConfigError(`the agent bundle ${file} is missing: run npm run build, or pass --agent-zip <file>`);
  }
}

function parseProvider(value: string): 'offline' | 'anthropic' | 'bedrock' {
  if (value === 'offline' || value === 'anthropic' || value === 'bedrock') return value;
  throw new InvalidArgumentError('expected offline, anthropic or bedrock');
}
