import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * The agent's one DynamoDB table (partition key `pk`, type S; TTL attribute `expiresAt`, epoch seconds).
 * Several kinds of item share it; each key starts with its kind, and `|` never occurs in a log group name.
 */
export interface StateTable {
  client: DynamoDBClient;
  tableName: string;
}

/** Key of the suppression item of one incident in one log group. */
export function incidentKey(logGroup: string, fingerprint: string): string {
  return `incident|${logGroup}|${fingerprint}`;
}

/** Key of a cached LLM answer. */
export function cacheKeyOf(key: string): string {
  return `cache|${key}`;
}

/** Key of the LLM call counter of the minute that contains `epochMs` (UTC). */
export function llmMinuteKey(epochMs: number): string {
  return `llm-calls|${new Date(epochMs).toISOString().slice(0, 16)}`;
}

/** Epoch seconds, as the TTL attribute wants them. */
export function epochSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
]);

/**
 * True when DynamoDB failed for a reason that goes away (throttling, a server fault, no connection),
 * after the SDK's own retries: the handler then throws so that Lambda's asynchronous retry keeps the event.
 */
export function isTransientStateError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (THROTTLING.has(error.name)) return true;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  if (meta?.httpStatusCode !== undefined) return meta.httpStatusCode >= 500;
  // No HTTP answer at all: a network fault or a timeout.
  return ['TimeoutError', 'AbortError'].includes(error.name) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(error.message);
}

/** True for the answer to a conditional write whose condition did not hold. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
