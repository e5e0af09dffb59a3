import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inParallel } from '../concurrency/in-parallel.ts';
import { sleep } from '../concurrency/sleep.ts';

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** Batches in flight at once: enough to load a whole country in a minute, few enough not to throttle. */
const CONCURRENCY = 8;

/** Writes requests 25 at a time, a few batches at once, retrying what DynamoDB leaves unprocessed. */
async function writeAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_SIZE)
    batches.push(requests.slice(start, start + BATCH_SIZE));
  await inParallel(batches, CONCURRENCY, (batch) => writeBatch(client, tableName, batch));
}

async function writeBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  batch: WriteRequest[],
): Promise<void> {
  let pending = batch;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_ATTEMPTS) throw new Error(`BatchWrite left ${pending.length} requests unprocessed`);
    const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (answer.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    if (pending.length > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
  }
}

export function putAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
) {
  return writeAll(
    client,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

export function deleteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
) {
  return writeAll(
    client,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );
}

/**
 * The items of these keys that exist, 100 keys a request, retrying what DynamoDB leaves
 * unprocessed; `consistent` for reads that must see the latest writes.
 */
export async function getAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending = keys.slice(start, start + 100);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`BatchGet left ${pending.length} keys unprocessed`);
      const answer = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      items.push(...(answer.Responses?.[tableName] ?? []));
      pending = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (pending.length > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    }
  }
  return items;
}
