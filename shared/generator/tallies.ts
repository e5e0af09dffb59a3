import { randomUUID } from 'node:crypto';
import type { Contest, PollingArea } from '../model/election.ts';
import type { TallyFigures } from '../model/report.ts';
import type { Rng } from './prng.ts';

/** A first version of lawful counting minutes of one contest in one polling area, with its own submissionId. */
export function lawfulTally(
  pollingArea: Pick<PollingArea, 'id' | 'registeredVoters'>,
  contest: Pick<Contest, 'id' | 'seats' | 'candidates'>,
  rng: Rng,
) {
  return {
    type: 'tally' as const,
    submissionId: randomUUID(),
    pollingAreaId: pollingArea.id,
    contestId: contest.id,
    version: 1,
    ...lawfulFigures(contest, pollingArea.registeredVoters, rng),
  };
}

/**
 * Counting minutes a polling area could really have drawn up: turnout near the 2026 figures, about
 * 1 % invalid ballots, and votes that each valid ballot could have given (1 to `seats` names each).
 */
export function lawfulFigures(
  contest: Pick<Contest, 'seats' | 'candidates'>,
  registeredVoters: number,
  rng: Rng,
): TallyFigures {
  const votersVoted = Math.floor(registeredVoters * rng.between(0.95, 1));
  const invalidBallots = Math.floor(votersVoted * rng.between(0, 0.02));
  const validBallots = votersVoted - invalidBallots;
  const seats = Math.min(contest.seats, contest.candidates.length);
  // Σ votes lies between validBallots (one name each) and seats × validBallots (a full ballot each).
  const total =
    seats === 1
      ? validBallots
      : Math.max(validBallots, Math.round(validBallots * seats * rng.between(0.6, 0.95)));
  const votes = spread(
    total,
    contest.candidates.map(() => rng.between(0.2, 1)),
    validBallots,
  );
  return {
    registeredVoters,
    votersVoted,
    ballotsIssued: votersVoted,
    ballotsReceived: votersVoted,
    validBallots,
    invalidBallots,
    candidateVotes: Object.fromEntries(contest.candidates.map((c, i) => [c.id, votes[i] ?? 0])),
  };
}

/** Splits total by weight with no share above cap (feasible while total ≤ cap × shares). */
function spread(total: number, weights: readonly number[], cap: number): number[] {
  const shares = weights.map(() => 0);
  let left = total;
  while (left > 0) {
    const open = weights.map((w, i) => ((shares[i] ?? 0) < cap ? w : 0));
    const sum = open.reduce((a, b) => a + b, 0);
    if (sum === 0) break;
    let given = 0;
    open.forEach((w, i) => {
      const room = cap - (shares[i] ?? 0);
      const add = Math.min(room, Math.floor((left * w) / sum));
      shares[i] = (shares[i] ?? 0) + add;
      given += add;
    });
    if (given === 0) {
      // Rounding left a few votes: one each to the first candidates with room.
      for (let i = 0; i < shares.length && left - given > 0; i++) {
        if ((shares[i] ?? 0) < cap) {
          shares[i] = (shares[i] ?? 0) + 1;
          given++;
        }
      }
    }
    left -= given;
  }
  return shares;
}
