import type { Writable } from 'node:stream';
import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import type { Diagnosis } from '../../core/diagnosis.js';
import { severityRank } from '../../core/taxonomy.js';
import type { UpstreamError } from '../../errors.js';
import type { DiagnoseOptions, DiagnosisRequest, Provider, ProviderReport, Usage } from '../provider.js';
import { assertApiMessage, classifyFault } from './faults.js';
import { startLiveView } from './live.js';
import { formatUsd } from '../money.js';
import { costOf, type PriceTable, priceFor } from './prices.js';
import { type Chunk, planChunks, SYSTEM_PROMPT } from './prompt.js';
import { ANSWER_JSON_SCHEMA, parseAnswer, TOOL_NAME } from './schema.js';
import { JsonStringTap } from './stream-tap.js';

/** The cheapest and fastest current model. */
export const DEFAULT_MODEL = 'claude-haiku-5-5';
/** Default cap on the estimated input tokens of one request. */
export const DEFAULT_MAX_INPUT_TOKENS = 24_000;
/** Default bound on the whole Claude step, retries included. */
export const DEFAULT_TIMEOUT_SECONDS = 120;
/** Most incidents sent to Claude per run (highest ranked first); the rest keep the offline diagnosis. */
export const MAX_CLAUDE_INCIDENTS = 20;
/** SDK retries per request on 408/409/429/5xx/connection faults, with its backoff honouring retry-after. */
export const MAX_RETRIES = 2;

/** Builds the SDK client with the retry and timeout settings the provider chose (e.g. an AnthropicBedrock client). */
export type ClaudeClientFactory = (options: { maxRetries: number; timeout: number }) => Promise<Anthropic>;

/** Everything the Claude provider needs, resolved from flags and environment by select.ts. */
export interface ClaudeSettings {
  /** Required unless `client` is given (Bedrock signs with the AWS credentials instead). */
  apiKey?: string;
  /** Another way to reach Claude with the same Messages API (Amazon Bedrock); default: the Anthropic API with `apiKey`. */
  client?: ClaudeClientFactory;
  /** Names the credential in the message when it is rejected; default ANTHROPIC_API_KEY. */
  credentialName?: string;
  /** ANTHROPIC_BASE_URL; undefined lets the SDK use its default. */
  baseURL?: string;
  model: string;
  maxInputTokens: number;
  /** `--max-cost`: refuse to send when the worst-case estimate is above it. */
  maxCostUsd?: number;
  timeoutSeconds: number;
  prices: PriceTable;
  /** Where to show a spinner and the streamed explanation; undefined when not a terminal or with --json. */
  live?: Writable;
  warn: (message: string) => void;
  maxRetries?: number;
  /** Per-attempt timeout; defaults to the whole-step timeout capped at 60 s. */
  requestTimeoutMs?: number;
}

type Strategy = 'tool' | 'format';
type Sdk = typeof import('@anthropic-ai/sdk');

