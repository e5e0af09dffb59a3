import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep } from '../concurrency/sleep.ts';
import { checkpointBody, formatCheckpoint, type LogSigner, logOrigin } from '../log/checkpoint.ts';
import { EMPTY_ROOT, leafHash } from '../log/merkle.ts';
import { appendLeaves, tiledHashes } from '../log/tiles.ts';
import type { ElectionId } from '../model/ids.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import {
  appendToLog,
  type LogLeaf,
  MAX_LEAVES_PER_APPEND,
  readLoggedIdentities,
  readLogHead,
} from '../store/log.ts';

/** One leaf to append: which election's log, what it records (to find it again), its bytes. */
export interface LeafMessage {
  readonly electionId: ElectionId;
  readonly mode: ElectionMode;
  readonly identity: string;
  readonly leaf: Buffer;
}

/** Appends tried against a head that keeps moving before the leaves go back to the queue. */
const APPEND_ATTEMPTS = 6;

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
): Promise<{ retry: Set<string>; appended: number; signatures: number }> {
  const byElection = new Map<string, LeafMessage[]>();
  for (const m of messages) byElection.set(m.electionId, [...(byElection.get(m.electionId) ?? []), m]);
  const retry = new Set<string>();
  let appended = 0;
  // Each signature is a KMS request, priced per request: the bench counts them.
  const signed = { count: 0 };
  for (const [electionId, leaves] of byElection) {
    const unique = [...new Map(leaves.map((l) => [l.identity, l])).values()];
    // One transaction carries at most MAX_LEAVES_PER_APPEND leaves: a larger batch is several appends.
    for (let start = 0; start < unique.length; start += MAX_LEAVES_PER_APPEND) {
      const chunk = unique.slice(start, start + MAX_LEAVES_PER_APPEND);
      // Another sequencer of the election moved the head: read it again and append after it, a few
      // times, rather than send the leaves back to wait out the queue's visibility timeout.
      let outcome = await appendLeavesOnce(deps, electionId, chunk, signed);
      for (let attempt = 1; outcome === 'MOVED' && attempt < APPEND_ATTEMPTS; attempt++) {
        await sleep(20 + Math.random() * 80 * attempt);
        outcome = await appendLeavesOnce(deps, electionId, chunk, signed);
      }
      if (outcome === 'MOVED') {
        retry.add(electionId);
        break;
      }
      appended += outcome;
    }
  }
  return { retry, appended, signatures: signed.count };
}

/** One append: the leaves not yet logged, after the head as read; 'MOVED' if the head moved meanwhile. */
async function appendLeavesOnce(
  deps: SequencerDeps,
  electionId: ElectionId,
  leaves: readonly LeafMessage[],
  signed: { count: number },
): Promise<number | 'MOVED'> {
  const head = await readLogHead(deps.db, deps.logTable, electionId);
  const size = head?.size ?? 0;
  const logged = await readLoggedIdentities(
    deps.db,
    deps.logTable,
    electionId,
    leaves.map((l) => l.identity),
    size,
  );
  const fresh = leaves.filter((l) => !logged.has(l.identity));
  if (fresh.length === 0 && head) return 0;
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
  signed.count += 1;
  const committed = await appendToLog(deps.db, deps.logTable, electionId, size, newLeaves, tree.filled, {
    size: newSize,
    tileRoots: tree.tileRoots,
    partial: tree.partial,
    checkpoint: formatCheckpoint(treeHead, signer, signature),
    keyName: signer.keyName,
    publicKey: signer.publicKey,
  });
  return committed ? newLeaves.length : 'MOVED';
}
