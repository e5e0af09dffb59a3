import { describe, expect, it } from 'vitest';
import {
  compareByLawOrder,
  decideOutcome,
  electWinners,
  hasMajorityOfValidBallots,
  type OutcomeInput,
  requiresAdditionalElection,
  turnoutValidatesResult,
} from '../../../shared/law/outcome.ts';

const candidate = (candidateId: string, votes: number, birthDate = '1970-01-01') => ({
  candidateId,
  votes,
  birthDate,
});

const complete = (overrides: Partial<OutcomeInput>): OutcomeInput => ({
  body: 'NATIONAL_ASSEMBLY',
  seats: 2,
  complete: true,
  round: 'FIRST',
  registeredVoters: 1000,
  votersVoted: 900,
  validBallots: 880,
  candidates: [],
  ...overrides,
});

describe('Art. 78 (1), Art. 80: the turnout condition', () => {
  it('needs strictly more than half of the voters on the list', () => {
    expect(turnoutValidatesResult(1000, 501, 'FIRST')).toBe(true);
    expect(turnoutValidatesResult(1000, 500, 'FIRST')).toBe(false);
    expect(turnoutValidatesResult(1001, 501, 'FIRST')).toBe(true);
  });
  it('after a re-vote, the result counts whatever the turnout (Art. 80 (4))', () => {
    expect(turnoutValidatesResult(1000, 100, 'REVOTE')).toBe(true);
  });
  it('decides REVOTE_REQUIRED with nobody elected when turnout is exactly half', () => {
    const outcome = decideOutcome(
      complete({
        votersVoted: 500,
        validBallots: 500,
        candidates: [candidate('a', 500), candidate('b', 400)],
      }),
    );
    expect(outcome).toEqual({ state: 'REVOTE_REQUIRED', electedCandidateIds: [], unfilledSeats: 2 });
  });
});

describe('Art. 78 (2): a winner needs more than half of the valid ballots', () => {
  it('is strict: exactly half is not enough', () => {
    expect(hasMajorityOfValidBallots(501, 1000)).toBe(true);
    expect(hasMajorityOfValidBallots(500, 1000)).toBe(false);
  });
  it('elects nobody when there are no valid ballots', () => {
    expect(hasMajorityOfValidBallots(0, 0)).toBe(false);
    const outcome = decideOutcome(
      complete({ validBallots: 0, candidates: [candidate('a', 0), candidate('b', 0)] }),
    );
    expect(outcome).toMatchObject({
      state: 'ADDITIONAL_ELECTION_REQUIRED',
      electedCandidateIds: [],
      unfilledSeats: 2,
    });
  });
});

describe('Art. 78 (3)–(4): the most votes win; a tie for the last seat goes to the older', () => {
  it('takes the qualifiers with the most votes up to the seats', () => {
    const { elected } = electWinners(2, 1000, [
      candidate('a', 900),
      candidate('b', 700),
      candidate('c', 800),
      candidate('d', 200),
    ]);
    expect(elected).toEqual(['a', 'c']);
  });
  it('breaks a tie for the last seat by age, older first', () => {
    const { elected, tieNeedsReview } = electWinners(2, 1000, [
      candidate('a', 900),
      candidate('young', 700, '1985-05-05'),
      candidate('old', 700, '1960-05-05'),
    ]);
    expect(elected).toEqual(['a', 'old']);
    expect(tieNeedsReview).toBeUndefined();
  });
  it('flags a tie that age cannot break, and still decides deterministically', () => {
    const input = [candidate('a', 900), candidate('y', 700, '1970-01-01'), candidate('x', 700, '1970-01-01')];
    const first = electWinners(2, 1000, input);
    const second = electWinners(2, 1000, [...input].reverse());
    expect(first.elected).toEqual(['a', 'x']);
    expect(second.elected).toEqual(first.elected);
    expect(first.tieNeedsReview?.sort()).toEqual(['x', 'y']);
  });
  it('orders candidates by votes, then age, then id', () => {
    const sorted = [
      candidate('b', 5, '1980-01-01'),
      candidate('a', 5, '1980-01-01'),
      candidate('c', 5, '1950-01-01'),
      candidate('d', 9),
    ]
      .sort(compareByLawOrder)
      .map((c) => c.candidateId);
    expect(sorted).toEqual(['d', 'c', 'a', 'b']);
  });
});

describe('Art. 79: additional elections', () => {
  it('NA: any unfilled seat requires one', () => {
    expect(requiresAdditionalElection('NATIONAL_ASSEMBLY', 3, 2, 'FIRST')).toBe(true);
    expect(requiresAdditionalElection('NATIONAL_ASSEMBLY', 3, 3, 'FIRST')).toBe(false);
  });
  it('councils: fewer than two thirds filled requires one — 2 of 3 stands, 3 of 5 does not', () => {
    expect(requiresAdditionalElection('PROVINCIAL_COUNCIL', 3, 2, 'FIRST')).toBe(false);
    expect(requiresAdditionalElection('COMMUNE_COUNCIL', 5, 3, 'FIRST')).toBe(true);
    expect(requiresAdditionalElection('COMMUNE_COUNCIL', 5, 4, 'FIRST')).toBe(false);
  });
  it('is never required twice: not after an additional election or a re-vote (Art. 79 (3))', () => {
    expect(requiresAdditionalElection('NATIONAL_ASSEMBLY', 3, 1, 'ADDITIONAL')).toBe(false);
    expect(requiresAdditionalElection('NATIONAL_ASSEMBLY', 3, 1, 'REVOTE')).toBe(false);
  });
  it('a council with 2 of 3 seats filled is ELECTED with one unfilled seat', () => {
    const outcome = decideOutcome(
      complete({
        body: 'PROVINCIAL_COUNCIL',
        seats: 3,
        validBallots: 1000,
        candidates: [candidate('a', 800), candidate('b', 600), candidate('c', 400), candidate('d', 300)],
      }),
    );
    expect(outcome).toEqual({ state: 'ELECTED', electedCandidateIds: ['a', 'b'], unfilledSeats: 1 });
  });
});

describe('decideOutcome', () => {
  it('is PENDING until every polling area has reported, whatever the figures', () => {
    const outcome = decideOutcome(
      complete({ complete: false, candidates: [candidate('a', 880), candidate('b', 870)] }),
    );
    expect(outcome).toEqual({ state: 'PENDING', electedCandidateIds: [], unfilledSeats: 2 });
  });
  it('carries a flagged tie into the outcome for a human to look at', () => {
    const outcome = decideOutcome(
      complete({ seats: 1, validBallots: 1000, candidates: [candidate('p', 600), candidate('q', 600)] }),
    );
    expect(outcome.state).toBe('ELECTED');
    expect(outcome.tieNeedsReview?.candidateIds.sort()).toEqual(['p', 'q']);
  });
});
