import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ElectionMode } from '../model/vocabulary.ts';

/**
 * A webhook subscription: an audience's events POSTed to a URL, signed with the subscription's
 * secret. The secret lives only in the subscriptions table, which only the functions that create
 * subscriptions and sign deliveries may read; the inbox table holds just which subscriptions each
 * audience has, so the inbox writer never sees a secret.
 * A subscription belongs to its creator's mode and receives events of that mode only; one stored
 * before modes were recorded has none and is LIVE.
 */
export interface Subscription {
  readonly subscriptionId: string;
  readonly audience: string;
  readonly url: string;
  readonly secret: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly mode?: ElectionMode;
  readonly status: 'ACTIVE' | 'DELETED';
  /** When it was deleted: a deleted subscription stays listed, with its delivery log. */
  readonly deletedAt?: string;
}

/** What the delivery log keeps per subscriber. */
export interface DeliveryStats {
  readonly attempts: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly deadLettered: number;
  readonly lastAttemptAt?: string;
  readonly lastSuccessAt?: string;
  readonly lastError?: string;
  readonly lastStatus?: number;
}

export interface DeliveryAttempt {
  readonly eventId: string;
  readonly electionId: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'DELIVERED' | 'FAILED' | 'DEAD_LETTERED';
  readonly status?: number;
  readonly error?: string;
  /** Only for an attempt that was answered. */
  readonly durationMs?: number;
}

/** Attempts are kept this long, then DynamoDB's TTL removes them. */
const ATTEMPT_DAYS = 30;

const keys = {
  subscription: (id: string) => ({ pk: 'SUBSCRIPTIONS', sk: id }),
  stats: (id: string) => ({ pk: `SUB#${id}`, sk: 'STATS' }),
  attempt: (id: string, at: string, eventId: string, attempt: number) => ({
    pk: `SUB#${id}`,
    sk: `A#${at}#${eventId}#${attempt}`,
  }),
  /** LIVE keeps the key it had before modes, so existing subscribers stay LIVE. */
  audience: (audience: string, mode: ElectionMode) => ({
    pk: mode === 'LIVE' ? `AUDIENCE#${audience}` : `AUDIENCE#${audience}#${mode}`,
    sk: 'SUBSCRIBERS',
  }),
};

export async function putSubscription(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscription: Subscription,
): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.subscription(subscription.subscriptionId), ...subscription },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function readSubscription(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
): Promise<Subscription | undefined> {
  const found = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.subscription(subscriptionId), ConsistentRead: true }),
  );
  if (!found.Item) return undefined;
  const { pk: _pk, sk: _sk, ...subscription } = found.Item;
  return subscription as Subscription;
}

export async function listSubscriptions(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<Subscription[]> {
  const found: Subscription[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SUBSCRIPTIONS' },
        ExclusiveStartKey: start,
      }),
    );
    for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) found.push(item as Subscription);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

export async function markSubscriptionDeleted(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
  deletedAt: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.subscription(subscriptionId),
      UpdateExpression: 'SET #status = :deleted, deletedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':deleted': 'DELETED', ':at': deletedAt },
    }),
  );
}

/** The inbox table's list of an audience's subscriptions of one mode (ids only). */
export async function updateAudienceSubscribers(
  db: DynamoDBDocumentClient,
  inboxTable: string,
  audience: string,
  mode: ElectionMode,
  subscriptionId: string,
  change: 'ADD' | 'DELETE',
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: inboxTable,
      Key: keys.audience(audience, mode),
      UpdateExpression: `${change} subscriptionIds :id`,
      ExpressionAttributeValues: { ':id': new Set([subscriptionId]) },
    }),
  );
}

export async function readAudienceSubscribers(
  db: DynamoDBDocumentClient,
  inboxTable: string,
  audience: string,
  mode: ElectionMode,
): Promise<string[]> {
  const found = await db.send(
    new GetCommand({ TableName: inboxTable, Key: keys.audience(audience, mode), ConsistentRead: true }),
  );
  const ids = found.Item?.subscriptionIds as Set<string> | undefined;
  return ids ? [...ids].sort() : [];
}

/** One line of the delivery log, and the subscriber's running totals. */
export async function recordAttempt(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
  attempt: DeliveryAttempt,
): Promise<void> {
  const expiresAt = Math.floor(Date.parse(attempt.at) / 1000) + ATTEMPT_DAYS * 86_400;
  const delivered = attempt.outcome === 'DELIVERED';
  await Promise.all([
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.attempt(subscriptionId, attempt.at, attempt.eventId, attempt.attempt),
          ...attempt,
          expiresAt,
        },
      }),
    ),
    db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.stats(subscriptionId),
        UpdateExpression: [
          'ADD attempts :one, delivered :delivered, failedAttempts :failed, deadLettered :dead',
          `SET lastAttemptAt = :at, lastStatus = :status${delivered ? ', lastSuccessAt = :at' : ', lastError = :error'}`,
        ].join(' '),
        ExpressionAttributeValues: {
          ':one': 1,
          ':delivered': delivered ? 1 : 0,
          ':failed': delivered ? 0 : 1,
          ':dead': attempt.outcome === 'DEAD_LETTERED' ? 1 : 0,
          ':at': attempt.at,
          ':status': attempt.status ?? 0,
          ...(delivered ? {} : { ':error': attempt.error ?? `HTTP ${attempt.status}` }),
        },
      }),
    ),
  ]);
}

export async function readDeliveryStats(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
): Promise<DeliveryStats> {
  const found = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.stats(subscriptionId), ConsistentRead: true }),
  );
  const s = found.Item ?? {};
  return {
    attempts: Number(s.attempts ?? 0),
    delivered: Number(s.delivered ?? 0),
    failedAttempts: Number(s.failedAttempts ?? 0),
    deadLettered: Number(s.deadLettered ?? 0),
    ...(s.lastAttemptAt ? { lastAttemptAt: String(s.lastAttemptAt) } : {}),
    ...(s.lastSuccessAt ? { lastSuccessAt: String(s.lastSuccessAt) } : {}),
    ...(s.lastError ? { lastError: String(s.lastError) } : {}),
    ...(s.lastStatus ? { lastStatus: Number(s.lastStatus) } : {}),
  };
}

/** A subscriber's totals and its most recent attempts, newest first. */
export async function readDeliveryLog(
  db: DynamoDBDocumentClient,
  tableName: string,
  subscriptionId: string,
  limit: number,
): Promise<{ stats: DeliveryStats; recent: DeliveryAttempt[] }> {
  const [stats, recent] = await Promise.all([
    readDeliveryStats(db, tableName, subscriptionId),
    db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
        ExpressionAttributeValues: { ':pk': `SUB#${subscriptionId}`, ':a': 'A#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  ]);
  return {
    stats,
    recent: (recent.Items ?? []).map(({ pk: _pk, sk: _sk, expiresAt: _e, ...a }) => a as DeliveryAttempt),
  };
}
