import { ConfigError } from '../errors.js';
import { agentConfigFrom } from './config.js';
import type { AgentResult } from './handler.js';
import { createAgentLog } from './log.js';

/** The Lambda entry point (`index.handler` in the zip): a CloudWatch Logs subscription event in, an AgentResult out. */
export async function handler(event: unknown): Promise<AgentResult> {
  // Built on the first invocation of a cold start and kept for warm ones; a failure is not kept.
  ready ??= build().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  let run: (event: unknown) => Promise<AgentResult>;
  try {
    run = await ready;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A configuration error is permanent: a retry would fail the same way.
    log.write('error', error.message);
    return { incidents: 0, posted: 0, suppressed: 0, followUps: 0, malformed: 0, llmCalls: 0, errors: [error.message] };
  }
  return run(event);
}

const log = createAgentLog((line) => process.stdout.write(`${line}\n`));
let ready: Promise<(event: unknown) => Promise<AgentResult>> | undefined;

async function build(): Promise<(event: unknown) => Promise<AgentResult>> {
  // Lambda's environment is this front door's context, as process.env is the CLI's (src/config.ts).
  const config = agentConfigFrom(process.env);
  const { createAgent } = await import('./agent.js');
  return createAgent(config, { log, now: Date.now });
}
