import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ElectionId } from '../model/ids.ts';
import { getAll } from './batch.ts';
import { queryAll } from './query.ts';

/**
 * An election's transparency log in its own table. Leaves, tiles, checkpoints and the head are
 * written together in one transaction conditional on the head, so the log only ever grows by whole
 * appends. Leaf hashes are kept in tiles
 * (shared/log/tiles.ts); a full tile keeps its subtree's root, so a proof reads a few items.
 */
const HASH = 32;

export interface LogHead {
  readonly electionId: ElectionId;
  readonly size: number;
  /** Roots of the full tiles, in order. */
  readonly tileRoots: Buffer[];
  /** Leaf hashes of the last tile, not yet full. */
  readonly partial: Buffer[];
  /** The latest signed checkpoint, as served. */
  readonly checkpoint: string;
  /** The public key that signed it, SubjectPublicKeyInfo DER, and its name. */
  readonly keyName: string;
  readonly publicKey: Buffer;
}

export interface LogLeaf {
  readonly index: number;
  readonly leaf: Buffer;
  readonly leafHash: Buffer;
  /** What the leaf records, to find it again (a submissionId, a credential, a definition). */
  readonly identity: string;
}

const pk = (electionId: string) => `L#${electionId}`;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const split = (joined: Uint8Array | undefined): Buffer[] => {
  const bytes = Buffer.from(joined ?? new Uint8Array());
  return Array.from({ length: bytes.length / HASH }, (_, i) => bytes.subarray(i * HASH, (i + 1) * HASH));
};

export async function readLogHead(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
): Promise<LogHead | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: { pk: pk(electionId), sk: 'HEAD' }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    electionId,
    size: Number(Item.size),
    tileRoots: split(Item.tileRoots),
    partial: split(Item.partial),
    checkpoint: String(Item.checkpoint),
    keyName: String(Item.keyName),
    publicKey: Buffer.from(Item.publicKey as Uint8Array),
  };
}

/** Of these identities, those already in the log (at an index below its size), with their index. */
export async function readLoggedIdentities(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  identities: readonly string[],
  size: number,
): Promise<Map<string, number>> {
  const items = await getAll(
    db,
    table,
    identities.map((id) => ({ pk: pk(electionId), sk: `K#${id}` })),
    true,
  );
  const found = new Map<string, number>();
  for (const item of items) {
    const index = Number(item.index);
    if (index < size) found.set(String(item.sk).slice(2), index);
  }
  return found;
}

/** The index and hash of the leaf an identity was logged as, once it is in the log of this size. */
export async function readLeafOf(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  identity: string,
): Promise<{ index: number; leafHash: Buffer } | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: table,
      Key: { pk: pk(electionId), sk: `K#${identity}` },
      ConsistentRead: true,
    }),
  );
  return Item ? { index: Number(Item.index), leafHash: Buffer.from(Item.leafHash as Uint8Array) } : undefined;
}

/** Leaves one append may carry: two items each, with a tile, the checkpoint and the head, in one transaction. */
export const MAX_LEAVES_PER_APPEND = 45;

/**
 * Appends leaves after the head (of `previousSize`) in one transaction: their entries and
 * identities, the tiles they fill, the checkpoint and the new head — only if no other sequencer
 * moved the head meanwhile. Answers false when one did: then nothing was written, and the batch
 * comes again. Nothing is ever written at a position another append already committed.
 */
export async function appendToLog(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  previousSize: number,
  leaves: readonly LogLeaf[],
  fullTiles: readonly { index: number; hashes: Buffer[]; root: Buffer }[],
  head: Omit<LogHead, 'electionId'>,
): Promise<boolean> {
  if (leaves.length > MAX_LEAVES_PER_APPEND)
    throw new RangeError(`at most ${MAX_LEAVES_PER_APPEND} leaves per append, not ${leaves.length}`);
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: table, Item } });
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...leaves.flatMap((l) => [
            put({
              pk: pk(electionId),
              sk: `E#${pad(l.index, 10)}`,
              leaf: l.leaf,
              leafHash: l.leafHash,
              identity: l.identity,
            }),
            put({ pk: pk(electionId), sk: `K#${l.identity}`, index: l.index, leafHash: l.leafHash }),
          ]),
          ...fullTiles.map((t) =>
            put({
              pk: pk(electionId),
              sk: `T#${pad(t.index, 8)}`,
              hashes: Buffer.concat(t.hashes),
              root: t.root,
            }),
          ),
          put({ pk: pk(electionId), sk: `C#${pad(head.size, 10)}`, checkpoint: head.checkpoint }),
          {
            Put: {
              TableName: table,
              Item: {
                pk: pk(electionId),
                sk: 'HEAD',
                size: head.size,
                tileRoots: Buffer.concat(head.tileRoots),
                partial: Buffer.concat(head.partial),
                checkpoint: head.checkpoint,
                keyName: head.keyName,
                publicKey: head.publicKey,
              },
              ...(previousSize === 0
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : {
                    ConditionExpression: '#size = :previous',
                    ExpressionAttributeNames: { '#size': 'size' },
                    ExpressionAttributeValues: { ':previous': previousSize },
                  }),
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}

/** The leaf hashes of one full tile. */
export async function readTile(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  index: number,
): Promise<Buffer[]> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: { pk: pk(electionId), sk: `T#${pad(index, 8)}` } }),
  );
  if (!Item) throw new Error(`tile ${index} of ${electionId} is missing`);
  return split(Item.hashes as Uint8Array);
}

/** The items of one election's log between two sort keys, in order. */
function logRange(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  from: string,
  to: string,
) {
  return queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk(electionId), ':from': from, ':to': to },
  });
}

/** Leaves [start, end) of the log, in order. */
export async function readLeaves(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  start: number,
  end: number,
): Promise<LogLeaf[]> {
  const leaves: LogLeaf[] = [];
  for await (const item of logRange(db, table, electionId, `E#${pad(start, 10)}`, `E#${pad(end - 1, 10)}`))
    leaves.push({
      index: Number(String(item.sk).slice(2)),
      leaf: Buffer.from(item.leaf as Uint8Array),
      leafHash: Buffer.from(item.leafHash as Uint8Array),
      identity: String(item.identity),
    });
  return leaves;
}

/** Every signed checkpoint up to the head's size, oldest first. */
export async function readCheckpoints(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  upTo: number,
): Promise<string[]> {
  const notes: string[] = [];
  for await (const item of logRange(db, table, electionId, 'C#', `C#${pad(upTo, 10)}`))
    notes.push(String(item.checkpoint));
  return notes;
}
