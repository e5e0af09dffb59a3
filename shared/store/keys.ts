import type { ContestId, ElectionId, PollingAreaId, ProvinceId } from '../model/ids.ts';

/**
 * The key layout of the two tables. A contest's partition holds its definition and every tally
 * version of its polling areas, so one query gives the aggregator all it needs to recompute it.
 */
export const keys = {
  electionMeta: (electionId: ElectionId) => ({ pk: `E#${electionId}`, sk: '#META' }),
  definitionChunk: (electionId: ElectionId, index: number) => ({
    pk: `E#${electionId}`,
    sk: `DEF#${String(index).padStart(4, '0')}`,
  }),
  contestPartition: (electionId: ElectionId, contestId: ContestId) => `E#${electionId}#C#${contestId}`,
  contestDefinition: (electionId: ElectionId, contestId: ContestId) => ({
    pk: keys.contestPartition(electionId, contestId),
    sk: '#DEF',
  }),
  pollingAreaDefinition: (electionId: ElectionId, pollingAreaId: PollingAreaId) => ({
    pk: `E#${electionId}#PA#${pollingAreaId}`,
    sk: '#DEF',
  }),
  tallyVersionPrefix: (pollingAreaId: PollingAreaId) => `PA#${pollingAreaId}#V#`,
  tallyVersion: (
    electionId: ElectionId,
    contestId: ContestId,
    pollingAreaId: PollingAreaId,
    version: number,
  ) => ({
    pk: keys.contestPartition(electionId, contestId),
    sk: `${keys.tallyVersionPrefix(pollingAreaId)}${String(version).padStart(6, '0')}`,
  }),
  /** Submissions are spread over a few partitions per election, so that none of them runs hot. */
  submissionPartition: (electionId: ElectionId, shard: number) => `E#${electionId}#S#${shard}`,
  submission: (electionId: ElectionId, submissionId: string) => ({
    pk: keys.submissionPartition(electionId, submissionShard(submissionId)),
    sk: `S#${submissionId}`,
  }),
  /** Turnout reports of one province in one reporting slot, so a slot sums with one query. */
  turnoutPartition: (electionId: ElectionId, provinceId: ProvinceId, slot: string) =>
    `E#${electionId}#T#${provinceId}#${slot}`,
  turnout: (
    electionId: ElectionId,
    provinceId: ProvinceId,
    slot: string,
    pollingAreaId: PollingAreaId,
    asOf: string,
    submissionId: string,
  ) => ({
    pk: keys.turnoutPartition(electionId, provinceId, slot),
    sk: `${keys.turnoutReadingPrefix(pollingAreaId)}${new Date(asOf).toISOString()}#${submissionId}`,
  }),
  /** A polling area's turnout readings in a slot, in the order of their asOf. */
  turnoutReadingPrefix: (pollingAreaId: PollingAreaId) => `${pollingAreaId}#`,
  incidentPartition: (electionId: ElectionId, provinceId: ProvinceId) => `E#${electionId}#I#${provinceId}`,
  incident: (electionId: ElectionId, provinceId: ProvinceId, occurredAt: string, submissionId: string) => ({
    pk: keys.incidentPartition(electionId, provinceId),
    sk: `I#${new Date(occurredAt).toISOString()}#${submissionId}`,
  }),
  unitResultPartition: (electionId: ElectionId, contestId: ContestId) => `E#${electionId}#U#${contestId}`,
  unitResult: (electionId: ElectionId, contestId: ContestId, receivedAt: string, submissionId: string) => ({
    pk: keys.unitResultPartition(electionId, contestId),
    sk: `U#${receivedAt}#${submissionId}`,
  }),
  /** A province's aggregates share a partition: its contests, its turnout slots and its summary. */
  provinceAggregates: (electionId: ElectionId, provinceId: ProvinceId) => `E#${electionId}#P#${provinceId}`,
  contestAggregate: (electionId: ElectionId, provinceId: ProvinceId, contestId: ContestId) => ({
    pk: keys.provinceAggregates(electionId, provinceId),
    sk: `C#${contestId}`,
  }),
  turnoutAggregate: (electionId: ElectionId, provinceId: ProvinceId, slot: string) => ({
    pk: keys.provinceAggregates(electionId, provinceId),
    sk: `T#${slot}`,
  }),
  provinceSummary: (electionId: ElectionId, provinceId: ProvinceId) => ({
    pk: keys.provinceAggregates(electionId, provinceId),
    sk: '#SUMMARY',
  }),
  /** Facts already published as events about provinces, regions and the nation: one small item per area. */
  // Stored under its first name, ANNOUNCED, so that items written before the rename are read.
  publishedFactsPartition: (electionId: ElectionId) => `E#${electionId}#ANNOUNCED`,
  publishedFacts: (electionId: ElectionId, area: string) => ({
    pk: keys.publishedFactsPartition(electionId),
    sk: area,
  }),
  electionsRegistry: (electionId: ElectionId) => ({ pk: 'ELECTIONS', sk: electionId }),
  electionSkeletons: (electionId: ElectionId) => ({ pk: `E#${electionId}`, sk: '#SKELETONS' }),
  credentialByToken: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: '#CRED' }),
  credentialById: (credentialId: string) => ({ pk: `CRED#${credentialId}`, sk: '#CRED' }),
} as const;

export const SUBMISSION_SHARDS = 16;

/** FNV-1a of the id, modulo the shard count: stable, and even enough for random ids. */
export function submissionShard(submissionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < submissionId.length; i++) {
    hash ^= submissionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SUBMISSION_SHARDS;
}
