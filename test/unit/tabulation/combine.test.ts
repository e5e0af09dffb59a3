import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TallyFigures } from '../../../shared/model/report.ts';
import {
  combineTotals,
  EMPTY_TOTALS,
  sumTallies,
  totalsOfTally,
} from '../../../shared/tabulation/contest-totals.ts';
import { latestVersions } from '../../../shared/tabulation/latest-versions.ts';

const CANDIDATES = ['c1', 'c2', 'c3'];
const count = fc.integer({ min: 0, max: 4000 });
const tallyArb: fc.Arbitrary<TallyFigures> = fc.record({
  registeredVoters: count,
  votersVoted: count,
  ballotsIssued: count,
  ballotsReceived: count,
  validBallots: count,
  invalidBallots: count,
  candidateVotes: fc.record(Object.fromEntries(CANDIDATES.map((c) => [c, count]))),
});

describe('combineTotals: any split, order or grouping of the same tallies gives the same totals', () => {
  it('is associative and commutative, with EMPTY_TOTALS as identity', () => {
    fc.assert(
      fc.property(tallyArb, tallyArb, tallyArb, (a, b, c) => {
        const [x, y, z] = [a, b, c].map(totalsOfTally) as [
          ReturnType<typeof totalsOfTally>,
          ReturnType<typeof totalsOfTally>,
          ReturnType<typeof totalsOfTally>,
        ];
        expect(combineTotals(combineTotals(x, y), z)).toEqual(combineTotals(x, combineTotals(y, z)));
        expect(combineTotals(x, y)).toEqual(combineTotals(y, x));
        expect(combineTotals(EMPTY_TOTALS, x)).toEqual(x);
      }),
    );
  });

  it('sums any shuffled split of a list to the plain sum', () => {
    fc.assert(
      fc.property(fc.array(tallyArb, { maxLength: 30 }), fc.nat(), (tallies, seed) => {
        const shuffled = [...tallies].sort(
          (p, q) => ((p.validBallots * 31 + seed) % 7) - ((q.validBallots * 31 + seed) % 7),
        );
        const cut = tallies.length ? seed % tallies.length : 0;
        const split = combineTotals(sumTallies(shuffled.slice(0, cut)), sumTallies(shuffled.slice(cut)));
        expect(split).toEqual(sumTallies(tallies));
        expect(split.pollingAreasReporting).toBe(tallies.length);
        expect(split.validBallots).toBe(tallies.reduce((s, t) => s + t.validBallots, 0));
      }),
    );
  });
});

describe('latestVersions: only the highest version of each polling area counts', () => {
  it('keeps exactly one tally per polling area, the highest version, whatever the order and duplicates', () => {
    const versioned = fc.array(
      fc.record({
        pollingAreaId: fc.constantFrom('pa1', 'pa2', 'pa3', 'pa4'),
        version: fc.integer({ min: 1, max: 5 }),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(versioned, (items) => {
        const withDuplicates = [...items, ...items.slice(0, 5)].reverse();
        const latest = latestVersions(withDuplicates);
        const expected = new Map<string, number>();
        for (const item of items)
          expected.set(item.pollingAreaId, Math.max(expected.get(item.pollingAreaId) ?? 0, item.version));
        expect(new Map(latest.map((t) => [t.pollingAreaId, t.version]))).toEqual(expected);
        expect(latest).toHaveLength(expected.size);
      }),
    );
  });
});
