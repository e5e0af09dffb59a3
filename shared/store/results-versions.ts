import { gunzipSync, gzipSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ElectionId, ProvinceId } from '../model/ids.ts';
import { queryAll } from './query.ts';

/**
 * Published results versions, kept beside the transparency log. A version's head holds the nation's results
 * as they were; a province's results are stored at the versions in which they changed, and version
 * n of a province is its latest stored one at or below n. Nothing here is ever overwritten.
 */
export interface VersionHead {
  readonly electionId: ElectionId;
  readonly version: number;
  readonly publishedAt: string;
  /** The results' own asOf: the latest report they count. */
  readonly asOf: string | null;
  /** The transparency log's signed size and root when it was published, if the log had begun. */
  readonly log?: { readonly treeSize: number; readonly rootHash: string };
  /** When each province's summary had been written at this version, to tell which changed next. */
  readonly provinceWrittenAt: Readonly<Record<ProvinceId, number>>;
  readonly nation: Record<string, unknown>;
}

const headPartition = (electionId: string) => `E#${electionId}#RV`;
const provincePartition = (electionId: string, provinceId: string) => `E#${electionId}#RV#P#${provinceId}`;
const versionKey = (version: number) => `V#${String(version).padStart(9, '0')}`;
const pack = (doc: unknown) => gzipSync(Buffer.from(JSON.stringify(doc)));
const unpack = (data: unknown) =>
  JSON.parse(gunzipSync(Buffer.from(data as Uint8Array)).toString('utf8')) as Record<string, unknown>;

function headFromItem(item: Record<string, unknown>): VersionHead {
  return {
    electionId: String(item.electionId),
    version: Number(item.version),
    publishedAt: String(item.publishedAt),
    asOf: (item.asOf as string | null | undefined) ?? null,
    ...(item.log ? { log: item.log as VersionHead['log'] & object } : {}),
    provinceWrittenAt: (item.provinceWrittenAt ?? {}) as VersionHead['provinceWrittenAt'],
    nation: unpack(item.nation),
  };
}

export async function readLatestVersion(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
): Promise<VersionHead | undefined> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': headPartition(electionId) },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? headFromItem(Items[0]) : undefined;
}

export async function readVersion(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  version: number,
): Promise<VersionHead | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: { pk: headPartition(electionId), sk: versionKey(version) } }),
  );
  return Item ? headFromItem(Item) : undefined;
}

/** Every version's number and times, oldest first, without the results themselves. */
export async function listVersions(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
): Promise<Pick<VersionHead, 'version' | 'publishedAt' | 'asOf' | 'log'>[]> {
  const listed: Pick<VersionHead, 'version' | 'publishedAt' | 'asOf' | 'log'>[] = [];
  const items = queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': headPartition(electionId) },
    ProjectionExpression: 'version, publishedAt, asOf, #log',
    ExpressionAttributeNames: { '#log': 'log' },
  });
  for await (const item of items) {
    listed.push({
      version: Number(item.version),
      publishedAt: String(item.publishedAt),
      asOf: (item.asOf as string | null | undefined) ?? null,
      ...(item.log ? { log: item.log as VersionHead['log'] & object } : {}),
    });
  }
  return listed;
}

/** A province's results as they were at a version: its latest stored ones at or below it. */
export async function readProvinceAtVersion(
  db: DynamoDBDocumentClient,
  table: string,
  electionId: ElectionId,
  provinceId: ProvinceId,
  version: number,
): Promise<Record<string, unknown> | undefined> {
  const { Items } = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND sk <= :sk',
      ExpressionAttributeValues: {
        ':pk': provincePartition(electionId, provinceId),
        ':sk': versionKey(version),
      },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return Items?.[0] ? unpack(Items[0].results) : undefined;
}

/** A transaction holds at most 100 items: a version's head and its changed provinces. */
export const MAX_PROVINCES_PER_VERSION = 99;

/**
 * Writes a version in one transaction — its head and the provinces that changed, each conditional
 * on its absence — so a version is seen whole or not at all, and two publishers never both
 * publish one number. Returns false when that number was taken meanwhile.
 */
export async function writeVersion(
  db: DynamoDBDocumentClient,
  table: string,
  head: VersionHead,
  changedProvinces: ReadonlyMap<ProvinceId, Record<string, unknown>>,
): Promise<boolean> {
  const { electionId, version } = head;
  if (changedProvinces.size > MAX_PROVINCES_PER_VERSION)
    throw new Error(`A version holds at most ${MAX_PROVINCES_PER_VERSION} provinces`);
  const absent = 'attribute_not_exists(pk)';
  const provinces = [...changedProvinces].map(([provinceId, results]) => ({
    Put: {
      TableName: table,
      Item: {
        pk: provincePartition(electionId, provinceId),
        sk: versionKey(version),
        kind: 'RESULTS_VERSION_PROVINCE',
        results: pack(results),
      },
      ConditionExpression: absent,
    },
  }));
  const headItem = {
    pk: headPartition(electionId),
    sk: versionKey(version),
    kind: 'RESULTS_VERSION',
    electionId,
    version,
    publishedAt: head.publishedAt,
    asOf: head.asOf,
    ...(head.log ? { log: head.log } : {}),
    provinceWrittenAt: head.provinceWrittenAt,
    nation: pack(head.nation),
  };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: headItem, ConditionExpression: absent } },
          ...provinces,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}
