import type { Body, Contest, ElectionDefinition, PollingArea } from './election.ts';
import { type DefinitionProblem, type ElectionIndex, indexElection } from './election-index.ts';
import { MAX_COUNT } from './ids.ts';

/** Art. 10 of Law 85/2015: an NA unit elects at most 3 deputies, a People's Council unit at most 5. */
export const MAX_SEATS: Readonly<Record<Body, number>> = {
  NATIONAL_ASSEMBLY: 3,
  PROVINCIAL_COUNCIL: 5,
  COMMUNE_COUNCIL: 5,
};

/** Art. 10: seats of a unit within the legal maximum of its body. */
export function seatsWithinLegalMaximum(contest: Pick<Contest, 'body' | 'seats'>): boolean {
  return contest.seats <= MAX_SEATS[contest.body];
}

/**
 * Candidate lists (Law 85/2015, Art. 57–58): an NA unit lists at least two more candidates than
 * seats; a People's Council unit more candidates than seats.
 */
export function minimumCandidates(contest: Pick<Contest, 'body' | 'seats'>): number {
  return contest.body === 'NATIONAL_ASSEMBLY' ? contest.seats + 2 : contest.seats + 1;
}

/**
 * Art. 29: each voter is on one list only, so the lists together hold at most the country's
 * voters. Bounding the total (not only each area) is what keeps every national sum exact.
 */
export function listTotalWithinCountry(
  pollingAreas: readonly Pick<PollingArea, 'registeredVoters'>[],
): DefinitionProblem | undefined {
  const total = pollingAreas.reduce((sum, p) => sum + p.registeredVoters, 0);
  return total > MAX_COUNT
    ? {
        code: 'LIST_TOTAL_ABOVE_COUNTRY',
        path: '/pollingAreas',
        message: `The polling areas' lists hold ${total} voters, more than the ${MAX_COUNT} the country can have (Art. 29)`,
      }
    : undefined;
}

/**
 * Checks a definition as a whole and lists every problem: duplicate ids, references to nothing,
 * units above the legal size or short of candidates, and polling areas that do not vote in exactly
 * one contest of each body they vote for, within their own province and commune.
 */
export function validateElection(
  def: ElectionDefinition,
): { ok: true; index: ElectionIndex } | { ok: false; problems: DefinitionProblem[] } {
  const problems: DefinitionProblem[] = [];
  const duplicates = (kind: string, items: readonly { id: string }[], path: (i: number) => string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id))
        problems.push({
          code: 'DUPLICATE_ID',
          path: path(i),
          message: `The ${kind} id "${item.id}" is used twice`,
        });
      seen.add(item.id);
    });
  };
  duplicates('region', def.regions, (i) => `/regions/${i}/id`);
  duplicates('province', def.provinces, (i) => `/provinces/${i}/id`);
  duplicates('commune', def.communes, (i) => `/communes/${i}/id`);
  duplicates('contest', def.contests, (i) => `/contests/${i}/id`);
  duplicates('polling area', def.pollingAreas, (i) => `/pollingAreas/${i}/id`);
  const listTotal = listTotalWithinCountry(def.pollingAreas);
  if (listTotal) problems.push(listTotal);
  const candidateIds = new Set<string>();
  def.contests.forEach((contest, i) => {
    contest.candidates.forEach((candidate, j) => {
      if (candidateIds.has(candidate.id)) {
        problems.push({
          code: 'DUPLICATE_ID',
          path: `/contests/${i}/candidates/${j}/id`,
          message: `The candidate id "${candidate.id}" is used twice`,
        });
      }
      candidateIds.add(candidate.id);
    });
    if (!seatsWithinLegalMaximum(contest)) {
      problems.push({
        code: 'SEATS_ABOVE_LEGAL_MAXIMUM',
        path: `/contests/${i}/seats`,
        message: `A ${contest.body} unit elects at most ${MAX_SEATS[contest.body]} (Art. 10); "${contest.id}" has ${contest.seats}`,
      });
    }
    const minimum = minimumCandidates(contest);
    if (contest.candidates.length < minimum) {
      problems.push({
        code: 'TOO_FEW_CANDIDATES',
        path: `/contests/${i}/candidates`,
        message: `"${contest.id}" needs at least ${minimum} candidates for ${contest.seats} seat(s); it lists ${contest.candidates.length}`,
      });
    }
    if (contest.body === 'COMMUNE_COUNCIL' && contest.communeId === undefined) {
      problems.push({
        code: 'COMMUNE_REQUIRED',
        path: `/contests/${i}/communeId`,
        message: `Commune council contest "${contest.id}" names no commune`,
      });
    }
    if (contest.body !== 'COMMUNE_COUNCIL' && contest.communeId !== undefined) {
      problems.push({
        code: 'COMMUNE_NOT_ALLOWED',
        path: `/contests/${i}/communeId`,
        message: `Only commune council contests name a commune; "${contest.id}" is ${contest.body}`,
      });
    }
  });

  const indexed = indexElection(def);
  if (!indexed.ok) return { ok: false, problems: [...problems, ...indexed.problems] };
  const { index } = indexed;
  const communeProvince = new Map(def.communes.map((c) => [c.id, c.provinceId]));
  def.contests.forEach((contest, i) => {
    if (contest.communeId !== undefined && communeProvince.get(contest.communeId) !== contest.provinceId) {
      problems.push({
        code: 'COMMUNE_OUTSIDE_PROVINCE',
        path: `/contests/${i}/communeId`,
        message: `Commune "${contest.communeId}" is not in province "${contest.provinceId}"`,
      });
    }
    if ((index.contests.get(contest.id)?.expectedPollingAreaIds.length ?? 0) === 0) {
      problems.push({
        code: 'CONTEST_WITHOUT_POLLING_AREAS',
        path: `/contests/${i}`,
        message: `No polling area votes in "${contest.id}"`,
      });
    }
  });
  const contestById = new Map(def.contests.map((c) => [c.id, c]));
  def.pollingAreas.forEach((pollingArea, i) => {
    const placed = index.pollingAreas.get(pollingArea.id);
    const bodies = new Map<Body, number>();
    pollingArea.contestIds.forEach((contestId, j) => {
      const contest = contestById.get(contestId);
      if (!contest || !placed) return;
      bodies.set(contest.body, (bodies.get(contest.body) ?? 0) + 1);
      if (contest.provinceId !== placed.provinceId) {
        problems.push({
          code: 'CONTEST_OUTSIDE_POLLING_AREA',
          path: `/pollingAreas/${i}/contestIds/${j}`,
          message: `Polling area "${pollingArea.id}" is in province "${placed.provinceId}"; contest "${contestId}" is in "${contest.provinceId}"`,
        });
      } else if (contest.communeId !== undefined && contest.communeId !== pollingArea.communeId) {
        problems.push({
          code: 'CONTEST_OUTSIDE_POLLING_AREA',
          path: `/pollingAreas/${i}/contestIds/${j}`,
          message: `Polling area "${pollingArea.id}" is in commune "${pollingArea.communeId}"; contest "${contestId}" is in "${contest.communeId}"`,
        });
      }
    });
    for (const [body, count] of bodies) {
      if (count !== 1) {
        problems.push({
          code: 'CONTESTS_PER_BODY',
          path: `/pollingAreas/${i}/contestIds`,
          message: `Polling area "${pollingArea.id}" votes in ${count} ${body} contests; it must vote in exactly one`,
        });
      }
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, index };
}
