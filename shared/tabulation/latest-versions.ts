/** Keeps, per polling area, only the tally with the highest version: only the latest counts. */
export function latestVersions<T extends { pollingAreaId: string; version: number }>(
  tallies: Iterable<T>,
): T[] {
  const latest = new Map<string, T>();
  for (const tally of tallies) {
    const current = latest.get(tally.pollingAreaId);
    if (!current || tally.version > current.version) latest.set(tally.pollingAreaId, tally);
  }
  return [...latest.values()];
}
