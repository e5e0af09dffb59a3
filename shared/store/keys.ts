/**
 * The key layout of the two tables. A contest's partition holds its definition and every tally
 * version of its polling areas, so one query gives the aggregator all it needs to recompute it.
 */
export const keys = {
  electionMeta: (electionId: string) => ({ pk: `E#${electionId}`, sk: '#META' }),
  definitionChunk: (electionId: string, index: number) => ({
    pk: `E#${electionId}`,
    sk: `DEF#${String(index).padStart(4, '0')}`,
  }),
  contestPartition: (electionId: string, contestId: string) => `E#${electionId}#C#${contestId}`,
  contestDefinition: (electionId: string, contestId: string) => ({
    pk: keys.contestPartition(electionId, contestId),
    sk: '#DEF',
  }),
  pollingAreaDefinition: (electionId: string, pollingAreaId: string) => ({
    pk: `E#${electionId}#PA#${pollingAreaId}`,
    sk: '#DEF',
  }),
  tallyVersionPrefix: (pollingAreaId: string) => `PA#${pollingAreaId}#V#`,
  tallyVersion: (electionId: string, contestId: string, pollingAreaId: string, version: number) => ({
    pk: keys.contestPartition(electionId, contestId),
    sk: `${keys.tallyVersionPrefix(pollingAreaId)}${String(version).padStart(6, '0')}`,
  }),
  submission: (electionId: string, submissionId: string) => ({
    pk: `E#${electionId}#S#${submissionId}`,
    sk: '#SUB',
  }),
  contestAggregate: (electionId: string, contestId: string) => ({
    pk: `E#${electionId}`,
    sk: `CONTEST#${contestId}`,
  }),
  credentialByToken: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: '#CRED' }),
} as const;
