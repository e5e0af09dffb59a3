import { describe, expect, it } from 'vitest';
import { ratePeriodSeconds } from '../../../infra/local/schedules.ts';
import { mergeWork } from '../../../shared/aggregation/aggregate-batch.ts';
import { SWEEP_SLOTS, sweepWork } from '../../../shared/aggregation/sweep.ts';
import { turnoutPoint } from '../../../shared/tabulation/turnout.ts';
import { compareUnitResult } from '../../../shared/tabulation/unit-result-check.ts';

describe('aggregation pieces', () => {
  it('merges a batch: each contest, slot and province once, whatever the duplicates', () => {
    const merged = mergeWork([
      {
        electionId: 'e',
        contestIds: ['a', 'b'],
        provinceIds: [],
        turnoutSlots: [{ provinceId: '01', slot: '09' }],
      },
      {
        electionId: 'e',
        contestIds: ['a'],
        provinceIds: ['01'],
        turnoutSlots: [{ provinceId: '01', slot: '09' }],
      },
      { electionId: 'f', contestIds: ['a'], provinceIds: [], turnoutSlots: [] },
    ]);
    expect([...(merged.get('e')?.contests ?? [])]).toEqual(['a', 'b']);
    expect(merged.get('e')?.slots.size).toBe(1);
    expect(merged.get('f')?.contests.size).toBe(1);
  });

  it('counts each polling area once per slot, by its latest report, with its own list size', () => {
    expect(
      turnoutPoint([
        { pollingAreaId: 'p1', asOf: '2026-03-15T09:00:00+07:00', registeredVoters: 1000, votersVoted: 200 },
        { pollingAreaId: 'p1', asOf: '2026-03-15T09:30:00+07:00', registeredVoters: 1010, votersVoted: 250 },
        { pollingAreaId: 'p2', asOf: '2026-03-15T09:10:00+07:00', registeredVoters: 500, votersVoted: 100 },
      ]),
    ).toEqual({ registeredVoters: 1510, votersVoted: 350, pollingAreas: 2 });
  });

  it('hands every contest, slot and province to the aggregator, 10 to a message', () => {
    const contests = Array.from({ length: 250 }, (_, i) => ({ id: `c${i}` }));
    const work = sweepWork({ id: 'e', contests, provinces: [{ id: '01' }, { id: '79' }] } as never);
    expect(work.flatMap((w) => w.contestIds ?? [])).toHaveLength(250);
    expect(work.flatMap((w) => w.turnoutSlots ?? [])).toHaveLength(2 * SWEEP_SLOTS.length);
    expect(work.flatMap((w) => w.provinceIds ?? [])).toEqual(['01', '79']);
    expect(Math.max(...work.map((w) => (w.contestIds ?? []).length))).toBe(10);
  });

  it('Art. 77: lists every figure where a board’s minutes differ from the computed result', () => {
    const computed = {
      registeredVoters: 100,
      votersVoted: 90,
      ballotsIssued: 90,
      ballotsReceived: 90,
      validBallots: 88,
      invalidBallots: 2,
      candidates: [
        { candidateId: 'a', votes: 60, name: 'A', percentOfValid: 0, rank: 1 },
        { candidateId: 'b', votes: 28, name: 'B', percentOfValid: 0, rank: 2 },
      ],
      outcome: { state: 'ELECTED' as const, electedCandidateIds: ['a'], unfilledSeats: 0 },
    };
    const filed = {
      type: 'unitResult' as const,
      submissionId: 's',
      contestId: 'c',
      ...computed,
      candidateVotes: { a: 60, b: 28 },
      electedCandidateIds: ['a'],
    };
    expect(compareUnitResult(filed, computed)).toEqual([]);
    expect(
      compareUnitResult(
        { ...filed, validBallots: 87, candidateVotes: { a: 59, b: 28 }, electedCandidateIds: [] },
        computed,
      ),
    ).toEqual([
      { path: '/validBallots', filed: 87, computed: 88 },
      { path: '/candidateVotes/a', filed: 59, computed: 60 },
      { path: '/electedCandidateIds', filed: [], computed: ['a'] },
    ]);
  });

  it('reads rate() schedules and leaves cron() to the cloud', () => {
    expect(ratePeriodSeconds('rate(5 minutes)')).toBe(300);
    expect(ratePeriodSeconds('rate(1 hour)')).toBe(3600);
    expect(ratePeriodSeconds('cron(0 12 * * ? *)')).toBeUndefined();
  });
});
