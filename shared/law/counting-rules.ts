import type { Contest } from '../model/election.ts';
import type { Finding } from '../model/finding.ts';
import type { TallyFigures } from '../model/report.ts';

/**
 * The arithmetic a set of counting minutes must satisfy, one function per rule of the law.
 * Each answers the problem it finds, or undefined; none stops the others, so every problem is listed.
 */
type Rule = (figures: TallyFigures) => Finding | undefined;

const problemAt = (code: string, path: string, message: string): Finding => ({ code, path, message });

/** Art. 76 (2) a–b: voters who voted cannot exceed the voters on the list (also in turnout reports). */
export const votersWithinRegistered = (
  f: Pick<TallyFigures, 'registeredVoters' | 'votersVoted'>,
): Finding | undefined =>
  f.votersVoted > f.registeredVoters
    ? problemAt(
        'VOTERS_EXCEED_REGISTERED',
        '/votersVoted',
        `${f.votersVoted} voted but ${f.registeredVoters} are on the list (Art. 76 (2) a–b)`,
      )
    : undefined;

/** Art. 76 (2) c–d: ballots received (in the box) cannot exceed ballots issued. */
export const ballotsReceivedWithinIssued: Rule = (f) =>
  f.ballotsReceived > f.ballotsIssued
    ? problemAt(
        'BALLOTS_RECEIVED_EXCEED_ISSUED',
        '/ballotsReceived',
        `${f.ballotsReceived} ballots received but ${f.ballotsIssued} issued (Art. 76 (2) c–d)`,
      )
    : undefined;

/** Art. 76 (2) d–e: every ballot received is either valid or invalid. */
export const ballotsReceivedAreValidOrInvalid: Rule = (f) =>
  f.ballotsReceived !== f.validBallots + f.invalidBallots
    ? problemAt(
        'BALLOTS_RECEIVED_MISMATCH',
        '/ballotsReceived',
        `${f.ballotsReceived} ballots received ≠ ${f.validBallots} valid + ${f.invalidBallots} invalid (Art. 76 (2) d–e)`,
      )
    : undefined;

/** Art. 74 (1) c: a valid ballot keeps each name at most once, so no candidate has more votes than valid ballots. */
export const candidateVotesWithinValid: Rule = (f) => {
  const over = Object.entries(f.candidateVotes).find(([, votes]) => votes > f.validBallots);
  return over
    ? problemAt(
        'CANDIDATE_VOTES_EXCEED_VALID',
        `/candidateVotes/${over[0]}`,
        `${over[0]} has ${over[1]} votes, more than the ${f.validBallots} valid ballots (Art. 74 (1))`,
      )
    : undefined;
};

/** Art. 74 (1) d: a ballot with every name crossed out is invalid, so the votes cover every valid ballot. */
export const votesCoverValidBallots: Rule = (f) => {
  const total = sumVotes(f);
  return total < f.validBallots
    ? problemAt(
        'VOTES_BELOW_VALID_BALLOTS',
        '/candidateVotes',
        `${total} votes cannot come from ${f.validBallots} valid ballots, each of which keeps at least one name (Art. 74 (1) d)`,
      )
    : undefined;
};

/** Art. 74 (1) c: a ballot keeping more names than seats is invalid, so votes ≤ seats × valid ballots. */
export function votesWithinSeatsTimesValid(figures: TallyFigures, seats: number): Finding | undefined {
  const total = sumVotes(figures);
  return total > seats * figures.validBallots
    ? problemAt(
        'VOTES_EXCEED_SEATS_TIMES_VALID',
        '/candidateVotes',
        `${total} votes exceed ${seats} seat(s) × ${figures.validBallots} valid ballots (Art. 74 (1) c)`,
      )
    : undefined;
}

/** Art. 76 (2) g: the minutes give the votes of each candidate of the unit — no more, no fewer. */
export function candidatesMatchContest(
  figures: TallyFigures,
  contest: Pick<Contest, 'id' | 'candidates'>,
): Finding | undefined {
  const expected = new Set(contest.candidates.map((c) => c.id));
  const given = Object.keys(figures.candidateVotes);
  const unknown = given.filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !(id in figures.candidateVotes));
  if (unknown.length === 0 && missing.length === 0) return undefined;
  const parts = [
    ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
    ...(unknown.length ? [`not candidates of ${contest.id}: ${unknown.join(', ')}`] : []),
  ];
  return problemAt(
    'CANDIDATES_MISMATCH',
    '/candidateVotes',
    `The candidate votes do not name exactly the unit's candidates (${parts.join('; ')}) (Art. 76 (2) g)`,
  );
}

/** Every counting rule, for one contest's minutes: all problems, in a stable order. */
export function checkCountingFigures(
  figures: TallyFigures,
  contest: Pick<Contest, 'id' | 'seats' | 'candidates'>,
): Finding[] {
  const problems = [
    votersWithinRegistered(figures),
    ballotsReceivedWithinIssued(figures),
    ballotsReceivedAreValidOrInvalid(figures),
    candidatesMatchContest(figures, contest),
    candidateVotesWithinValid(figures),
    votesCoverValidBallots(figures),
    votesWithinSeatsTimesValid(figures, contest.seats),
  ];
  return problems.filter((p): p is Finding => p !== undefined);
}

function sumVotes(figures: TallyFigures): number {
  return Object.values(figures.candidateVotes).reduce((sum, votes) => sum + votes, 0);
}
