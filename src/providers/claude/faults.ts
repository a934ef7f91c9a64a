import { EXIT } from '../../errors.js';
import { UpstreamError } from '../../errors.js';

type Sdk = typeof import('@anthropic-ai/sdk');

/** The endpoint answered, but not with a Messages API response (a proxy's page, a gateway's own JSON). */
export class MalformedAnswerError extends Error {}

/** Throws MalformedAnswerError unless `message` has the shape of a Messages API response. */
export function assertApiMessage(message: unknown): void {
  const m = message as { content?: unknown; usage?: unknown } | null;
  if (typeof m === 'object' && m !== null && Array.isArray(m.content) && typeof m.usage === 'object' && m.usage !== null) return;
  const shown = typeof message === 'string' ? message : JSON.stringify(message) ?? String(message);
  throw new MalformedAnswerError(`not a Messages API response: ${firstLine(shown.replace(/\s+/g, ' ')).slice(0, 80)}`);
}

/**
 * Turns what the SDK threw (after its own bounded retries) into the typed error the run reports:
 * every fault falls back to the offline diagnosis; only rejected credentials fail the run (exit 1).
 */
export function classifyFault(
  error: unknown,
  sdk: Sdk,
  context: { model: string; timedOut: boolean; timeoutSeconds: number; credentialName?: string },
): UpstreamError {
  const fallback = 'showing the offline diagnosis';
  if (context.timedOut || error instanceof sdk.APIUserAbortError) {
    return new UpstreamError(`Claude did not answer within --timeout ${context.timeoutSeconds}s; ${fallback}`, {
      retryable: true,
      exitCode: EXIT.ok,
      cause: error,
    });
  }
  if (error instanceof sdk.AuthenticationError || error instanceof sdk.PermissionDeniedError) {
    const credential = context.credentialName ?? 'ANTHROPIC_API_KEY';
    const advice =
      credential === 'ANTHROPIC_API_KEY'
        ? 'check the key, or unset ANTHROPIC_API_KEY or pass --offline to use only the knowledge base'
        : 'check that the role may call bedrock:InvokeModel on this model and that model access is enabled, or pass --offline';
    return new UpstreamError(
      `Claude rejected ${credential} (${error.status} ${error.type ?? 'error'}): ${advice}; ${fallback}`,
      { retryable: false, exitCode: EXIT.failure, cause: error },
    );
  }
  if (error instanceof sdk.NotFoundError) {
    return new UpstreamError(`Claude does not know the model "${context.model}" (404): check --model or CLOUDSENTRY_MODEL; ${fallback}`, {
      retryable: false,
      exitCode: EXIT.ok,
      cause: error,
    });
  }
  if (error instanceof sdk.APIConnectionError) {
    const what = error instanceof sdk.APIConnectionTimeoutError ? 'timed out' : 'could not be reached';
    return new UpstreamError(`Claude ${what} after retries (${firstLine(error.message)}); ${fallback}`, {
      retryable: true,
      exitCode: EXIT.ok,
      cause: error,
    });
  }
  if (error instanceof MalformedAnswerError || error instanceof SyntaxError) {
    return new UpstreamError(`Claude's endpoint answered with something else (${firstLine(error.message)}): check ANTHROPIC_BASE_URL; ${fallback}`, {
      retryable: false,
      exitCode: EXIT.ok,
      cause: error,
    });
  }
  if (error instanceof sdk.APIError) {
    const retryable = error.status === undefined || error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
    const label = [error.status, error.type].filter((part) => part !== undefined && part !== null).join(' ') || 'error';
    const message = retryable
      ? `Claude is unavailable (${label}) after retries; ${fallback}`
      : `Claude refused the request (${label}: ${firstLine(error.apiMessage ?? error.message)}); ${fallback}`;
    return new UpstreamError(message, { retryable, exitCode: EXIT.ok, cause: error });
  }
  throw error;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
