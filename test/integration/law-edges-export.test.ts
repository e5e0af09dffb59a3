import { describe, expect, it } from 'vitest';
import { verifyExport } from '../../shared/log/verify.ts';
import type { ElectionDefinition } from '../../shared/model/election.ts';
import { cdfReferenceProblems } from '../../shared/tabulation/cdf.ts';
import { nistValidator } from '../support/nist.ts';
import { call, eventually, smallElection, tally, uniqueId } from './client.ts';

interface EdgeContest {
  readonly id: string;
  readonly body: 'NATIONAL_ASSEMBLY' | 'PROVINCIAL_COUNCIL';
  readonly provinceId: '01' | '79';
  readonly seats: number;
  /** Each candidate's birth date and votes, in the order of their ids (…-1, …-2, …). */
  readonly candidates: readonly (readonly [birthDate: string, votes: number])[];
  readonly registeredVoters?: number;
}

/**
 * One contest for each of the law's edges, each counted in one polling area of its own (an NA unit
 * lists at least two candidates more than its seats: a candidate without votes makes up the list).
 */
const EDGES: readonly EdgeContest[] = [
  // Art. 78 (4): 700, then 600 and 600 for the last seat — the older of the two takes it.
  {
    id: 'NA-01-AGE',
    body: 'NATIONAL_ASSEMBLY',
    provinceId: '01',
    seats: 2,
    candidates: [
      ['1975-01-01', 700],
      ['1970-05-05', 600],
      ['1960-09-09', 600],
      ['1980-01-01', 0],
    ],
  },
  // Art. 78 (1): 500 voted of 1,000 on the list is not more than half — a re-vote.
  {
    id: 'NA-01-HALF-TURNOUT',
    body: 'NATIONAL_ASSEMBLY',
    provinceId: '01',
    seats: 1,
    candidates: [
      ['1970-01-01', 300],
      ['1971-01-01', 190],
      ['1972-01-01', 0],
    ],
  },
  // Art. 78 (2): 480 of 960 valid ballots is exactly half, not more — nobody is elected.
  {
    id: 'NA-01-HALF-VOTES',
    body: 'NATIONAL_ASSEMBLY',
    provinceId: '01',
    seats: 1,
    candidates: [
      ['1970-01-01', 480],
      ['1971-01-01', 480],
      ['1972-01-01', 0],
    ],
  },
  // Art. 79 (2): two of three seats filled is two thirds — the council's result stands.
  {
    id: 'PC-79-TWO-OF-THREE',
    body: 'PROVINCIAL_COUNCIL',
    provinceId: '79',
    seats: 3,
    candidates: [
      ['1970-01-01', 800],
      ['1971-01-01', 700],
      ['1972-01-01', 200],
      ['1973-01-01', 100],
      ['1974-01-01', 100],
    ],
  },
  // Art. 79 (2): three of five is less than two thirds — an additional election.
  {
    id: 'PC-79-THREE-OF-FIVE',
    body: 'PROVINCIAL_COUNCIL',
    provinceId: '79',
    seats: 5,
    candidates: [
      ['1970-01-01', 900],
      ['1971-01-01', 800],
      ['1972-01-01', 700],
      ['1973-01-01', 100],
      ['1974-01-01', 100],
      ['1975-01-01', 100],
      ['1976-01-01', 100],
    ],
  },
  // Art. 78 (4) cannot separate two of the same birth date: elected by id, flagged for review.
  {
    id: 'PC-79-SAME-AGE',
    body: 'PROVINCIAL_COUNCIL',
    provinceId: '79',
    seats: 2,
    candidates: [
      ['1965-03-03', 700],
      ['1968-08-08', 600],
      ['1968-08-08', 600],
    ],
  },
];

const candidateId = (contestId: string, i: number) => `${contestId}-${i + 1}`;
const areaOf = (contestId: string) => `PA-${contestId}`;

