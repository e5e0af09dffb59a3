import { canonicalJson } from '../model/canonical.ts';
import type { ElectionDefinition } from '../model/election.ts';
import { placeStoredElection } from '../model/election-index.ts';
import { recomputeContest } from '../tabulation/recompute.ts';
import { type LogKey, logOrigin, parseCheckpoint, verifyCheckpoint } from './checkpoint.ts';
import { leafHash, TreeBuilder } from './merkle.ts';

/** What `npm run export` and GET …/export write: everything needed to check the night alone. */
export interface ElectionExport {
  readonly format: 'vn-election-night-export/1';
  readonly electionId: string;
  readonly mode: ElectionDefinition['mode'];
  readonly definition: ElectionDefinition;
  /** The log's public key: keyName, algorithm, SubjectPublicKeyInfo DER in base64. */
  readonly key: { keyName: string; algorithm: string; publicKey: string };
  /** Every signed checkpoint, oldest first, as served. */
  readonly checkpoints: readonly string[];
  /** Every leaf of the log in order, base64 of its bytes. */
  readonly leaves: readonly string[];
  /** The published result of each contest. */
  readonly results: readonly Record<string, unknown>[];
}

/**
 * Checks an export with nothing but itself: each checkpoint signed by the key and naming this
 * election and mode, each one's root the tree of that many of the exported leaves (so each extends
 * the one before, and no leaf is missing, changed or moved), the last covering every leaf, and the
 * logged tallies recounting to exactly the published results. Answers the first thing that does not
 * hold, or undefined.
 */
export function verifyExport(
  data: ElectionExport,
  expectedMode?: ElectionDefinition['mode'],
): string | undefined {
  if (data.format !== 'vn-election-night-export/1')
    return `not an export of this system: format ${String(data.format)}`;
  if (expectedMode && data.mode !== expectedMode)
    return `the export is of a ${data.mode} election, not ${expectedMode}: a TEST night never passes for LIVE`;
  if (data.definition.id !== data.electionId || data.definition.mode !== data.mode)
    return 'the definition is not of the election and mode the export names';
  const key: LogKey = {
    keyName: data.key.keyName,
    algorithm: 'ECDSA_P256_SHA256',
    publicKey: Buffer.from(data.key.publicKey, 'base64'),
  };
  const leaves = data.leaves.map((l) => Buffer.from(l, 'base64'));
  const origin = logOrigin(data.electionId, data.mode);
  const tree = new TreeBuilder();
  let previous = 0;
  for (const [i, text] of data.checkpoints.entries()) {
    const signed = verifyCheckpoint(text, key);
    if (!signed)
      return `checkpoint ${i} (${parseCheckpoint(text)?.size ?? '?'} leaves): the signature does not verify with the published key`;
    if (signed.origin !== origin) return `checkpoint ${i}: its origin is ${signed.origin}, not ${origin}`;
    if (signed.size < previous)
      return `checkpoint ${i}: its size ${signed.size} is smaller than the one before (${previous})`;
    if (signed.size > leaves.length)
      return `checkpoint ${i}: it covers ${signed.size} leaves, the export holds ${leaves.length}`;
    while (tree.size < signed.size) tree.append(leafHash(leaves[tree.size] as Buffer));
    if (!tree.root().equals(signed.rootHash))
      return `checkpoint ${i} (${signed.size} leaves): its root is not the tree of the exported leaves — ${
        previous > 0
          ? `the first ${previous} held at the checkpoint before, so leaves ${previous}–${signed.size - 1}`
          : 'a leaf'
      } were changed, removed or moved`;
    previous = signed.size;
  }
  if (previous !== leaves.length)
    return `the last checkpoint covers ${previous} leaves, the export holds ${leaves.length}: the rest are in no signed tree`;
  return recountDifference(data, leaves);
}

interface LoggedTally {
  readonly pollingAreaId: string;
  readonly contestId: string;
  readonly version: number;
  readonly [figure: string]: unknown;
}

/** The logged tallies recounted per contest, against the published results. */
function recountDifference(data: ElectionExport, leaves: readonly Buffer[]): string | undefined {
  const tallies = new Map<string, LoggedTally[]>();
  for (const [index, bytes] of leaves.entries()) {
    let record: { kind?: string; electionId?: string; mode?: string; report?: Record<string, unknown> };
    try {
      record = JSON.parse(bytes.toString('utf8'));
    } catch {
      return `leaf ${index} is not JSON`;
    }
    if (record.electionId !== data.electionId || record.mode !== data.mode)
      return `leaf ${index} belongs to ${record.electionId}/${record.mode}, not ${data.electionId}/${data.mode}`;
    if (bytes.toString('utf8') !== canonicalJson(record)) return `leaf ${index} is not canonical JSON`;
    if (record.kind !== 'REPORT' || record.report?.type !== 'tally') continue;
    const tally = record.report as unknown as LoggedTally;
    tallies.set(tally.contestId, [...(tallies.get(tally.contestId) ?? []), tally]);
  }
  const { contests } = placeStoredElection(data.definition);
  const published = new Map(data.results.map((r) => [String(r.contestId), r]));
  for (const [contestId, placed] of contests) {
    const recounted = recomputeContest(placed, (tallies.get(contestId) ?? []) as never[]);
    const result = published.get(contestId);
    if (!result) return `contest ${contestId}: no published result in the export`;
    for (const field of [
      'status',
      'validBallots',
      'invalidBallots',
      'votersVoted',
      'registeredVoters',
    ] as const) {
      if (result[field] !== recounted[field])
        return `contest ${contestId}: published ${field} ${String(result[field])}, the log recounts ${String(recounted[field])}`;
    }
    const votes = new Map(
      ((result.candidates as { candidateId: string; votes: number }[] | undefined) ?? []).map((c) => [
        c.candidateId,
        c.votes,
      ]),
    );
    for (const candidate of recounted.candidates) {
      if (votes.get(candidate.candidateId) !== candidate.votes)
        return `contest ${contestId}: published ${votes.get(candidate.candidateId)} votes for ${candidate.candidateId}, the log recounts ${candidate.votes}`;
    }
    if (canonicalJson(result.outcome) !== canonicalJson(recounted.outcome))
      return `contest ${contestId}: the published outcome ${canonicalJson(result.outcome)} is not the log's ${canonicalJson(recounted.outcome)}`;
  }
  return undefined;
}
