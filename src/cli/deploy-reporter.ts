import { createInterface } from 'node:readline/promises';
import type { StackEvent } from '../aws/deploy/api.js';
import { formatEvent, type DeployReporter } from '../aws/deploy/progress.js';
import { type CliContext, warn } from './context.js';

/** Results on stdout; notes, stack events and a spinner (ora, on a terminal only) on stderr. */
export async function createCliReporter(ctx: CliContext): Promise<DeployReporter> {
  const interactive = ctx.stderr.isTTY === true;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: ctx.stderr, isEnabled: interactive, discardStdin: false });
  const above = (write: () => void): void => {
    const spinning = spinner.isSpinning;
    if (spinning) spinner.clear();
    write();
    if (spinning) spinner.render();
  };
  return {
    interactive: ctx.stdin.isTTY === true && interactive,
    result: (line) => above(() => ctx.stdout.write(`${line}\n`)),
    note: (line) => above(() => ctx.stderr.write(`${line}\n`)),
    warn: (line) => above(() => warn(ctx, line)),
    waiting(text) {
      if (interactive) spinner.start(text);
      else ctx.stderr.write(`${text}…\n`);
    },
    event: (event: StackEvent) => above(() => ctx.stderr.write(`${formatEvent(event)}\n`)),
    stopWaiting: () => void spinner.stop(),
    async confirm(question, withoutTerminal) {
      if (!(ctx.stdin.isTTY && interactive)) return withoutTerminal;
      const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}
