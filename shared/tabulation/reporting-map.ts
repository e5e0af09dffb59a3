import type { PollingAreaId } from '../model/ids.ts';
/**
 * Which of a contest's expected polling areas have a tally, as one bit per polling area in the
 * order of the contest's definition (`expectedPollingAreaIds`), base64-encoded: 400 polling areas
 * take 68 characters, so the contest's result item stays small however many have reported. The
 * definition cannot change once a tally exists, so the order the map was written in is the order
 * it is read in; a definition replaced before any tally only ever meets maps of zeros.
 */
export function reportingMap(
  expectedIds: readonly PollingAreaId[],
  reporting: ReadonlySet<PollingAreaId>,
): string {
  const bits = new Uint8Array(Math.ceil(expectedIds.length / 8));
  expectedIds.forEach((id, i) => {
    if (reporting.has(id)) bits[i >> 3] = (bits[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return Buffer.from(bits).toString('base64');
}

/** The expected polling areas a map does not mark as reporting, in the definition's order. */
export function notReportingIndexes(expectedIds: readonly string[], map: string): number[] {
  const bits = Buffer.from(map, 'base64');
  const missing: number[] = [];
  for (let i = 0; i < expectedIds.length; i++) {
    if (((bits[i >> 3] ?? 0) & (1 << (i & 7))) === 0) missing.push(i);
  }
  return missing;
}

/** The polling areas of a contest without a tally, each with its name, sorted by id. */
export function notReportedPollingAreas(
  expectedIds: readonly string[],
  names: readonly (string | undefined)[],
  missingIndexes: readonly number[],
): { pollingAreaId: PollingAreaId; name: string }[] {
  return missingIndexes
    .map((i) => ({ pollingAreaId: expectedIds[i] ?? '', name: names[i] ?? expectedIds[i] ?? '' }))
    .sort((a, b) => (a.pollingAreaId < b.pollingAreaId ? -1 : a.pollingAreaId > b.pollingAreaId ? 1 : 0));
}
