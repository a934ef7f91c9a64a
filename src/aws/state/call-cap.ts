import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { epochSeconds, isConditionFailed, llmMinuteKey, type StateTable } from './table.js';

/** A fleet-wide budget of LLM calls per minute. */
export interface CallCap {
  /** Takes one call from the current minute's budget; false when it is used up. */
  tryTake(now: number): Promise<boolean>;
}

/**
 * One atomic counter per UTC minute: `ADD calls 1` only while `calls < limit`, so concurrent
 * invocations can never take more than `limit` calls in a minute between them.
 */
export function createCallCap(table: StateTable, limitPerMinute: number): CallCap {
  return {
    async tryTake(now) {
      if (limitPerMinute <= 0) return false;
      const minuteEnd = Math.floor(now / 60_000) * 60_000 + 60_000;
      try {
        await table.client.send(
          new UpdateItemCommand({
            TableName: table.tableName,
            Key: { pk: { S: llmMinuteKey(now) } },
            ConditionExpression: 'attribute_not_exists(callCount) OR callCount < :limit',
            UpdateExpression: 'ADD callCount :one SET expiresAt = :expires',
            ExpressionAttributeValues: {
              ':one': { N: '1' },
              ':limit': { N: String(limitPerMinute) },
              // Kept an hour after its minute, for anyone looking at the table.
              ':expires': { N: String(epochSeconds(minuteEnd) + 3600) },
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailed(error)) return false;
        throw error;
      }
    },
  };
}
