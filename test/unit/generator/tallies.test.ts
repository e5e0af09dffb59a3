import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../shared/generator/prng.ts';
import { lawfulFigures } from '../../../shared/generator/tallies.ts';
import { checkCountingFigures } from '../../../shared/law/counting-rules.ts';

describe('lawfulFigures', () => {
  it('always draws minutes that pass every counting rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.nat(),
        (seats, extra, voters, seed) => {
          const contest = {
            id: 'c',
            seats,
            candidates: Array.from({ length: seats + extra }, (_, i) => ({
              id: `c-${i}`,
              name: 'x',
              birthDate: '1970-01-01',
            })),
          };
          const figures = lawfulFigures(contest, voters, createRng(seed, 'tally'));
          expect(checkCountingFigures(figures, contest)).toEqual([]);
        },
      ),
    );
  });
});
