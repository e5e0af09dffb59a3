import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ListAllowance } from '../law/voter-list.ts';
import type { ElectionDefinition, ElectionMode } from '../model/election.ts';
import {
  contestsByProvince,
  type ElectionIndex,
  type PlacedContest,
  type PlacedPollingArea,
} from '../model/election-index.ts';
import { type AreaSummary, provinceSummary } from '../tabulation/summary.ts';
import { deleteAll, putAll } from './batch.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

const CHUNK_BYTES = 300 * 1024;

export interface ElectionMeta {
  readonly electionId: string;
  readonly name: string;
  readonly mode: ElectionMode;
  readonly pollingDay: string;
  readonly timeZone: string;
  readonly definitionHash: string;
  readonly chunks: number;
  readonly loadedAt: string;
  readonly regions: readonly { readonly id: string; readonly name: string }[];
  readonly provinces: readonly { readonly id: string; readonly name: string; readonly regionId: string }[];
  /** The definition's own allowance for voters added on the day; absent: the default. */
  readonly listAllowance?: ListAllowance;
}

/**
 * Stores a definition as one item per contest and polling area (what ingest and counting read)
 * plus the compressed document (what GET returns); the meta item goes last, so an election is
 * visible only once all of it is stored.
 */
export async function saveElection(
  client: DynamoDBDocumentClient,
  tableName: string,
  def: ElectionDefinition,
  index: ElectionIndex,
  definitionHash: string,
  loadedAt: string,
  previous?: ElectionDefinition,
): Promise<void> {
  const electionId = def.id;
  const compressed = gzipSync(Buffer.from(JSON.stringify(def)));
  const chunks: Record<string, unknown>[] = [];
  for (let offset = 0, i = 0; offset < compressed.length; offset += CHUNK_BYTES, i++) {
    chunks.push({
      ...keys.definitionChunk(electionId, i),
      data: compressed.subarray(offset, offset + CHUNK_BYTES),
    });
  }
  const contestItems = [...index.contests.values()].map((placed) => ({
    ...keys.contestDefinition(electionId, placed.contest.id),
    kind: 'CONTEST',
    ...placed,
  }));
  const pollingAreaItems = [...index.pollingAreas.values()].map((placed) => ({
    ...keys.pollingAreaDefinition(electionId, placed.pollingArea.id),
    kind: 'POLLING_AREA',
    ...placed,
  }));
  // What each province adds up to before any report: every contest NO_RESULTS, every polling area expected.
  const byProvince = contestsByProvince(index.contests.values());
  const skeletons = Object.fromEntries(
    def.provinces.map((p) => [p.id, provinceSummary(byProvince.get(p.id) ?? [], new Map(), {}, {})]),
  );
  const skeletonItem = {
    ...keys.electionSkeletons(electionId),
    kind: 'SKELETONS',
    skeletonsJson: JSON.stringify(skeletons),
  };
  await putAll(client, tableName, [...chunks, ...contestItems, ...pollingAreaItems, skeletonItem]);
  if (previous) {
    // A replaced definition must not leave contests or polling areas that no longer exist.
    const contestIds = new Set(def.contests.map((c) => c.id));
    const pollingAreaIds = new Set(def.pollingAreas.map((p) => p.id));
    await deleteAll(client, tableName, [
      ...previous.contests
        .filter((c) => !contestIds.has(c.id))
        .map((c) => keys.contestDefinition(electionId, c.id)),
      ...previous.pollingAreas
        .filter((p) => !pollingAreaIds.has(p.id))
        .map((p) => keys.pollingAreaDefinition(electionId, p.id)),
    ]);
  }
  const meta: ElectionMeta = {
    electionId,
    name: def.name,
    mode: def.mode,
    pollingDay: def.pollingDay,
    timeZone: def.timeZone,
    definitionHash,
    chunks: chunks.length,
    loadedAt,
    regions: def.regions,
    provinces: def.provinces,
    ...(def.listAllowance ? { listAllowance: def.listAllowance } : {}),
  };
  await putAll(client, tableName, [
    { ...keys.electionMeta(electionId), kind: 'ELECTION', ...meta },
    { ...keys.electionsRegistry(electionId), kind: 'REGISTRY', electionId, loadedAt },
  ]);
}

export async function readElectionMeta(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<ElectionMeta | undefined> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.electionMeta(electionId) }),
  );
  return answer.Item as ElectionMeta | undefined;
}

export async function readElectionDefinition(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<ElectionDefinition | undefined> {
  const meta = await readElectionMeta(client, tableName, electionId);
  if (!meta) return undefined;
  const parts: Uint8Array[] = [];
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.electionMeta(electionId).pk, ':prefix': 'DEF#' },
  });
  for await (const item of items) parts.push(item.data as Uint8Array);
  return JSON.parse(
    gunzipSync(Buffer.concat(parts.slice(0, meta.chunks))).toString('utf8'),
  ) as ElectionDefinition;
}

export async function readPlacedContest(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  contestId: string,
): Promise<PlacedContest | undefined> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.contestDefinition(electionId, contestId) }),
  );
  return answer.Item as PlacedContest | undefined;
}

export async function readPlacedPollingArea(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  pollingAreaId: string,
): Promise<PlacedPollingArea | undefined> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.pollingAreaDefinition(electionId, pollingAreaId) }),
  );
  return answer.Item as PlacedPollingArea | undefined;
}

/** Each province's summary before any report, as stored at load time. */
export async function readSkeletons(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<Record<string, AreaSummary>> {
  const answer = await client.send(
    new GetCommand({ TableName: tableName, Key: keys.electionSkeletons(electionId) }),
  );
  return answer.Item ? (JSON.parse(String(answer.Item.skeletonsJson)) as Record<string, AreaSummary>) : {};
}

/** Every election ever loaded, for the sweep. */
export async function listElectionIds(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const ids: string[] = [];
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'ELECTIONS' },
  });
  for await (const item of items) ids.push(String(item.electionId));
  return ids;
}
