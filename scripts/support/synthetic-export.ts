import { checkpointBody, formatCheckpoint, type LogSigner, logOrigin } from '../../shared/log/checkpoint.ts';
import { definitionLeaf, leafBytes, reportLeaf } from '../../shared/log/leaf.ts';
import { leafHash, TreeBuilder } from '../../shared/log/merkle.ts';
import type { ElectionExport } from '../../shared/log/verify.ts';
import type { ElectionDefinition } from '../../shared/model/election.ts';
import { placeStoredElection } from '../../shared/model/election-index.ts';
import { recomputeContest } from '../../shared/tabulation/recompute.ts';

/** A tally as sent, for a synthetic log. */
export interface SentTally {
  readonly type: 'tally';
  readonly submissionId: string;
  readonly pollingAreaId: string;
  readonly contestId: string;
  readonly version: number;
  readonly [figure: string]: unknown;
}

/**
 * An export as the system would write it for these tallies, without a cloud: the definition's leaf
 * and one leaf per tally, checkpoints signed at the given sizes (and at the end), and each
 * contest's result recounted — for the verifier's tests and its benchmark at any scale.
 */
export async function syntheticExport(
  def: ElectionDefinition,
  tallies: readonly SentTally[],
  signer: LogSigner,
  checkpointAt: (size: number, total: number) => boolean,
): Promise<ElectionExport> {
  const leaves: Buffer[] = [leafBytes(definitionLeaf(def.id, def.mode, 'h', '2026-03-15T00:00:00Z').record)];
  for (const t of tallies)
    leaves.push(
      leafBytes(
        reportLeaf(def.id, def.mode, { ...t, submittedBy: 'cred-1', receivedAt: '2026-03-15T13:00:00.000Z' })
          .record,
      ),
    );
  const tree = new TreeBuilder();
  const checkpoints: string[] = [];
  for (const leaf of leaves) {
    tree.append(leafHash(leaf));
    if (!checkpointAt(tree.size, leaves.length) && tree.size !== leaves.length) continue;
    const head = { origin: logOrigin(def.id, def.mode), size: tree.size, rootHash: tree.root() };
    checkpoints.push(formatCheckpoint(head, signer, await signer.sign(Buffer.from(checkpointBody(head)))));
  }
  const byContest = new Map<string, SentTally[]>();
  for (const t of tallies) byContest.set(t.contestId, [...(byContest.get(t.contestId) ?? []), t]);
  const { contests } = placeStoredElection(def);
  const results = [...contests.values()].map((p) =>
    recomputeContest(p, (byContest.get(p.contest.id) ?? []) as never[]),
  );
  return {
    format: 'vn-election-night-export/1',
    electionId: def.id,
    mode: def.mode,
    definition: def,
    key: {
      keyName: signer.keyName,
      algorithm: signer.algorithm,
      publicKey: signer.publicKey.toString('base64'),
    },
    checkpoints,
    leaves: leaves.map((l) => l.toString('base64')),
    results: results as unknown as Record<string, unknown>[],
  };
}
