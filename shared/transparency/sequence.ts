import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { checkpointBody, formatCheckpoint, type LogSigner, logOrigin } from '../log/checkpoint.ts';
import { EMPTY_ROOT, leafHash } from '../log/merkle.ts';
import { appendLeaves, tiledHashes } from '../log/tiles.ts';
import type { ElectionId } from '../model/ids.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import { appendToLog, type LogLeaf, readLoggedIdentities, readLogHead } from '../store/log.ts';

/** One leaf to append: which election's log, what it records (to find it again), its bytes. */
export interface LeafMessage {
  readonly electionId: ElectionId;
  readonly mode: ElectionMode;
  readonly identity: string;
  readonly leaf: Buffer;
}

export interface SequencerDeps {
  readonly db: DynamoDBDocumentClient;
  readonly logTable: string;
  readonly signer: () => Promise<LogSigner>;
}

/**
 * Appends a batch of leaves to their elections' logs, each leaf once however often it is sent,
 * in one write of the head per election and batch, and signs the new tree head. Answers the
 * elections whose head another sequencer moved meanwhile: their leaves come again.
 */
export async function sequenceBatch(
  deps: SequencerDeps,
  messages: readonly LeafMessage[],
): Promise<{ retry: Set<string>; appended: number }> {
  const byElection = new Map<string, LeafMessage[]>();
  for (const m of messages) byElection.set(m.electionId, [...(byElection.get(m.electionId) ?? []), m]);
  const retry = new Set<string>();
  let appended = 0;
  for (const [electionId, leaves] of byElection) {
    const head = await readLogHead(deps.db, deps.logTable, electionId);
    const size = head?.size ?? 0;
    const unique = new Map(leaves.map((l) => [l.identity, l]));
    const logged = await readLoggedIdentities(deps.db, deps.logTable, electionId, [...unique.keys()], size);
    const fresh = [...unique.values()].filter((l) => !logged.has(l.identity));
    if (fresh.length === 0 && head) continue;
    const newLeaves: LogLeaf[] = fresh.map((l, i) => ({
      index: size + i,
      leaf: l.leaf,
      leafHash: leafHash(l.leaf),
      identity: l.identity,
    }));
    const tree = appendLeaves(
      { tileRoots: head?.tileRoots ?? [], partial: head?.partial ?? [] },
      newLeaves.map((l) => l.leafHash),
    );
    const newSize = size + newLeaves.length;
    const rootHash = newSize === 0 ? EMPTY_ROOT : tiledHashes(tree)(0, newSize);
    const signer = await deps.signer();
    const treeHead = { origin: logOrigin(electionId, leaves[0]?.mode ?? 'LIVE'), size: newSize, rootHash };
    const signature = await signer.sign(Buffer.from(checkpointBody(treeHead)));
    const checkpoint = formatCheckpoint(treeHead, signer, signature);
    const moved = !(await appendToLog(deps.db, deps.logTable, electionId, size, newLeaves, tree.filled, {
      size: newSize,
      tileRoots: tree.tileRoots,
      partial: tree.partial,
      checkpoint,
      keyName: signer.keyName,
      publicKey: signer.publicKey,
    }));
    if (moved) retry.add(electionId);
    else appended += newLeaves.length;
  }
  return { retry, appended };
}
