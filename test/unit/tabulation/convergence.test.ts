import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../shared/generator/prng.ts';
import { lawfulFigures } from '../../../shared/generator/tallies.ts';
import type { PlacedContest } from '../../../shared/model/election-index.ts';
import { contestResult } from '../../../shared/tabulation/contest-result.ts';
import { sumTallies } from '../../../shared/tabulation/contest-totals.ts';
import { recomputeContest } from '../../../shared/tabulation/recompute.ts';
import {
  combineSummaries,
  EMPTY_SUMMARY,
  summaryOfContest,
  sumSummaries,
} from '../../../shared/tabulation/summary.ts';

type Version = ReturnType<typeof lawfulFigures> & { pollingAreaId: string; version: number };

/** A random contest and, for each of its polling areas, one to three versions of its minutes. */
const scenario = fc
  .record({
    seats: fc.integer({ min: 1, max: 3 }),
    areas: fc.integer({ min: 1, max: 6 }),
    seed: fc.nat(),
    versions: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }),
  })
  .map(({ seats, areas, seed, versions }) => {
    const rng = createRng(seed, 'convergence');
    const placed: PlacedContest = {
      contest: {
        id: 'c',
        body: 'NATIONAL_ASSEMBLY',
        name: 'Đơn vị 1',
        provinceId: '01',
        seats,
        candidates: Array.from({ length: seats + 2 }, (_, i) => ({
          id: `k${i}`,
          name: `Ứng viên ${i}`,
          birthDate: `19${60 + i}-01-01`,
        })),
      },
      regionId: 'R2',
      provinceName: 'Hà Nội',
      expectedPollingAreaIds: Array.from({ length: areas }, (_, i) => `pa${i}`),
    };
    const stream: Version[] = placed.expectedPollingAreaIds.flatMap((pollingAreaId, i) =>
      Array.from({ length: versions[i] ?? 1 }, (_, v) => ({
        pollingAreaId,
        version: v + 1,
        ...lawfulFigures(placed.contest, 500 + i * 100, rng),
      })),
    );
    return { placed, stream };
  });

/** What the law counts, from scratch: the latest version of each polling area, summed once. */
function fromScratch(placed: PlacedContest, stored: Version[]) {
  const latest = new Map<string, Version>();
  for (const v of stored)
    if ((latest.get(v.pollingAreaId)?.version ?? 0) < v.version) latest.set(v.pollingAreaId, v);
  return contestResult(placed.contest, placed.expectedPollingAreaIds.length, sumTallies(latest.values()));
}

describe('counting converges to a from-scratch tabulation', () => {
  it('whatever the duplicates, the order of work, stale recomputes racing fresh ones, and corrections', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        ({ placed, stream }, choices) => {
          // Reports are stored in an order ingest allows (a version after the one before it), some sent twice.
          const store: Version[] = [];
          const seen = new Set<string>();
          const snapshots: Version[][] = [[]];
          let published: { sourceItems: number; result: ReturnType<typeof recomputeContest> } | undefined;
          let choice = 0;
          const next = () => choices[choice++ % choices.length] ?? 0;
          for (const report of stream) {
            for (let copy = 0; copy <= next() % 2; copy++) {
              const key = `${report.pollingAreaId}#${report.version}`;
              if (!seen.has(key)) {
                seen.add(key);
                store.push(report);
              }
            }
            snapshots.push([...store]);
            // A recompute may have read the store some steps ago; the write guard keeps the newest.
            const read = snapshots[Math.max(0, snapshots.length - 1 - (next() % 3))] ?? [];
            if (!published || published.sourceItems <= read.length)
              published = { sourceItems: read.length, result: recomputeContest(placed, read) };
            expect(published.sourceItems).toBeLessThanOrEqual(store.length);
          }
          // The sweep: one more recompute of everything stored.
          if (!published || published.sourceItems <= store.length)
            published = { sourceItems: store.length, result: recomputeContest(placed, store) };
          expect(published.result).toEqual(fromScratch(placed, store));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds areas up the same way in any grouping', () => {
    fc.assert(
      fc.property(fc.array(scenario, { minLength: 1, maxLength: 5 }), fc.nat(), (scenarios, cut) => {
        const parts = scenarios.map(({ placed, stream }) =>
          summaryOfContest(recomputeContest(placed, stream)),
        );
        const split = cut % parts.length;
        const grouped = combineSummaries(
          sumSummaries(parts.slice(0, split)),
          sumSummaries(parts.slice(split)),
        );
        expect(grouped).toEqual(sumSummaries([...parts].reverse()));
        expect(combineSummaries(EMPTY_SUMMARY, grouped)).toEqual(grouped);
      }),
      { numRuns: 100 },
    );
  });
});
