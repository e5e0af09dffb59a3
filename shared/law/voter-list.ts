import type { Warning } from '../checks/anomalies.ts';
import type { Finding } from '../model/finding.ts';
import type { TallyFigures } from '../model/report.ts';
import { COUNT_FIELDS } from '../model/vocabulary.ts';

/**
 * How many voters a polling area's list may gain on polling day, beyond the list the definition
 * loaded. Law 85/2015 Chapter V (Art. 29–34): each voter is on exactly one list, drawn up per
 * polling area and posted beforehand, and it can still change on the day — chiefly voters who
 * bring a certificate to vote elsewhere, who are added to the list where they vote. Nationally
 * that is small (2021: +345,000 of 69.5 million by 21:00, about 0.5 %), but it gathers where such
 * voters go (hospitals, universities, industrial zones, units on duty), so the allowance of one
 * area is a share of its own list well above the national average, with a floor for small areas.
 */
export interface ListAllowance {
  /** Whole percent of the area's list (0–100). */
  readonly percent: number;
  /** Voters added on the day that any area may absorb, however small its list. */
  readonly minimum: number;
}

/**
 * Twenty times the national average share, so a polling area where certificate holders gather
 * still fits, while a figure of another order — a typo's extra digit, a fabricated total — does
 * not; areas hold 300–4,000 voters (Art. 11), so an area of 1,850 is bounded at 2,035.
 */
export const DEFAULT_LIST_ALLOWANCE: ListAllowance = { percent: 10, minimum: 20 };

/** The most voters a polling area's list can hold by the end of polling day. */
export function listBound(listed: number, allowance: ListAllowance = DEFAULT_LIST_ALLOWANCE): number {
  // Integer arithmetic, rounding the share up: exact for every list the schemas admit.
  const share = Math.floor((listed * allowance.percent + 99) / 100);
  return listed + Math.max(share, allowance.minimum);
}

const COUNT_NAMES: Readonly<Record<(typeof COUNT_FIELDS)[number], string>> = {
  registeredVoters: 'voters on the list',
  votersVoted: 'voters who voted',
  ballotsIssued: 'ballots issued',
  ballotsReceived: 'ballots received',
  validBallots: 'valid ballots',
  invalidBallots: 'invalid ballots',
};

/**
 * Art. 76 (2) with Art. 29–34: no figure of counting minutes can exceed the voters the list can
 * hold, since every ballot issued goes to a voter on it. The law's arithmetic already ties votes
 * to valid ballots, valid to received, received to issued and voters to the list; ballots issued
 * are bounded by nothing else, so every figure is checked here, each one listed.
 */
export function figuresWithinListBound(
  figures: Partial<Pick<TallyFigures, (typeof COUNT_FIELDS)[number]>> &
    Pick<TallyFigures, 'registeredVoters' | 'votersVoted'> &
    Partial<Pick<TallyFigures, 'candidateVotes'>>,
  listed: number,
  bound: number,
): Finding[] {
  const problems: Finding[] = [];
  for (const field of COUNT_FIELDS) {
    const value = figures[field];
    if (value !== undefined && value > bound) {
      problems.push(aboveBound(`/${field}`, `${value} ${COUNT_NAMES[field]}`, listed, bound));
    }
  }
  for (const [id, votes] of Object.entries(figures.candidateVotes ?? {})) {
    if (votes > bound)
      problems.push(aboveBound(`/candidateVotes/${id}`, `${votes} votes for ${id}`, listed, bound));
  }
  return problems;
}

function aboveBound(path: string, what: string, listed: number, bound: number): Finding {
  return {
    code: 'ABOVE_LIST_BOUND',
    path,
    message: `${what} exceed the ${bound} voters the list of ${listed} can hold with the voters added on polling day (Art. 29–34, Art. 76 (2))`,
  };
}

/**
 * Art. 29–34: the list a report gives may differ from the one loaded — voters added or struck on
 * the day — but each difference is looked at, since it is also how a wrong figure shows first.
 */
export function registeredDiffersFromList(registeredVoters: number, listed: number): Warning | undefined {
  return registeredVoters !== listed
    ? {
        code: 'REGISTERED_DIFFERS_FROM_LIST',
        path: '/registeredVoters',
        message: `${registeredVoters} voters on the list, ${registeredVoters > listed ? 'more' : 'fewer'} than the ${listed} of the loaded definition`,
      }
    : undefined;
}
