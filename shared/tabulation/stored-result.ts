import type { PlacedContest } from '../model/election-index.ts';
import type { CandidateResult, ContestResult } from './contest-result.ts';

/** A result as stored: without candidate names, which the definition holds (items stay under 1 KB). */
export type StoredResult = Omit<ContestResult, 'candidates'> & {
  candidates: Omit<CandidateResult, 'name'>[];
};

export function storedResult(result: ContestResult): StoredResult {
  return { ...result, candidates: result.candidates.map(({ name: _name, ...rest }) => rest) };
}

/** The published result: names put back from the definition. */
export function publishedResult(stored: StoredResult, placed: PlacedContest): ContestResult {
  const names = new Map(placed.contest.candidates.map((c) => [c.id, c.name]));
  return {
    ...stored,
    // In the contract's order: id, name, votes, share, rank.
    candidates: stored.candidates.map((c) => ({
      candidateId: c.candidateId,
      name: names.get(c.candidateId) ?? c.candidateId,
      votes: c.votes,
      percentOfValid: c.percentOfValid,
      rank: c.rank,
    })),
  };
}
