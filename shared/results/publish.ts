import type { Caller } from '../model/access.ts';
import { unwrap } from '../model/result.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { readLogHead } from '../store/log.ts';
import { readProvinceSummaries } from '../store/province-aggregates.ts';
import { readLatestVersion, type VersionHead, writeVersion } from '../store/results-versions.ts';
import { nationResults, provinceResults, type ResultsStore, readResultsView } from './area-results.ts';

export interface VersionsStore extends ResultsStore {
  /**
   * The transparency log's table keeps the versions: like the log they are history, only ever
   * added to, never rebuilt as the aggregates are; each names the signed tree head it came under.
   */
  readonly logTable: string;
}

/** The publisher reads as the election's own administrator would: everything, nothing left out. */
const publisherOf = (election: ElectionMeta): Caller => ({
  credentialId: 'results-publisher',
  role: 'ADMIN',
  scope: {},
  mode: election.mode,
});

/** The size and root of a C2SP checkpoint: its second and third lines. */
function signedTree(checkpoint: string): { treeSize: number; rootHash: string } {
  const [, size, root] = checkpoint.split('\n');
  return { treeSize: Number(size), rootHash: String(root) };
}

/**
 * Publishes the next numbered version of an election's results when any province's summary has
 * been written since the last one: the nation's results as they are now, and the results of each
 * province that changed (the others are as they were). Answers the version published, or
 * undefined when nothing changed or another publisher took the number first.
 */
export async function publishResults(
  store: VersionsStore,
  election: ElectionMeta,
  now: Date,
): Promise<VersionHead | undefined> {
  const { electionId } = election;
  const provinceIds = election.provinces.map((p) => p.id);
  // Whether anything changed costs two reads: the summaries' write times and the latest version.
  const [summaries, latest] = await Promise.all([
    readProvinceSummaries(store.db, store.aggregatesTable, electionId, provinceIds),
    readLatestVersion(store.db, store.logTable, electionId),
  ]);
  const changed = provinceIds.filter(
    (id) => latest?.provinceWrittenAt[id] !== (summaries.get(id)?.writtenAt ?? 0),
  );
  if (latest && changed.length === 0) return undefined;
  const [view, logHead] = await Promise.all([
    readResultsView(store, election),
    readLogHead(store.db, store.logTable, electionId),
  ]);
  const who = publisherOf(election);
  const provinces = new Map<string, Record<string, unknown>>();
  for (const provinceId of changed) {
    provinces.set(
      provinceId,
      unwrap(await provinceResults(store, view, who, provinceId)) as unknown as Record<string, unknown>,
    );
  }
  const head: VersionHead = {
    electionId,
    version: (latest?.version ?? 0) + 1,
    publishedAt: now.toISOString(),
    asOf: view.head.asOf,
    ...(logHead ? { log: signedTree(logHead.checkpoint) } : {}),
    provinceWrittenAt: Object.fromEntries(view.writtenAt),
    nation: unwrap(nationResults(view, who)) as unknown as Record<string, unknown>,
  };
  return (await writeVersion(store.db, store.logTable, head, provinces)) ? head : undefined;
}
