import type { TallyFigures } from '../model/report.ts';

/** The sum of some polling areas' tallies for one contest. */
export interface ContestTotals {
  readonly pollingAreasReporting: number;
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly ballotsIssued: number;
  readonly ballotsReceived: number;
  readonly validBallots: number;
  readonly invalidBallots: number;
  readonly candidateVotes: Readonly<Record<string, number>>;
}

export const EMPTY_TOTALS: ContestTotals = {
  pollingAreasReporting: 0,
  registeredVoters: 0,
  votersVoted: 0,
  ballotsIssued: 0,
  ballotsReceived: 0,
  validBallots: 0,
  invalidBallots: 0,
  candidateVotes: {},
};

/** One polling area's tally as totals of one polling area. */
export function totalsOfTally(tally: TallyFigures): ContestTotals {
  return {
    pollingAreasReporting: 1,
    registeredVoters: tally.registeredVoters,
    votersVoted: tally.votersVoted,
    ballotsIssued: tally.ballotsIssued,
    ballotsReceived: tally.ballotsReceived,
    validBallots: tally.validBallots,
    invalidBallots: tally.invalidBallots,
    candidateVotes: { ...tally.candidateVotes },
  };
}

/** Associative and commutative: any split or order of the same tallies gives the same totals. */
export function combineTotals(a: ContestTotals, b: ContestTotals): ContestTotals {
  const candidateVotes: Record<string, number> = { ...a.candidateVotes };
  for (const [id, votes] of Object.entries(b.candidateVotes)) {
    candidateVotes[id] = (candidateVotes[id] ?? 0) + votes;
  }
  return {
    pollingAreasReporting: a.pollingAreasReporting + b.pollingAreasReporting,
    registeredVoters: a.registeredVoters + b.registeredVoters,
    votersVoted: a.votersVoted + b.votersVoted,
    ballotsIssued: a.ballotsIssued + b.ballotsIssued,
    ballotsReceived: a.ballotsReceived + b.ballotsReceived,
    validBallots: a.validBallots + b.validBallots,
    invalidBallots: a.invalidBallots + b.invalidBallots,
    candidateVotes,
  };
}

export function sumTallies(tallies: Iterable<TallyFigures>): ContestTotals {
  let totals = EMPTY_TOTALS;
  for (const tally of tallies) totals = combineTotals(totals, totalsOfTally(tally));
  return totals;
}