function edgeElection(id: string): ElectionDefinition {
  const base = smallElection(id);
  return {
    ...base,
    name: 'Bầu cử thử nghiệm: các trường hợp biên của luật',
    contests: EDGES.map((c) => ({
      id: c.id,
      body: c.body,
      name: `Đơn vị bầu cử ${c.id}`,
      provinceId: c.provinceId,
      seats: c.seats,
      candidates: c.candidates.map(([birthDate], i) => ({
        id: candidateId(c.id, i),
        name: `Ứng cử viên ${i + 1}`,
        birthDate,
      })),
    })),
    pollingAreas: EDGES.map((c) => ({
      id: areaOf(c.id),
      name: `Khu vực bỏ phiếu ${c.id}`,
      communeId: `${c.provinceId}-001`,
      registeredVoters: 1000,
      contestIds: [c.id],
    })),
  };
}

function minutesOf(c: EdgeContest) {
  const votes = Object.fromEntries(c.candidates.map(([, v], i) => [candidateId(c.id, i), v]));
  return tally(areaOf(c.id), c.id, votes, {}, c.seats);
}

describe('an election of the law’s edge cases', () => {
  it('decides each edge by its article, and its public export verifies and recounts clean', async () => {
    const id = uniqueId('edges');
    const loaded = await call('PUT', `/v1/elections/${id}`, { body: edgeElection(id) });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
    const minutes = EDGES.map(minutesOf);
    // The turnout edge: exactly half of the list voted.
    expect(minutes[1]?.votersVoted).toBe(500);
    for (const body of minutes) {
      const sent = await call('POST', `/v1/elections/${id}/reports`, { body });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    }
    const exported = await eventually(
      () => call('GET', `/v1/elections/${id}/export`),
      (a) =>
        a.status === 200 &&
        a.body.results.length === EDGES.length &&
        a.body.results.every((r: { status: string }) => r.status === 'COMPLETE') &&
        // every report's leaf is signed into the tree: the definition and one leaf per minutes
        Number(a.body.checkpoints.at(-1)?.split('\n')[1]) >= a.body.leaves.length &&
        a.body.leaves.length >= EDGES.length + 1,
      90_000,
    );
    expect(verifyExport(exported.body, 'LIVE')).toBeUndefined();

    const outcome = (contestId: string) =>
      exported.body.results.find((r: { contestId: string }) => r.contestId === contestId)?.outcome;
    expect(outcome('NA-01-AGE')).toMatchObject({
      state: 'ELECTED',
      electedCandidateIds: ['NA-01-AGE-1', 'NA-01-AGE-3'],
    });
    expect(outcome('NA-01-HALF-TURNOUT')).toMatchObject({
      state: 'REVOTE_REQUIRED',
      electedCandidateIds: [],
    });
    expect(outcome('NA-01-HALF-VOTES')).toMatchObject({
      state: 'ADDITIONAL_ELECTION_REQUIRED',
      electedCandidateIds: [],
      unfilledSeats: 1,
    });
    expect(outcome('PC-79-TWO-OF-THREE')).toMatchObject({ state: 'ELECTED', unfilledSeats: 1 });
    expect(outcome('PC-79-THREE-OF-FIVE')).toMatchObject({
      state: 'ADDITIONAL_ELECTION_REQUIRED',
      unfilledSeats: 2,
    });
    expect(outcome('PC-79-SAME-AGE')).toMatchObject({
      state: 'ELECTED',
      electedCandidateIds: ['PC-79-SAME-AGE-1', 'PC-79-SAME-AGE-2'],
      tieNeedsReview: { candidateIds: ['PC-79-SAME-AGE-2', 'PC-79-SAME-AGE-3'] },
    });

    // The same results as open data: valid against NIST's schema, every reference resolving.
    const validate = nistValidator();
    for (const query of ['', '?provinceId=01', '?provinceId=79']) {
      const cdf = await call('GET', `/v1/elections/${id}/export/cdf${query}`);
      expect(cdf.status).toBe(200);
      expect(validate(cdf.body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      expect(cdfReferenceProblems(cdf.body)).toEqual([]);
    }
  });
});
