import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIST_ALLOWANCE,
  figuresWithinListBound,
  listBound,
  registeredDiffersFromList,
} from '../../../shared/law/voter-list.ts';
import { ElectionDefinition } from '../../../shared/model/election.ts';
import { listTotalWithinCountry } from '../../../shared/model/election-rules.ts';
import { MAX_COUNT } from '../../../shared/model/ids.ts';
import { TallyReport, TurnoutReport } from '../../../shared/model/report.ts';

const minutes = {
  registeredVoters: 1850,
  votersVoted: 1842,
  ballotsIssued: 1842,
  ballotsReceived: 1840,
  validBallots: 1826,
  invalidBallots: 14,
  candidateVotes: { a: 1500, b: 1320 },
};

describe('the list bound (Art. 29–34)', () => {
  it('adds a tenth of the list, at least 20 voters, by default', () => {
    expect(listBound(1850)).toBe(2035);
    expect(listBound(1851)).toBe(2037); // the share rounds up
    expect(listBound(80)).toBe(100);
    expect(listBound(0)).toBe(20);
    expect(listBound(1850, DEFAULT_LIST_ALLOWANCE)).toBe(listBound(1850));
  });

  it('takes the election’s own allowance', () => {
    expect(listBound(1850, { percent: 0, minimum: 0 })).toBe(1850);
    expect(listBound(1850, { percent: 2, minimum: 50 })).toBe(1900);
  });

  it('is never below the list, and grows with it', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: MAX_COUNT }),
        fc.nat({ max: 100 }),
        fc.nat({ max: 1000 }),
        (listed, percent, minimum) => {
          const bound = listBound(listed, { percent, minimum });
          expect(Number.isSafeInteger(bound)).toBe(true);
          expect(bound).toBeGreaterThanOrEqual(listed + minimum);
          expect(bound).toBeGreaterThanOrEqual(listed + (listed * percent) / 100);
          expect(listBound(listed + 1, { percent, minimum })).toBeGreaterThanOrEqual(bound);
        },
      ),
    );
  });
});

describe('figuresWithinListBound (Art. 76 (2) with Art. 29–34)', () => {
  it('accepts minutes within the bound', () => {
    expect(figuresWithinListBound(minutes, 1850, listBound(1850))).toEqual([]);
    expect(figuresWithinListBound({ ...minutes, registeredVoters: 2035 }, 1850, 2035)).toEqual([]);
  });

  it('refuses every figure above the bound, each at its path', () => {
    const claimed = {
      registeredVoters: 9_000_000_000_000,
      votersVoted: 8_999_999_999_990,
      ballotsIssued: 8_999_999_999_990,
      ballotsReceived: 8_999_999_999_990,
      validBallots: 8_999_999_999_990,
      invalidBallots: 0,
      candidateVotes: { a: 8_999_999_999_990, b: 0 },
    };
    const problems = figuresWithinListBound(claimed, 1850, 2035);
    expect(problems.map((p) => p.code)).toEqual(Array(6).fill('ABOVE_LIST_BOUND'));
    expect(problems.map((p) => p.path)).toEqual([
      '/registeredVoters',
      '/votersVoted',
      '/ballotsIssued',
      '/ballotsReceived',
      '/validBallots',
      '/candidateVotes/a',
    ]);
  });

  it('bounds ballots issued, which no other rule ties to the list', () => {
    const problems = figuresWithinListBound({ ...minutes, ballotsIssued: 2036 }, 1850, 2035);
    expect(problems).toEqual([expect.objectContaining({ code: 'ABOVE_LIST_BOUND', path: '/ballotsIssued' })]);
  });

  it('checks turnout figures too', () => {
    expect(figuresWithinListBound({ registeredVoters: 1850, votersVoted: 2036 }, 1850, 2035)).toHaveLength(1);
  });

  it('finds a figure above the bound whatever the others are', () => {
    fc.assert(
      fc.property(fc.nat({ max: 4000 }), fc.integer({ min: 1, max: 1_000_000 }), (listed, excess) => {
        const bound = listBound(listed);
        const over = { ...minutes, validBallots: bound + excess };
        expect(figuresWithinListBound(over, listed, bound).map((p) => p.path)).toContain('/validBallots');
      }),
    );
  });
});

