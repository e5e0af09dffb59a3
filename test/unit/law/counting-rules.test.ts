import { describe, expect, it } from 'vitest';
import {
  ballotsReceivedAreValidOrInvalid,
  ballotsReceivedWithinIssued,
  candidatesMatchContest,
  candidateVotesWithinValid,
  checkCountingFigures,
  votersWithinRegistered,
  votesCoverValidBallots,
  votesWithinSeatsTimesValid,
} from '../../../shared/law/counting-rules.ts';
import type { TallyFigures } from '../../../shared/model/report.ts';

const lawful: TallyFigures = {
  registeredVoters: 1850,
  votersVoted: 1842,
  ballotsIssued: 1842,
  ballotsReceived: 1840,
  validBallots: 1826,
  invalidBallots: 14,
  candidateVotes: { a: 1500, b: 1320, c: 1210, d: 640, e: 410 },
};
const contest = {
  id: 'NA-01-01',
  seats: 3,
  candidates: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, name: id, birthDate: '1970-01-01' })),
};

describe('the counting rules, each on its own', () => {
  it('accepts the contract’s example minutes', () => {
    expect(checkCountingFigures(lawful, contest)).toEqual([]);
  });
  it('Art. 76 (2) a–b: voters who voted ≤ voters on the list', () => {
    expect(votersWithinRegistered({ registeredVoters: 10, votersVoted: 10 })).toBeUndefined();
    expect(votersWithinRegistered({ registeredVoters: 10, votersVoted: 11 })?.code).toBe(
      'VOTERS_EXCEED_REGISTERED',
    );
  });
  it('Art. 76 (2) c–d: ballots received ≤ ballots issued', () => {
    expect(ballotsReceivedWithinIssued({ ...lawful, ballotsReceived: 1843 })?.code).toBe(
      'BALLOTS_RECEIVED_EXCEED_ISSUED',
    );
    expect(ballotsReceivedWithinIssued({ ...lawful, ballotsReceived: 1842 })).toBeUndefined();
  });
  it('Art. 76 (2) d–e: ballots received = valid + invalid', () => {
    expect(ballotsReceivedAreValidOrInvalid({ ...lawful, invalidBallots: 13 })).toMatchObject({
      code: 'BALLOTS_RECEIVED_MISMATCH',
      path: '/ballotsReceived',
    });
  });
  it('Art. 74 (1): no candidate has more votes than valid ballots', () => {
    expect(
      candidateVotesWithinValid({ ...lawful, candidateVotes: { ...lawful.candidateVotes, c: 1827 } }),
    ).toMatchObject({
      code: 'CANDIDATE_VOTES_EXCEED_VALID',
      path: '/candidateVotes/c',
    });
    expect(
      candidateVotesWithinValid({ ...lawful, candidateVotes: { ...lawful.candidateVotes, c: 1826 } }),
    ).toBeUndefined();
  });
  it('Art. 74 (1) d: every valid ballot keeps at least one name, so Σ votes ≥ valid ballots', () => {
    expect(votesCoverValidBallots({ ...lawful, candidateVotes: { a: 1825 } })?.code).toBe(
      'VOTES_BELOW_VALID_BALLOTS',
    );
    expect(votesCoverValidBallots({ ...lawful, candidateVotes: { a: 1826 } })).toBeUndefined();
  });
  it('Art. 74 (1) c: no valid ballot keeps more names than seats, so Σ votes ≤ seats × valid ballots', () => {
    const full = { ...lawful, validBallots: 100, candidateVotes: { a: 100, b: 100, c: 100 } };
    expect(votesWithinSeatsTimesValid(full, 3)).toBeUndefined();
    expect(votesWithinSeatsTimesValid(full, 2)?.code).toBe('VOTES_EXCEED_SEATS_TIMES_VALID');
  });
  it('Art. 76 (2) g: votes for exactly the unit’s candidates', () => {
    const missing = candidatesMatchContest(
      { ...lawful, candidateVotes: { a: 1, b: 1, c: 1, d: 1 } },
      contest,
    );
    expect(missing?.message).toContain('missing e');
    const stranger = candidatesMatchContest(
      { ...lawful, candidateVotes: { ...lawful.candidateVotes, z: 1 } },
      contest,
    );
    expect(stranger?.message).toContain('z');
  });
  it('lists every broken rule, not only the first', () => {
    const codes = checkCountingFigures(
      { ...lawful, votersVoted: 2000, ballotsReceived: 1900, candidateVotes: { a: 2000 } },
      contest,
    ).map((p) => p.code);
    expect(codes).toEqual([
      'VOTERS_EXCEED_REGISTERED',
      'BALLOTS_RECEIVED_EXCEED_ISSUED',
      'BALLOTS_RECEIVED_MISMATCH',
      'CANDIDATES_MISMATCH',
      'CANDIDATE_VOTES_EXCEED_VALID',
    ]);
  });
});
