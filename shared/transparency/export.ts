import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SIGNATURE_ALGORITHM } from '../log/checkpoint.ts';
import type { ElectionExport } from '../log/verify.ts';
import { placeStoredElection } from '../model/election-index.ts';
import type { ElectionId } from '../model/ids.ts';
import { err, ok, type Result, refusedFor } from '../model/result.ts';
import { readElectionDefinition } from '../store/elections.ts';
import { readCheckpoints, readLeaves, readLogHead } from '../store/log.ts';
import { readProvinceAggregates } from '../store/province-aggregates.ts';
import { contestResult } from '../tabulation/contest-result.ts';
import { EMPTY_TOTALS } from '../tabulation/contest-totals.ts';
import { publishedResult } from '../tabulation/stored-result.ts';

export interface ExportStore {
  readonly db: DynamoDBDocumentClient;
  readonly reportsTable: string;
  readonly aggregatesTable: string;
  readonly logTable: string;
}

/**
 * The election's public export: its definition, its log (key, every checkpoint, every leaf up to
 * the latest) and its published contest results — what `npm run verify` checks with nothing else.
 */
export async function buildExport(
  store: ExportStore,
  electionId: ElectionId,
): Promise<Result<ElectionExport>> {
  const [definition, head] = await Promise.all([
    readElectionDefinition(store.db, store.reportsTable, electionId),
    readLogHead(store.db, store.logTable, electionId),
  ]);
  if (!definition) return err(refusedFor('NOT_FOUND', 'ELECTION_NOT_FOUND', `No election "${electionId}".`));
  if (!head) return err(refusedFor('NOT_FOUND', 'LOG_EMPTY', `Nothing of "${electionId}" is logged yet.`));
  const [checkpoints, leaves] = await Promise.all([
    readCheckpoints(store.db, store.logTable, electionId, head.size),
    readLeaves(store.db, store.logTable, electionId, 0, head.size),
  ]);
  const { contests } = placeStoredElection(definition);
  const results = [];
  for (const province of definition.provinces) {
    const stored = await readProvinceAggregates(store.db, store.aggregatesTable, electionId, province.id);
    const byId = new Map(stored.contests.map((c) => [c.contestId, c]));
    for (const placed of contests.values()) {
      if (placed.contest.provinceId !== province.id) continue;
      const aggregate = byId.get(placed.contest.id);
      results.push(
        aggregate
          ? publishedResult(aggregate.result, placed)
          : contestResult(placed.contest, placed.expectedPollingAreaIds.length, EMPTY_TOTALS),
      );
    }
  }
  return ok({
    format: 'vn-election-night-export/1',
    electionId,
    mode: definition.mode,
    definition,
    key: {
      keyName: head.keyName,
      algorithm: SIGNATURE_ALGORITHM,
      publicKey: head.publicKey.toString('base64'),
    },
    checkpoints,
    leaves: leaves.map((l) => l.leaf.toString('base64')),
    results: results as unknown as Record<string, unknown>[],
  });
}
