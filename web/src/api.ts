/**
 * What the page reads of the public v1 API, as the contract states it. Fields marked optional may
 * be missing from an older API; the page then shows the id instead of a name or leaves a list out.
 */

export const BODIES = ['NATIONAL_ASSEMBLY', 'PROVINCIAL_COUNCIL', 'COMMUNE_COUNCIL'] as const;
export type Body = (typeof BODIES)[number];
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Mode = 'LIVE' | 'TEST';
export type ContestStatus = 'NO_RESULTS' | 'PARTIAL' | 'COMPLETE';
export type OutcomeState = 'PENDING' | 'REVOTE_REQUIRED' | 'ADDITIONAL_ELECTION_REQUIRED' | 'ELECTED';
export type Role =
  | 'ADMIN'
  | 'COUNCIL'
  | 'PROVINCIAL_COMMITTEE'
  | 'REGIONAL_CONFERENCE'
  | 'REPORTER'
  | 'OBSERVER';

export interface Reporting {
  readonly reporting: number;
  readonly expected: number;
}

export interface BodySummary {
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly turnoutPercent: number;
  readonly pollingAreas: Reporting;
  readonly contests: Readonly<Record<'total' | ContestStatus | OutcomeState, number>>;
  readonly seats: { readonly total: number; readonly filled: number };
}

export interface Summary {
  readonly bodies: Readonly<Record<Body, BodySummary>>;
  readonly incidents: Readonly<Record<Severity, number>>;
}

interface Head {
  readonly electionId: string;
  readonly mode: Mode;
  readonly asOf: string | null;
}

export interface Outcome {
  readonly state: OutcomeState;
  readonly electedCandidateIds: readonly string[];
  readonly unfilledSeats: number;
  readonly tieNeedsReview?: { readonly candidateIds: readonly string[] };
}

export interface RegionRow extends Summary {
  readonly regionId: string;
  readonly name?: string;
}
export interface ProvinceRow extends Summary {
  readonly provinceId: string;
  readonly name?: string;
}
export interface ContestRow {
  readonly contestId: string;
  readonly name?: string;
  readonly body: Body;
  readonly status: ContestStatus;
  readonly pollingAreas: Reporting;
  readonly turnoutPercent: number;
  readonly outcome: Outcome;
}

export interface NationResults extends Head, Summary {
  readonly level: 'NATION';
  readonly regions: readonly RegionRow[];
}
export interface RegionResults extends Head, Summary {
  readonly level: 'REGION';
  readonly regionId: string;
  readonly name?: string;
  readonly provinces: readonly ProvinceRow[];
}
export interface ProvinceResults extends Head, Summary {
  readonly level: 'PROVINCE';
  readonly provinceId: string;
  readonly regionId: string;
  readonly name?: string;
  readonly contests: readonly ContestRow[];
}
export type AreaResults = NationResults | RegionResults | ProvinceResults;

export interface Candidate {
  readonly candidateId: string;
  readonly name: string;
  readonly votes: number;
  readonly percentOfValid: number;
  readonly rank: number;
}

export interface ContestResult extends Head {
  readonly contestId: string;
  readonly name?: string;
  readonly body: Body;
  readonly provinceId: string;
  readonly seats: number;
  readonly status: ContestStatus;
  readonly pollingAreas: Reporting;
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly turnoutPercent: number;
  readonly ballotsIssued: number;
  readonly ballotsReceived: number;
  readonly validBallots: number;
  readonly invalidBallots: number;
  readonly candidates: readonly Candidate[];
  readonly outcome: Outcome;
  readonly unitResultCheck?: {
    readonly submissionId: string;
    readonly differences: readonly {
      readonly path: string;
      readonly filed: unknown;
      readonly computed: unknown;
    }[];
  };
  readonly notReported?: readonly { readonly pollingAreaId: string; readonly name?: string }[];
}

export interface TurnoutPoint {
  readonly slot: string;
  readonly asOf: string;
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly turnoutPercent: number;
  readonly pollingAreas: number;
}
export interface TurnoutSeries extends Head {
  readonly level: 'NATION' | 'REGION' | 'PROVINCE';
  readonly series: readonly TurnoutPoint[];
}

export interface ElectionEvent {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly severity: 'INFO' | Severity;
  readonly scope: {
    readonly regionId?: string;
    readonly provinceId?: string;
    readonly contestId?: string;
    readonly pollingAreaId?: string;
  };
  readonly summary: string;
}
export interface InboxAnswer {
  readonly audience: string;
  readonly mode: Mode;
  readonly items: readonly ElectionEvent[];
  readonly nextCursor: string;
}

/** GET /v1/me. */
export interface Me {
  readonly credentialId: string;
  readonly role: Role;
  readonly mode: Mode;
  readonly provinceId?: string;
  readonly regionId?: string;
  readonly pollingAreaIds?: readonly string[];
  readonly expiresAt?: string;
}

/** A problem document's first code, for messages. */
export interface Problem {
  readonly status: number;
  readonly code?: string;
}

const e = encodeURIComponent;
const election = (id: string) => `/v1/elections/${e(id)}`;

export type Place =
  | { readonly level: 'NATION' }
  | { readonly level: 'REGION'; readonly regionId: string }
  | { readonly level: 'PROVINCE'; readonly provinceId: string };

export const urls = {
  me: () => '/v1/me',
  results(electionId: string, place: Place): string {
    switch (place.level) {
      case 'NATION':
        return `${election(electionId)}/results`;
      case 'REGION':
        return `${election(electionId)}/results/regions/${e(place.regionId)}`;
      case 'PROVINCE':
        return `${election(electionId)}/results/provinces/${e(place.provinceId)}`;
    }
  },
  contest: (electionId: string, contestId: string) =>
    `${election(electionId)}/results/contests/${e(contestId)}`,
  turnout(electionId: string, place: Place): string {
    const base = `${election(electionId)}/turnout`;
    if (place.level === 'REGION') return `${base}?regionId=${e(place.regionId)}`;
    if (place.level === 'PROVINCE') return `${base}?provinceId=${e(place.provinceId)}`;
    return base;
  },
  notifications(electionId: string, audience: string | undefined, after: string | undefined, limit: number) {
    const query = new URLSearchParams();
    if (audience) query.set('audience', audience);
    if (after) query.set('after', after);
    query.set('limit', String(limit));
    return `${election(electionId)}/notifications?${query}`;
  },
};
