import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { consistencyProof, inclusionProof } from '../log/merkle.ts';
import { tiledHashes, tilesNeeded } from '../log/tiles.ts';
import type { ElectionId } from '../model/ids.ts';
import { err, ok, type Refusal, type Result, refusedFor } from '../model/result.ts';
import { type LogHead, readLeafOf, readLeaves, readLogHead, readTile } from '../store/log.ts';

export interface LogStore {
  readonly db: DynamoDBDocumentClient;
  readonly logTable: string;
}

const b64 = (hashes: readonly Buffer[]) => hashes.map((h) => h.toString('base64'));

export async function logHead(store: LogStore, electionId: ElectionId): Promise<Result<LogHead>> {
  const head = await readLogHead(store.db, store.logTable, electionId);
  return head
    ? ok(head)
    : err(refusedFor('NOT_FOUND', 'LOG_EMPTY', `Nothing of "${electionId}" is logged yet.`));
}

/** The tree of a size the head has reached, with the tiles a proof about these positions reads. */
async function treeFor(store: LogStore, head: LogHead, ...positions: number[]) {
  const tiles = new Map<number, Buffer[]>();
  for (const t of tilesNeeded(head, ...positions))
    tiles.set(t, await readTile(store.db, store.logTable, head.electionId, t));
  return tiledHashes({ tileRoots: head.tileRoots, partial: head.partial, tiles });
}

function sizeRefusal(what: string, value: number, head: LogHead): Refusal | undefined {
  return Number.isInteger(value) && value >= 0 && value <= head.size
    ? undefined
    : refusedFor(
        'MALFORMED',
        'INVALID_TREE_SIZE',
        `${what} must be a whole number up to ${head.size}, the log's size.`,
      );
}

/** The inclusion proof of a report's leaf (RFC 9162 §2.1.3) in the tree of `treeSize` (the latest by default). */
export async function reportInclusion(
  store: LogStore,
  electionId: ElectionId,
  submissionId: string,
  treeSize?: number,
): Promise<Result<{ leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] }>> {
  const found = await logHead(store, electionId);
  if (!found.ok) return found;
  const head = found.value;
  const size = treeSize ?? head.size;
  const refused = sizeRefusal('treeSize', size, head);
  if (refused) return err(refused);
  const leaf = await readLeafOf(store.db, store.logTable, electionId, `REPORT#${submissionId}`);
  if (!leaf || leaf.index >= size)
    return err(
      refusedFor(
        'NOT_FOUND',
        'NOT_YET_LOGGED',
        `Report "${submissionId}" is in no checkpoint of size ${size} yet.`,
      ),
    );
  const hashes = await treeFor(store, head, leaf.index, size - 1);
  return ok({
    leafIndex: leaf.index,
    treeSize: size,
    leafHash: leaf.leafHash.toString('base64'),
    auditPath: b64(inclusionProof(hashes, leaf.index, size)),
  });
}

/** The consistency proof between two sizes of the log (RFC 9162 §2.1.4). */
export async function logConsistency(
  store: LogStore,
  electionId: ElectionId,
  first: number,
  second: number,
): Promise<Result<{ first: number; second: number; proof: string[] }>> {
  const found = await logHead(store, electionId);
  if (!found.ok) return found;
  const head = found.value;
  const refused = sizeRefusal('first', first, head) ?? sizeRefusal('second', second, head);
  if (refused) return err(refused);
  if (first > second)
    return err(refusedFor('MALFORMED', 'INVALID_TREE_SIZE', 'first must not be greater than second.'));
  const hashes = await treeFor(store, head, first - 1, first, second - 1);
  return ok({ first, second, proof: b64(consistencyProof(hashes, first, second)) });
}

/** Leaves [start, end) as their bytes in base64, at most MAX_ENTRIES. */
export const MAX_ENTRIES = 1000;
export async function logEntries(
  store: LogStore,
  electionId: ElectionId,
  start: number,
  requestedEnd?: number,
): Promise<Result<{ entries: { index: number; leaf: string }[] }>> {
  const found = await logHead(store, electionId);
  if (!found.ok) return found;
  const head = found.value;
  const end = requestedEnd ?? Math.min(head.size, start + MAX_ENTRIES);
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= head.size))
    return err(
      refusedFor('MALFORMED', 'INVALID_RANGE', `start and end must satisfy 0 ≤ start ≤ end ≤ ${head.size}.`),
    );
  if (end - start > MAX_ENTRIES)
    return err(refusedFor('MALFORMED', 'INVALID_RANGE', `At most ${MAX_ENTRIES} entries per request.`));
  if (start === end) return ok({ entries: [] });
  const leaves = await readLeaves(store.db, store.logTable, electionId, start, end);
  return ok({ entries: leaves.map((l) => ({ index: l.index, leaf: l.leaf.toString('base64') })) });
}
