import { readEnvConfig } from '../config.js';
import type { CliContext } from './context.js';

/** Colour only on a terminal, unless NO_COLOR says never or FORCE_COLOR says always. */
export function useColor(ctx: CliContext): boolean {
  const env = readEnvConfig(ctx.env);
  if (env.noColor) return false;
  if (env.forceColor) return true;
  return ctx.stdout.isTTY === true;
}
