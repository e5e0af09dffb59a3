import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { contestsByProvince, type PlacedContest, placeStoredElection } from '../model/election-index.ts';
import { type ElectionMeta, readElectionDefinition, readElectionMeta } from '../store/elections.ts';

/** What the aggregator needs of an election's definition, placed once. */
export interface CountedElection {
  readonly meta: ElectionMeta;
  readonly contests: Map<string, PlacedContest>;
  readonly contestsByProvince: Map<string, PlacedContest[]>;
  /** Voters on the list of each province. */
  readonly listByProvince: Map<string, number>;
}

/** Definitions do not change once counting starts; each execution environment reads one once. */
const elections = new Map<string, Promise<CountedElection | undefined>>();

/** The election, read once per environment; one not found (or a failed read) is asked again next time. */
export function countedElection(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: string,
): Promise<CountedElection | undefined> {
  let found = elections.get(electionId);
  if (!found) {
    found = readCountedElection(db, reportsTable, electionId);
    elections.set(electionId, found);
    found.then((e) => !e && elections.delete(electionId)).catch(() => elections.delete(electionId));
  }
  return found;
}

async function readCountedElection(
  db: DynamoDBDocumentClient,
  reportsTable: string,
  electionId: string,
): Promise<CountedElection | undefined> {
  const [meta, def] = await Promise.all([
    readElectionMeta(db, reportsTable, electionId),
    readElectionDefinition(db, reportsTable, electionId),
  ]);
  if (!meta || !def) return undefined;
  const { contests, pollingAreas } = placeStoredElection(def);
  const listByProvince = new Map<string, number>();
  for (const { provinceId, pollingArea } of pollingAreas.values())
    listByProvince.set(provinceId, (listByProvince.get(provinceId) ?? 0) + pollingArea.registeredVoters);
  return { meta, contests, contestsByProvince: contestsByProvince(contests.values()), listByProvince };
}
