import { compareByLawOrder, decideOutcome, type Outcome, type Round } from '../law/outcome.ts';
import { percentHalfUp } from '../law/percent.ts';
import type { Body, Contest } from '../model/election.ts';
import type { ContestTotals } from './contest-totals.ts';

export type ResultStatus = 'NO_RESULTS' | 'PARTIAL' | 'COMPLETE';

export interface CandidateResult {
  readonly candidateId: string;
  readonly name: string;
  readonly votes: number;
  readonly percentOfValid: number;
  readonly rank: number;
}

/** A contest's published result: the contract's results shape, without the envelope fields. */
export interface ContestResult {
  readonly contestId: string;
  /** The contest's own name (e.g. "Đơn vị bầu cử số 1"), so a dashboard needs no definition. */
  readonly name: string;
  readonly body: Body;
  readonly provinceId: string;
  readonly seats: number;
  readonly status: ResultStatus;
  readonly pollingAreas: { readonly reporting: number; readonly expected: number };
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly turnoutPercent: number;
  readonly ballotsIssued: number;
  readonly ballotsReceived: number;
  readonly validBallots: number;
  readonly invalidBallots: number;
  readonly candidates: CandidateResult[];
  readonly outcome: Outcome;
}

export function resultStatus(reporting: number, expected: number): ResultStatus {
  if (reporting === 0) return 'NO_RESULTS';
  return reporting >= expected ? 'COMPLETE' : 'PARTIAL';
}

/** Turns a contest's totals into its result: percentages, the law's order and the outcome. */
export function contestResult(
  contest: Contest,
  expectedPollingAreas: number,
  totals: ContestTotals,
  round: Round = 'FIRST',
): ContestResult {
  const status = resultStatus(totals.pollingAreasReporting, expectedPollingAreas);
  const ranked = contest.candidates
    .map((c) => ({ candidateId: c.id, birthDate: c.birthDate, votes: totals.candidateVotes[c.id] ?? 0 }))
    .sort(compareByLawOrder);
  const names = new Map(contest.candidates.map((c) => [c.id, c.name]));
  const candidates = ranked.map((c, index) => ({
    candidateId: c.candidateId,
    name: names.get(c.candidateId) ?? c.candidateId,
    votes: c.votes,
    percentOfValid: percentHalfUp(c.votes, totals.validBallots),
    rank: index + 1,
  }));
  const outcome = decideOutcome({
    body: contest.body,
    seats: contest.seats,
    complete: status === 'COMPLETE',
    round,
    registeredVoters: totals.registeredVoters,
    votersVoted: totals.votersVoted,
    validBallots: totals.validBallots,
    candidates: ranked,
  });
  return {
    contestId: contest.id,
    name: contest.name,
    body: contest.body,
    provinceId: contest.provinceId,
    seats: contest.seats,
    status,
    pollingAreas: { reporting: totals.pollingAreasReporting, expected: expectedPollingAreas },
    registeredVoters: totals.registeredVoters,
    votersVoted: totals.votersVoted,
    turnoutPercent: percentHalfUp(totals.votersVoted, totals.registeredVoters),
    ballotsIssued: totals.ballotsIssued,
    ballotsReceived: totals.ballotsReceived,
    validBallots: totals.validBallots,
    invalidBallots: totals.invalidBallots,
    candidates,
    outcome,
  };
}
