import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { epochSeconds, incidentKey, isConditionFailed, type StateTable } from './table.js';

/** One incident as one invocation saw it in one log group. */
export interface Sighting {
  logGroup: string;
  fingerprint: string;
  /** Occurrences in this invocation's batch. */
  count: number;
  /** Epoch ms of the first occurrence in this batch. */
  firstSeen: number;
}

/** This invocation won the right to post a card for a new incident (or one not seen for a whole retention period). */
export interface NewClaim {
  kind: 'new';
  sighting: Sighting;
  token: string;
}

/** This invocation won the right to post the one "still happening" follow-up of the cooldown that just ended. */
export interface FollowUpClaim {
  kind: 'follow-up';
  sighting: Sighting;
  token: string;
  /** Occurrences counted since the incident's first card, this batch included. */
  total: number;
  /** Epoch ms of the first occurrence counted. */
  since: number;
  /** Epoch ms of the previous card, restored if this follow-up cannot be posted. */
  previousPostedAt: number;
}

/** Another invocation posted this incident within the cooldown: the batch only added to its count. */
export interface Suppressed {
  kind: 'suppressed';
  sighting: Sighting;
  total: number;
}

export type Claim = NewClaim | FollowUpClaim;
export type Verdict = Claim | Suppressed;

/** Decides, across every concurrent invocation, which one posts an incident; backed by conditional writes. */
export interface SuppressionStore {
  /** Counts the sighting and says whether this invocation posts it. */
  decide(sighting: Sighting, now: number): Promise<Verdict>;
  /** Gives a claim back after its card could not be posted, so the retried event can post it. */
  release(claim: Claim): Promise<void>;
}

export interface SuppressionSettings {
  /** Minutes during which an incident posted by any invocation is not posted again. */
  cooldownMinutes: number;
  /** How long an incident nobody sees any more is remembered; then it counts as new again. At least the cooldown. */
  retentionSeconds?: number;
  /** Token generator, for tests. */
  newToken?: () => string;
}

/** An incident that stops for a day and then returns gets a fresh card. */
export const DEFAULT_RETENTION_SECONDS = 24 * 60 * 60;
/** A race (another invocation changing the item between our two writes) is retried this many times. */
const MAX_ROUNDS = 4;

/**
 * One item per (log group, fingerprint). Each step is a conditional UpdateItem, so exactly one invocation
 * wins a card: in a steady storm the first write (count within the cooldown) succeeds and is the only one.
 *   1. in cooldown   → ADD occurrences         (suppressed)
 *   2. absent/expired → SET a fresh item       (new card)
 *   3. cooldown over → SET postedAt, ADD occurrences (one follow-up)
 * A condition that fails because another invocation got there first sends us round again.
 */
export function createSuppressionStore(table: StateTable, settings: SuppressionSettings): SuppressionStore {
  const cooldownMs = settings.cooldownMinutes * 60_000;
  const retention = Math.max(settings.retentionSeconds ?? DEFAULT_RETENTION_SECONDS, Math.ceil(cooldownMs / 1000) + 60);
  const newToken = settings.newToken ?? randomUUID;

  const update = async (key: string, input: Omit<ConstructorParameters<typeof UpdateItemCommand>[0], 'TableName' | 'Key'>) => {
    try {
      const out = await table.client.send(new UpdateItemCommand({ TableName: table.tableName, Key: { pk: { S: key } }, ...input }));
      return out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  };

  return {
    async decide(sighting, now) {
      const key = incidentKey(sighting.logGroup, sighting.fingerprint);
      const nowSec = epochSeconds(now);
      const common = {
        ':n': num(sighting.count),
        ':now': num(now),
        ':nowSec': num(nowSec),
        ':expires': num(nowSec + retention),
      };
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const counted = await update(key, {
          ConditionExpression: 'postedAt > :cutoff AND expiresAt > :nowSec',
          UpdateExpression: 'ADD occurrences :n SET lastSeenAt = :now, expiresAt = :expires',
          ExpressionAttributeValues: { ':n': common[':n'], ':now': common[':now'], ':nowSec': common[':nowSec'], ':expires': common[':expires'], ':cutoff': num(now - cooldownMs) },
          ReturnValues: 'UPDATED_NEW',
        });
        if (counted) return { kind: 'suppressed', sighting, total: readNumber(counted.occurrences) };

        const token = newToken();
        const fresh = await update(key, {
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowSec OR attribute_not_exists(postedAt)',
          UpdateExpression:
            'SET logGroup = :group, fingerprint = :fp, firstSeenAt = :since, occurrences = :n, postedAt = :now, lastSeenAt = :now, claimToken = :token, cardCount = :one, expiresAt = :expires',
          ExpressionAttributeValues: {
            ...common,
            ':group': { S: sighting.logGroup },
            ':fp': { S: sighting.fingerprint },
            ':since': num(sighting.firstSeen),
            ':token': { S: token },
            ':one': num(1),
          },
        });
        if (fresh) return { kind: 'new', sighting, token };

        const old = await update(key, {
          ConditionExpression: 'postedAt <= :cutoff AND expiresAt > :nowSec',
          UpdateExpression: 'ADD occurrences :n, cardCount :one SET postedAt = :now, lastSeenAt = :now, claimToken = :token, expiresAt = :expires',
          ExpressionAttributeValues: { ...common, ':cutoff': num(now - cooldownMs), ':token': { S: token }, ':one': num(1) },
          ReturnValues: 'ALL_OLD',
        });
        if (old) {
          return {
            kind: 'follow-up',
            sighting,
            token,
            total: readNumber(old.occurrences) + sighting.count,
            since: readNumber(old.firstSeenAt) || sighting.firstSeen,
            previousPostedAt: readNumber(old.postedAt),
          };
        }
      }
      // Only reachable if other invocations keep changing the item under us; counting it as suppressed
      // cannot double-post, and the incident is still counted by whoever won.
      return { kind: 'suppressed', sighting, total: sighting.count };
    },

    async release(claim) {
      const key = { pk: { S: incidentKey(claim.sighting.logGroup, claim.sighting.fingerprint) } };
      const mine = { ConditionExpression: 'claimToken = :token', ExpressionAttributeValues: { ':token': { S: claim.token } } as Record<string, AttributeValue> };
      // UpdateItem only (no DeleteItem): the role gets GetItem/PutItem/UpdateItem and nothing more.
      const undo: { UpdateExpression: string; values: Record<string, AttributeValue> } =
        claim.kind === 'new'
          ? { UpdateExpression: 'REMOVE postedAt, claimToken', values: {} }
          : { UpdateExpression: 'SET postedAt = :previous ADD cardCount :minusOne REMOVE claimToken', values: { ':previous': num(claim.previousPostedAt), ':minusOne': num(-1) } };
      try {
        await table.client.send(
          new UpdateItemCommand({
            TableName: table.tableName,
            Key: key,
            ConditionExpression: mine.ConditionExpression,
            UpdateExpression: undo.UpdateExpression,
            ExpressionAttributeValues: { ...mine.ExpressionAttributeValues, ...undo.values },
          }),
        );
      } catch (error) {
        // Someone claimed it since (only possible after a whole cooldown): theirs stands.
        if (!isConditionFailed(error)) throw error;
      }
    },
  };
}

function num(value: number): AttributeValue {
  return { N: String(value) };
}

function readNumber(value: AttributeValue | undefined): number {
  const n = value && 'N' in value ? Number(value.N) : 0;
  return Number.isFinite(n) ? n : 0;
}