describe('registeredDiffersFromList', () => {
  it('warns of any difference from the loaded list, up or down', () => {
    expect(registeredDiffersFromList(1850, 1850)).toBeUndefined();
    expect(registeredDiffersFromList(1900, 1850)?.code).toBe('REGISTERED_DIFFERS_FROM_LIST');
    expect(registeredDiffersFromList(1800, 1850)?.message).toContain('fewer');
  });
});

describe('no integer of the API exceeds what the country can hold', () => {
  const tally = {
    type: 'tally',
    submissionId: 's-1',
    pollingAreaId: 'pa',
    contestId: 'c',
    version: 1,
    ...minutes,
  };

  it('refuses counts above 100 million in the schemas', () => {
    expect(TallyReport.safeParse(tally).success).toBe(true);
    for (const field of Object.keys(minutes).filter((f) => f !== 'candidateVotes')) {
      expect(TallyReport.safeParse({ ...tally, [field]: MAX_COUNT + 1 }).success).toBe(false);
    }
    expect(TallyReport.safeParse({ ...tally, candidateVotes: { a: 9_000_000_000_000 } }).success).toBe(false);
    expect(
      TallyReport.safeParse({ ...tally, complaints: { received: 1e13, resolved: 0, forwarded: 0 } }).success,
    ).toBe(false);
    const turnout = {
      type: 'turnout',
      submissionId: 's-2',
      pollingAreaId: 'pa',
      asOf: '2026-03-15T09:00:00+07:00',
      registeredVoters: 1850,
      votersVoted: 9_000_000_000_000,
    };
    expect(TurnoutReport.safeParse(turnout).success).toBe(false);
  });

  it('bounds seats, the allowance and a definition’s lists', () => {
    const def = {
      id: 'e',
      name: 'e',
      pollingDay: '2026-03-15',
      timeZone: 'Asia/Ho_Chi_Minh',
      mode: 'TEST',
      regions: [{ id: 'R1', name: 'R1' }],
      provinces: [{ id: 'P', name: 'P', regionId: 'R1' }],
      communes: [],
      contests: [
        {
          id: 'c',
          body: 'NATIONAL_ASSEMBLY',
          name: 'c',
          provinceId: 'P',
          seats: 1,
          candidates: [{ id: 'k', name: 'k', birthDate: '1970-01-01' }],
        },
      ],
      pollingAreas: [{ id: 'pa', name: 'pa', communeId: 'x', registeredVoters: 1850, contestIds: ['c'] }],
    };
    expect(ElectionDefinition.safeParse(def).success).toBe(true);
    expect(ElectionDefinition.safeParse({ ...def, listAllowance: { percent: 5, minimum: 30 } }).success).toBe(
      true,
    );
    expect(
      ElectionDefinition.safeParse({ ...def, listAllowance: { percent: 101, minimum: 0 } }).success,
    ).toBe(false);
    expect(
      ElectionDefinition.safeParse({ ...def, listAllowance: { percent: 5, minimum: 1e13 } }).success,
    ).toBe(false);
    const area = def.pollingAreas[0];
    expect(
      ElectionDefinition.safeParse({
        ...def,
        pollingAreas: [{ ...area, registeredVoters: 9_000_000_000_000 }],
      }).success,
    ).toBe(false);
    const contest = def.contests[0];
    expect(ElectionDefinition.safeParse({ ...def, contests: [{ ...contest, seats: 1e13 }] }).success).toBe(
      false,
    );
  });

  it('Art. 29: the lists together hold no more voters than the country', () => {
    expect(listTotalWithinCountry([{ registeredVoters: 76_516_637 }])).toBeUndefined();
    expect(listTotalWithinCountry([{ registeredVoters: MAX_COUNT }, { registeredVoters: 1 }])?.code).toBe(
      'LIST_TOTAL_ABOVE_COUNTRY',
    );
  });

  it('keeps every national sum exact by construction', () => {
    // The most any national sum of one figure can be: every list at the total, every area at its bound.
    const areas = 1_000_000;
    const worstBound = 2 * MAX_COUNT + areas * 1000;
    expect(Number.isSafeInteger(500 * worstBound)).toBe(true);
  });
});
