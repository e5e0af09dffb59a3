import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { sleep } from '../concurrency/sleep.ts';
import type { ElectionEvent } from '../events/envelope.ts';
import { getAll, putAll } from '../store/batch.ts';

/**
 * Each audience's inbox of one election is a gapless sequence: entry n exists only if entries 1…n−1
 * do. A batch of events is appended in one transaction that advances the head from n to n+k only
 * if it still is n, writes entries n+1…n+k and claims each event id once, so concurrent writers
 * never leave a hole or write an event twice.
 */
export interface InboxEntry {
  readonly seq: number;
  readonly event: ElectionEvent;
}

const SEQ_DIGITS = 12;
/** A transaction holds at most 100 items: the head and two per event. */
export const MAX_APPEND = 49;
const MAX_TRIES = 50;

export const inboxKeys = {
  partition: (electionId: string, audience: string) => `INBOX#${electionId}#${audience}`,
  head: 'HEAD',
  entry: (seq: number) => `S#${String(seq).padStart(SEQ_DIGITS, '0')}`,
  claim: (eventId: string) => `EV#${eventId}`,
};

/**
 * Appends the events not yet in the inbox, in order, and answers which were added (with their
 * sequence numbers) and which were already there.
 */
export async function appendToInbox(
  db: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  audience: string,
  events: readonly ElectionEvent[],
): Promise<{ added: InboxEntry[]; already: ElectionEvent[] }> {
  const pk = inboxKeys.partition(electionId, audience);
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
  if (unique.length > MAX_APPEND) throw new Error(`At most ${MAX_APPEND} events are appended at once`);
  let pending = unique;
  const already: ElectionEvent[] = [];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_TRIES) throw new Error(`Inbox ${audience} stayed contended for ${MAX_TRIES} tries`);
    const head = await readHead(db, tableName, pk);
    const at = Date.now();
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: { pk, sk: inboxKeys.head },
                UpdateExpression: 'SET seq = :next',
                ConditionExpression: head === 0 ? 'attribute_not_exists(seq)' : 'seq = :seq',
                ExpressionAttributeValues: {
                  ':next': head + pending.length,
                  ...(head === 0 ? {} : { ':seq': head }),
                },
              },
            },
            ...pending.flatMap((event, i) => [
              {
                Put: {
                  TableName: tableName,
                  Item: { pk, sk: inboxKeys.claim(event.eventId), seq: head + i + 1 },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    pk,
                    sk: inboxKeys.entry(head + i + 1),
                    seq: head + i + 1,
                    eventId: event.eventId,
                    addedAt: at,
                    // Compressed, a typical event fits in one write unit instead of two.
                    eventZ: deflateRawSync(JSON.stringify(event)),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]),
          ],
        }),
      );
      return { added: pending.map((event, i) => ({ seq: head + i + 1, event })), already };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      // Events another writer already appended leave the batch; a moved head is simply read again.
      const claimed = new Set(
        pending
          .filter((_, i) => reasons[1 + 2 * i] === 'ConditionalCheckFailed')
          .map((event) => event.eventId),
      );
      const present =
        claimed.size > 0 || reasons.length > 0 ? claimed : await claimedAmong(db, tableName, pk, pending);
      if (present.size === 0) {
        // The head moved, or a conflicting transaction was in flight: read the head again after a moment.
        await sleep(Math.random() * Math.min(100, 5 * 2 ** attempt));
        continue;
      }
      already.push(...pending.filter((e) => present.has(e.eventId)));
      pending = pending.filter((e) => !present.has(e.eventId));
    }
  }
  return { added: [], already };
}

async function readHead(db: DynamoDBDocumentClient, tableName: string, pk: string): Promise<number> {
  const found = await db.send(
    new GetCommand({ TableName: tableName, Key: { pk, sk: inboxKeys.head }, ConsistentRead: true }),
  );
  return Number(found.Item?.seq ?? 0);
}

/** Which of these events hold a claim already (when DynamoDB did not say which condition failed). */
async function claimedAmong(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  events: readonly ElectionEvent[],
): Promise<Set<string>> {
  const claims = await readClaims(db, tableName, pk, events);
  return new Set(claims.keys());
}

/** The claims of these events that exist: event id → whether its webhooks were handed on. */
export async function readClaims(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  events: readonly ElectionEvent[],
): Promise<Map<string, { seq: number; fannedOut: boolean }>> {
  const items = await getAll(
    db,
    tableName,
    events.map((e) => ({ pk, sk: inboxKeys.claim(e.eventId) })),
    true,
  );
  const found = new Map<string, { seq: number; fannedOut: boolean }>();
  for (const item of items)
    found.set(String(item.sk).slice('EV#'.length), {
      seq: Number(item.seq),
      fannedOut: item.fannedOut === true,
    });
  return found;
}

/** Records that these entries' webhook deliveries were queued, so a retried batch does not queue them again. */
export async function markFannedOut(
  db: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  entries: readonly { seq: number; eventId: string }[],
): Promise<void> {
  await putAll(
    db,
    tableName,
    entries.map((e) => ({ pk, sk: inboxKeys.claim(e.eventId), seq: e.seq, fannedOut: true })),
  );
}

/**
 * The entries after a sequence number, in order, stopping at the first one not yet visible: a
 * reader may never step over an entry that a moment later appears behind it.
 */
export async function readInbox(
  db: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  audience: string,
  after: number,
  limit: number,
): Promise<InboxEntry[]> {
  const answer = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': inboxKeys.partition(electionId, audience),
        ':from': inboxKeys.entry(after + 1),
        ':to': inboxKeys.entry(10 ** SEQ_DIGITS - 1),
      },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  const entries: InboxEntry[] = [];
  let expected = after + 1;
  for (const item of answer.Items ?? []) {
    if (Number(item.seq) !== expected) break;
    const event = inflateRawSync(item.eventZ as Uint8Array).toString('utf8');
    entries.push({ seq: expected, event: JSON.parse(event) as ElectionEvent });
    expected++;
  }
  return entries;
}

/** Every entry visible now, in order, a page at a time (operators' and benchmarks' reading). */
export async function* inboxEntries(
  db: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  audience: string,
): AsyncGenerator<InboxEntry> {
  for (let after = 0; ; ) {
    const page = await readInbox(db, tableName, electionId, audience, after, 500);
    if (page.length === 0) return;
    yield* page;
    after = page.at(-1)?.seq ?? after;
  }
}

/** Cursors are opaque to clients: "after entry n" of one election's audience. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:(\d{1,12})$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (reasons) return reasons.map((r) => r.Code);
  // Without reasons, only the message says which conditions failed: "[None, ConditionalCheckFailed, …]".
  const listed = /\[(.*)\]/.exec(error.message)?.[1];
  return listed ? listed.split(',').map((s) => s.trim()) : [];
}
