import type { Command } from 'commander';
import type { DeployApi } from '../aws/deploy/api.js';
import { createAwsDeployApi } from '../aws/deploy/aws.js';
import { destroyAgent } from '../aws/deploy/destroy.js';
import { STACK_POLL, type PollSettings } from '../aws/deploy/progress.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { CliContext } from './context.js';
import { createCliReporter } from './deploy-reporter.js';

/** Flags of `cloudsentry destroy`, as commander parses them. */
export interface DestroyOptions {
  stackName: string;
  region?: string;
  profile?: string;
  yes?: boolean;
}

/** Declares `destroy` and its flags. */
export function registerDestroy(program: Command, ctx: CliContext): void {
  program
    .command('destroy')
    .description('remove the agent: its stack and the bucket deploy created; your log groups are left as they are')
    .option('--stack-name <name>', 'CloudFormation stack name', 'cloudsentry')
    .option('--region <region>', 'AWS Region (default: AWS_REGION or your profile)')
    .option('--profile <name>', 'AWS profile from ~/.aws/config')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .action(async (options: DestroyOptions) => {
      ctx.exitCode = await runDestroy(options, ctx);
    });
}

/** Deletes the stack and the deploy bucket; returns the exit code. */
export async function runDestroy(options: DestroyOptions, ctx: CliContext, deps: { api?: DeployApi; poll?: PollSettings } = {}): Promise<ExitCode> {
  const api = deps.api ?? createAwsDeployApi({ region: options.region, profile: options.profile });
  await destroyAgent(api, { stackName: options.stackName, yes: options.yes === true, poll: deps.poll ?? STACK_POLL }, await createCliReporter(ctx));
  return EXIT.ok;
}
