import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { resultsStoreFromEnv } from '../../shared/results/area-results.ts';
import { publishResults } from '../../shared/results/publish.ts';
import { requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';
import { listElectionIds } from '../../shared/store/elections.ts';

const store = { ...resultsStoreFromEnv(), logTable: requiredEnv('LOG_TABLE') };

/** On a schedule: publishes the next numbered version of every election's results that changed. */
export async function handler(): Promise<{ published: number }> {
  let published = 0;
  for (const electionId of await listElectionIds(store.db, store.reportsTable)) {
    const election = await cachedElectionMeta(store.db, store.reportsTable, electionId);
    if (!election) continue;
    const version = await publishResults(store, election, new Date());
    if (version) {
      published += 1;
      logger.info('results published', { electionId, version: version.version, asOf: version.asOf });
    }
  }
  logger.info('publish', { published, consumedCapacity: takeConsumedCapacity() });
  return { published };
}
