import { type Caller, mayReadResults } from '../model/access.ts';
import { err, ok, type Result, refusedFor } from '../model/result.ts';
import type { ElectionMeta } from '../store/elections.ts';
import { listVersions, readProvinceAtVersion, readVersion } from '../store/results-versions.ts';
import type { VersionsStore } from './publish.ts';

const outOfScope = () =>
  refusedFor('FORBIDDEN', 'OUT_OF_SCOPE', 'This credential may not read these results.');

/** Every published version of an election's results, oldest first, and the number of the latest. */
export async function publishedVersions(
  store: Pick<VersionsStore, 'db' | 'logTable'>,
  election: ElectionMeta,
  who: Caller,
): Promise<Result<Record<string, unknown>>> {
  if (!mayReadResults(who, 'NATION')) return err(outOfScope());
  const { electionId, mode } = election;
  const versions = await listVersions(store.db, store.logTable, electionId);
  return ok({
    electionId,
    mode,
    latest: versions.at(-1)?.version ?? null,
    versions: versions.map((v) => ({
      ...v,
      href: `/v1/elections/${electionId}/results/versions/${v.version}`,
    })),
  });
}

/**
 * One published version as it was: the nation's results, or with a province its results, each
 * with the version's number, when it was published and the signed log it was published under.
 */
export async function publishedVersion(
  store: Pick<VersionsStore, 'db' | 'logTable'>,
  election: ElectionMeta,
  who: Caller,
  version: number,
  provinceId?: string,
): Promise<Result<Record<string, unknown>>> {
  const { electionId } = election;
  const province = provinceId === undefined ? undefined : election.provinces.find((p) => p.id === provinceId);
  if (provinceId !== undefined && !province)
    return err(refusedFor('NOT_FOUND', 'AREA_NOT_FOUND', `No province "${provinceId}".`));
  const place = province ? { provinceId: province.id, regionId: province.regionId } : ('NATION' as const);
  if (!mayReadResults(who, place)) return err(outOfScope());
  const head = await readVersion(store.db, store.logTable, electionId, version);
  const results =
    head && province
      ? await readProvinceAtVersion(store.db, store.logTable, electionId, province.id, version)
      : head?.nation;
  if (!head || !results)
    return err(refusedFor('NOT_FOUND', 'VERSION_NOT_FOUND', `No published version ${version}.`));
  return ok({
    ...results,
    version,
    publishedAt: head.publishedAt,
    ...(head.log ? { log: head.log } : {}),
  });
}