/** Claude over @anthropic-ai/sdk: batched, schema-validated, and falling back to the offline diagnosis on any fault. */
export function createClaudeProvider(settings: ClaudeSettings): Provider {
  let sdk: Sdk | undefined;
  let client: Anthropic | undefined;
  // Forced tool use is the default; a model that insists on thinking rejects it, and then we switch for the run.
  let strategy: Strategy = 'tool';
  let usage = emptyUsage(settings.model);
  let fault: UpstreamError | undefined;
  const price = priceFor(settings.prices, settings.model);

  async function connect(): Promise<{ sdk: Sdk; client: Anthropic }> {
    sdk ??= await import('@anthropic-ai/sdk');
    const maxRetries = settings.maxRetries ?? MAX_RETRIES;
    const timeout = settings.requestTimeoutMs ?? Math.min(60_000, settings.timeoutSeconds * 1000);
    client ??= settings.client
      ? await settings.client({ maxRetries, timeout })
      : new sdk.Anthropic({ apiKey: settings.apiKey ?? null, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), maxRetries, timeout });
    return { sdk, client };
  }

  async function send(chunk: Chunk, signal: AbortSignal): Promise<unknown> {
    const { client } = await connect();
    const params = buildParams(chunk, settings.model, strategy);
    let message: Message;
    if (settings.live) {
      const view = await startLiveView(settings.live, `Asking ${settings.model} about ${plural(chunk.ids.length, 'incident')}…`);
      const tap = new JsonStringTap(new Set(['title', 'rootCause']), view);
      try {
        const stream = client.messages.stream(params, { signal });
        stream.on('inputJson', (delta) => tap.push(delta));
        stream.on('text', (delta) => tap.push(delta));
        message = await stream.finalMessage();
      } finally {
        view.finish();
      }
    } else {
      message = await client.messages.create(params, { signal });
    }
    assertApiMessage(message);
    record(message);
    if (message.stop_reason === 'refusal') return undefined;
    if (strategy === 'tool') {
      const block = message.content.find((b) => b.type === 'tool_use' && b.name === TOOL_NAME);
      return block && block.type === 'tool_use' ? block.input : undefined;
    }
    return message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  }

  function record(message: Message): void {
    const u = message.usage;
    const input = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    const output = u.output_tokens ?? 0;
    usage.requests++;
    usage.inputTokens += input;
    usage.outputTokens += output;
    if (usage.costUsd !== null && price) usage.costUsd += costOf(price, input, output);
  }

  /** Sends one chunk, switching structured-output strategy once if the model rejects forced tool use. */
  async function ask(chunk: Chunk, signal: AbortSignal): Promise<unknown> {
    try {
      return await send(chunk, signal);
    } catch (error) {
      const { sdk } = await connect();
      if (strategy === 'tool' && error instanceof sdk.BadRequestError && /thinking|tool_choice|tool use/i.test(error.message)) {
        strategy = 'format';
        return send(chunk, signal);
      }
      throw error;
    }
  }

  return {
    name: 'claude',
    report: (): ProviderReport => ({ usage: { ...usage }, ...(fault ? { fault } : {}) }),

    async diagnose(requests: DiagnosisRequest[], options: DiagnoseOptions = {}): Promise<Diagnosis[]> {
      usage = emptyUsage(settings.model);
      if (!price) usage.costUsd = null;
      fault = undefined;
      const answers = new Map<DiagnosisRequest, Diagnosis>();
      const order = rank(requests).slice(0, MAX_CLAUDE_INCIDENTS);
      if (requests.length > order.length) {
        settings.warn(`only the ${order.length} most urgent of ${requests.length} incidents go to Claude; the rest keep the offline diagnosis`);
      }
      const ids = order.map((_, i) => `i${i + 1}`);
      const byId = new Map(ids.map((id, i) => [id, order[i]!]));
      const chunks = planChunks(order, ids, settings.maxInputTokens);
      if (chunks.length === 0 || !withinBudget(chunks)) return requests.map((r) => r.offline);

      const timeout = AbortSignal.timeout(settings.timeoutSeconds * 1000);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const failed: string[] = [];
      const problems: string[] = [];
      const queue = chunks.map((chunk) => ({ chunk, attempt: 1 }));
      try {
        for (let item = queue.shift(); item; item = queue.shift()) {
          const answer = parseAnswer(await ask(item.chunk, signal), item.chunk.ids);
          for (const [id, diagnosis] of answer.valid) answers.set(byId.get(id)!, diagnosis);
          const missing = item.chunk.ids.filter((id) => !answer.valid.has(id));
          if (missing.length === 0) continue;
          if (item.attempt === 2) {
            failed.push(...missing);
            problems.push(...answer.problems);
            continue;
          }
          // An invalid answer gets one more try, for the incidents it got wrong only, if the budget allows.
          const retry = planChunks(missing.map((id) => byId.get(id)!), missing, settings.maxInputTokens, { retry: true });
          if (retryAffordable(retry)) queue.unshift(...retry.map((chunk) => ({ chunk, attempt: 2 })));
          else {
            failed.push(...missing);
            problems.push('no retry: it would go over --max-cost');
          }
        }
      } catch (error) {
        const { sdk } = await connect();
        fault = classifyFault(error, sdk, {
          model: settings.model,
          timedOut: timeout.aborted,
          timeoutSeconds: settings.timeoutSeconds,
          ...(settings.credentialName ? { credentialName: settings.credentialName } : {}),
        });
        settings.warn(fault.message);
      }
      if (failed.length > 0) {
        settings.warn(
          `Claude's answer for ${plural(failed.length, 'incident')} did not validate twice (${problems.slice(0, 3).join(' | ')}); using the offline diagnosis for ${failed.length === 1 ? 'it' : 'them'}`,
        );
      }
      return requests.map((request) => answers.get(request) ?? request.offline);
    },
  };

  function worstCase(chunks: Chunk[]): number {
    return chunks.reduce((sum, c) => sum + costOf(price!, c.estimatedInputTokens, c.maxOutputTokens), 0);
  }

  function retryAffordable(chunks: Chunk[]): boolean {
    if (settings.maxCostUsd === undefined || !price) return true;
    return (usage.costUsd ?? 0) + worstCase(chunks) <= settings.maxCostUsd;
  }

  function withinBudget(chunks: Chunk[]): boolean {
    if (settings.maxCostUsd === undefined) return true;
    if (!price) {
      settings.warn(`no price known for ${settings.model}, so --max-cost cannot be checked; set CLOUDSENTRY_PRICES. Not calling Claude: showing the offline diagnosis`);
      return false;
    }
    const estimate = worstCase(chunks);
    if (estimate <= settings.maxCostUsd) return true;
    settings.warn(
      `estimated cost ${formatUsd(estimate)} is above --max-cost ${formatUsd(settings.maxCostUsd)}; not calling Claude: showing the offline diagnosis`,
    );
    return false;
  }
}

/** The request body for a chunk. No `temperature`: API version 2026-10-21 rejects it. */
export function buildParams(chunk: Chunk, model: string, strategy: Strategy): MessageCreateParamsNonStreaming {
  const base = {
    model,
    max_tokens: chunk.maxOutputTokens,
    system: SYSTEM_PROMPT,
    messages: [{ role: 'user' as const, content: chunk.text }],
  };
  if (strategy === 'format') {
    return { ...base, output_config: { format: { type: 'json_schema', schema: ANSWER_JSON_SCHEMA as unknown as Record<string, unknown> } } };
  }
  return {
    ...base,
    tools: [
      {
        name: TOOL_NAME,
        description: 'Record the diagnosis of every incident. Always call this exactly once.',
        input_schema: ANSWER_JSON_SCHEMA as unknown as Tool.InputSchema,
        strict: true,
      },
    ],
    tool_choice: { type: 'tool', name: TOOL_NAME, disable_parallel_tool_use: true },
    // Forced tool use and thinking do not mix.
    thinking: { type: 'disabled' },
  };
}

function rank(requests: DiagnosisRequest[]): DiagnosisRequest[] {
  return [...requests].sort(
    (a, b) => severityRank(a.offline.severity) - severityRank(b.offline.severity) || b.incident.count - a.incident.count,
  );
}

function emptyUsage(model: string): Usage {
  return { model, inputTokens: 0, outputTokens: 0, costUsd: 0, requests: 0, cached: 0 };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
