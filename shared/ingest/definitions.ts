import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PlacedContest, PlacedPollingArea } from '../model/election-index.ts';
import {
  type ElectionMeta,
  readElectionMeta,
  readPlacedContest,
  readPlacedPollingArea,
} from '../store/elections.ts';
import { TtlCache } from '../store/ttl-cache.ts';

/**
 * The definitions ingest reads on every report, remembered for a minute per execution environment.
 * A definition cannot change once reports exist, and a replacement before that reaches ingest
 * within the minute.
 */
const TTL_MS = 60_000;
const metas = new TtlCache<ElectionMeta>(TTL_MS, 100);
const pollingAreas = new TtlCache<PlacedPollingArea>(TTL_MS, 20_000);
const contests = new TtlCache<PlacedContest>(TTL_MS, 5_000);

export const cachedElectionMeta = (db: DynamoDBDocumentClient, table: string, electionId: string) =>
  metas.get(electionId, () => readElectionMeta(db, table, electionId));

export const cachedPollingArea = (
  db: DynamoDBDocumentClient,
  table: string,
  electionId: string,
  id: string,
) => pollingAreas.get(`${electionId}\u001f${id}`, () => readPlacedPollingArea(db, table, electionId, id));

export const cachedContest = (db: DynamoDBDocumentClient, table: string, electionId: string, id: string) =>
  contests.get(`${electionId}\u001f${id}`, () => readPlacedContest(db, table, electionId, id));
