import { describe, expect, it } from 'vitest';
import { recomputeContest } from '../../../shared/tabulation/recompute.ts';
import { haNoiNaContest } from '../fixtures.ts';

const placed = haNoiNaContest(
  [
    { id: 'a', name: 'Nguyễn Văn An', birthDate: '1960-01-01' },
    { id: 'b', name: 'Trần Thị Bình', birthDate: '1970-01-01' },
    { id: 'c', name: 'Lê Văn Cường', birthDate: '1980-01-01' },
  ],
  ['pa1', 'pa2'],
);

const tally = (pollingAreaId: string, version: number, a: number, b: number, c: number) => ({
  pollingAreaId,
  version,
  registeredVoters: 1000,
  votersVoted: 900,
  ballotsIssued: 900,
  ballotsReceived: 900,
  validBallots: a + b + c,
  invalidBallots: 900 - (a + b + c),
  candidateVotes: { a, b, c },
});

describe('recomputeContest', () => {
  it('counts only the latest version: a correction replaces the version before it', () => {
    const result = recomputeContest(placed, [
      tally('pa1', 1, 500, 300, 50),
      tally('pa1', 2, 300, 500, 50),
      tally('pa2', 1, 400, 400, 50),
    ]);
    expect(result.status).toBe('COMPLETE');
    expect(result.pollingAreas).toEqual({ reporting: 2, expected: 2 });
    expect(result.candidates.map((c) => [c.candidateId, c.votes])).toEqual([
      ['b', 900],
      ['a', 700],
      ['c', 100],
    ]);
    expect(result.outcome).toEqual({ state: 'ELECTED', electedCandidateIds: ['b'], unfilledSeats: 0 });
  });

  it('ignores a tally of a polling area the contest does not expect', () => {
    const result = recomputeContest(placed, [tally('pa1', 1, 500, 300, 50), tally('elsewhere', 1, 1, 1, 1)]);
    expect(result.status).toBe('PARTIAL');
    expect(result.validBallots).toBe(850);
  });

  it('answers NO_RESULTS with every candidate at zero before any tally', () => {
    const result = recomputeContest(placed, []);
    expect(result.status).toBe('NO_RESULTS');
    expect(result.candidates.map((c) => c.votes)).toEqual([0, 0, 0]);
    expect(result.candidates.map((c) => c.candidateId)).toEqual(['a', 'b', 'c']);
    expect(result.outcome.state).toBe('PENDING');
  });
});
