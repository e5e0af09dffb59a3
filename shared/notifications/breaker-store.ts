import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BreakerState } from '../webhooks/breaker.ts';

/**
 * Each subscriber's circuit breaker, one item beside its delivery totals in the subscriptions table.
 * A healthy subscriber has no item, or one with no failures: the sender reads it and writes nothing.
 */
const key = (subscriptionId: string) => ({ pk: `SUB#${subscriptionId}`, sk: 'BREAKER' });

export async function readBreaker(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
): Promise<BreakerState | undefined> {
  const found = await db.send(new GetCommand({ TableName: tableName, Key: key(subscriptionId) }));
  const item = found.Item;
  if (!item) return undefined;
  return {
    failures: Number(item.failures ?? 0),
    openUntil: Number(item.openUntil ?? 0),
    ...(item.probeUntil !== undefined ? { probeUntil: Number(item.probeUntil) } : {}),
    ...(item.lastError !== undefined ? { lastError: String(item.lastError) } : {}),
  };
}

/** Claims the one probe of a half-open breaker; false when another job claimed it first. */
export async function claimProbe(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
  now: number,
  until: number,
): Promise<boolean> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(subscriptionId),
        UpdateExpression: 'SET probeUntil = :until',
        ConditionExpression: 'openUntil <= :now AND (attribute_not_exists(probeUntil) OR probeUntil <= :now)',
        ExpressionAttributeValues: { ':until': until, ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Opens the breaker after a failure: no job of the subscriber is tried before `openUntil`. */
export async function openBreaker(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
  failures: number,
  openUntil: number,
  lastError: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key(subscriptionId),
      UpdateExpression: 'SET failures = :f, openUntil = :until, lastError = :error REMOVE probeUntil',
      ExpressionAttributeValues: { ':f': failures, ':until': openUntil, ':error': lastError },
    }),
  );
}

/** Closes the breaker after an answer: the subscriber's jobs are tried as they come again. */
export async function closeBreaker(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key(subscriptionId),
      UpdateExpression: 'SET failures = :zero, openUntil = :zero REMOVE probeUntil, lastError',
      ExpressionAttributeValues: { ':zero': 0 },
    }),
  );
}
