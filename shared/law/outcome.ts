import type { Body } from '../model/election.ts';

export type OutcomeState = 'PENDING' | 'REVOTE_REQUIRED' | 'ADDITIONAL_ELECTION_REQUIRED' | 'ELECTED';

/** Which round a contest's figures come from: the first polling day, or a re-vote / additional election. */
export type Round = 'FIRST' | 'REVOTE' | 'ADDITIONAL';

export interface RankedCandidateInput {
  readonly candidateId: string;
  readonly birthDate: string;
  readonly votes: number;
}

export interface OutcomeInput {
  readonly body: Body;
  readonly seats: number;
  readonly complete: boolean;
  readonly round: Round;
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly validBallots: number;
  readonly candidates: readonly RankedCandidateInput[];
}

export interface Outcome {
  readonly state: OutcomeState;
  readonly electedCandidateIds: string[];
  readonly unfilledSeats: number;
  /** Set when the law's tie-break (age) could not separate candidates for the last seat. */
  readonly tieNeedsReview?: { readonly candidateIds: string[] };
}

/**
 * Art. 78 (1), Art. 80 (1), (4): the result counts only when more than half of the voters on the
 * list voted; after a re-vote it counts whatever the turnout.
 */
export function turnoutValidatesResult(registeredVoters: number, votersVoted: number, round: Round): boolean {
  if (round === 'REVOTE') return true;
  return votersVoted * 2 > registeredVoters;
}

/** Art. 78 (2): a candidate qualifies with strictly more than half of the valid ballots. */
export function hasMajorityOfValidBallots(votes: number, validBallots: number): boolean {
  return validBallots > 0 && votes * 2 > validBallots;
}

/**
 * The law's order of candidates: most votes first (Art. 78 (3)); on equal votes the older first
 * (Art. 78 (4)); equal birth dates fall back to the candidate id so that the order is deterministic.
 */
export function compareByLawOrder(a: RankedCandidateInput, b: RankedCandidateInput): number {
  if (a.votes !== b.votes) return b.votes - a.votes;
  if (a.birthDate !== b.birthDate) return a.birthDate < b.birthDate ? -1 : 1;
  return a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0;
}

/**
 * Art. 79 (1), (2): an additional election is required in the first round when an NA unit leaves
 * any seat unfilled, or a People's Council unit fills fewer than two thirds of its seats.
 */
export function requiresAdditionalElection(
  body: Body,
  seats: number,
  elected: number,
  round: Round,
): boolean {
  if (round !== 'FIRST') return false;
  if (body === 'NATIONAL_ASSEMBLY') return elected < seats;
  return elected * 3 < seats * 2;
}

/**
 * Art. 78 (2)–(4): winners are the qualifiers with the most votes, up to the number of seats; a tie
 * for the last seat goes to the older candidate, and a tie that age cannot break is flagged.
 */
export function electWinners(
  seats: number,
  validBallots: number,
  candidates: readonly RankedCandidateInput[],
): { elected: string[]; tieNeedsReview?: string[] } {
  const qualifiers = candidates
    .filter((c) => hasMajorityOfValidBallots(c.votes, validBallots))
    .sort(compareByLawOrder);
  const elected = qualifiers.slice(0, seats);
  const last = elected[elected.length - 1];
  const firstOut = qualifiers[seats];
  const ids = elected.map((c) => c.candidateId);
  if (last && firstOut && last.votes === firstOut.votes && last.birthDate === firstOut.birthDate) {
    const tied = qualifiers.filter((c) => c.votes === last.votes && c.birthDate === last.birthDate);
    return { elected: ids, tieNeedsReview: tied.map((c) => c.candidateId) };
  }
  return { elected: ids };
}

/** A contest's outcome under Art. 78–80, PENDING until every expected polling area has reported. */
export function decideOutcome(input: OutcomeInput): Outcome {
  if (!input.complete) {
    return { state: 'PENDING', electedCandidateIds: [], unfilledSeats: input.seats };
  }
  if (!turnoutValidatesResult(input.registeredVoters, input.votersVoted, input.round)) {
    return { state: 'REVOTE_REQUIRED', electedCandidateIds: [], unfilledSeats: input.seats };
  }
  const { elected, tieNeedsReview } = electWinners(input.seats, input.validBallots, input.candidates);
  const unfilledSeats = input.seats - elected.length;
  const state = requiresAdditionalElection(input.body, input.seats, elected.length, input.round)
    ? 'ADDITIONAL_ELECTION_REQUIRED'
    : 'ELECTED';
  return {
    state,
    electedCandidateIds: elected,
    unfilledSeats,
    ...(tieNeedsReview ? { tieNeedsReview: { candidateIds: tieNeedsReview } } : {}),
  };
}
