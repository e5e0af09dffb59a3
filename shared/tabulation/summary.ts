import { percentHalfUp } from '../law/percent.ts';
import type { PlacedContest } from '../model/election-index.ts';
import { BODIES, type Body, SEVERITIES } from '../model/vocabulary.ts';
import { type ContestResult, contestResult } from './contest-result.ts';
import { EMPTY_TOTALS } from './contest-totals.ts';

export const CONTEST_STATES = [
  'NO_RESULTS',
  'PARTIAL',
  'COMPLETE',
  'PENDING',
  'ELECTED',
  'REVOTE_REQUIRED',
  'ADDITIONAL_ELECTION_REQUIRED',
] as const;

export interface BodySummary {
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly pollingAreas: { readonly reporting: number; readonly expected: number };
  readonly contests: Readonly<Record<(typeof CONTEST_STATES)[number] | 'total', number>>;
  readonly seats: { readonly total: number; readonly filled: number };
}

export type Incidents = Readonly<Record<(typeof SEVERITIES)[number], number>>;

export interface TurnoutPoint {
  readonly registeredVoters: number;
  readonly votersVoted: number;
  readonly pollingAreas: number;
}

/** What a province, a region or the nation adds up to: sums only, so any grouping gives the same totals. */
export interface AreaSummary {
  readonly bodies: Readonly<Record<Body, BodySummary>>;
  readonly incidents: Incidents;
  /** One point per reporting slot ("HH" in the election's time zone), each with its own denominator. */
  readonly turnout: Readonly<Record<string, TurnoutPoint>>;
}

const zeroContests = () =>
  Object.fromEntries(['total', ...CONTEST_STATES].map((k) => [k, 0])) as BodySummary['contests'];
const zeroBody = (): BodySummary => ({
  registeredVoters: 0,
  votersVoted: 0,
  pollingAreas: { reporting: 0, expected: 0 },
  contests: zeroContests(),
  seats: { total: 0, filled: 0 },
});

export const EMPTY_SUMMARY: AreaSummary = {
  bodies: Object.fromEntries(BODIES.map((b) => [b, zeroBody()])) as Record<Body, BodySummary>,
  incidents: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Incidents,
  turnout: {},
};

/** One contest's contribution to its area. */
export function summaryOfContest(
  result: Pick<
    ContestResult,
    'body' | 'status' | 'pollingAreas' | 'registeredVoters' | 'votersVoted' | 'seats' | 'outcome'
  >,
): AreaSummary {
  const contests = { ...zeroContests(), total: 1, [result.status]: 1, [result.outcome.state]: 1 };
  const body: BodySummary = {
    registeredVoters: result.registeredVoters,
    votersVoted: result.votersVoted,
    pollingAreas: result.pollingAreas,
    contests,
    seats: { total: result.seats, filled: result.outcome.electedCandidateIds.length },
  };
  return { ...EMPTY_SUMMARY, bodies: { ...EMPTY_SUMMARY.bodies, [result.body]: body } };
}

export function summaryOfIncidents(incidents: Partial<Incidents>): AreaSummary {
  return { ...EMPTY_SUMMARY, incidents: { ...EMPTY_SUMMARY.incidents, ...incidents } };
}

export function summaryOfTurnout(turnout: Record<string, TurnoutPoint>): AreaSummary {
  return { ...EMPTY_SUMMARY, turnout };
}

/** Associative and commutative, with EMPTY_SUMMARY as identity. */
export function combineSummaries(a: AreaSummary, b: AreaSummary): AreaSummary {
  const bodies = Object.fromEntries(
    BODIES.map((body) => {
      const x = a.bodies[body];
      const y = b.bodies[body];
      return [
        body,
        {
          registeredVoters: x.registeredVoters + y.registeredVoters,
          votersVoted: x.votersVoted + y.votersVoted,
          pollingAreas: {
            reporting: x.pollingAreas.reporting + y.pollingAreas.reporting,
            expected: x.pollingAreas.expected + y.pollingAreas.expected,
          },
          contests: Object.fromEntries(
            Object.keys(x.contests).map((k) => [
              k,
              ((x.contests as Record<string, number>)[k] ?? 0) +
                ((y.contests as Record<string, number>)[k] ?? 0),
            ]),
          ),
          seats: { total: x.seats.total + y.seats.total, filled: x.seats.filled + y.seats.filled },
        },
      ];
    }),
  ) as Record<Body, BodySummary>;
  const incidents = Object.fromEntries(
    SEVERITIES.map((s) => [s, a.incidents[s] + b.incidents[s]]),
  ) as Incidents;
  const turnout: Record<string, TurnoutPoint> = { ...a.turnout };
  for (const [slot, point] of Object.entries(b.turnout)) {
    const mine = turnout[slot];
    turnout[slot] = mine
      ? {
          registeredVoters: mine.registeredVoters + point.registeredVoters,
          votersVoted: mine.votersVoted + point.votersVoted,
          pollingAreas: mine.pollingAreas + point.pollingAreas,
        }
      : point;
  }
  return { bodies, incidents, turnout };
}

export function sumSummaries(summaries: Iterable<AreaSummary>): AreaSummary {
  let total = EMPTY_SUMMARY;
  for (const s of summaries) total = combineSummaries(total, s);
  return total;
}

/** The published form: percentages from the integers, turnout as a series in slot order. */
export function presentSummary(summary: AreaSummary) {
  return {
    bodies: Object.fromEntries(
      BODIES.map((body) => {
        const b = summary.bodies[body];
        return [body, { ...b, turnoutPercent: percentHalfUp(b.votersVoted, b.registeredVoters) }];
      }),
    ) as Record<Body, BodySummary & { readonly turnoutPercent: number }>,
    incidents: summary.incidents,
  };
}

export function presentTurnout(turnout: AreaSummary['turnout'], pollingDay: string, offset: string) {
  return Object.entries(turnout)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([slot, point]) => ({
      slot: `${slot}:00`,
      asOf: `${pollingDay}T${slot}:00:00${offset}`,
      registeredVoters: point.registeredVoters,
      votersVoted: point.votersVoted,
      turnoutPercent: percentHalfUp(point.votersVoted, point.registeredVoters),
      pollingAreas: point.pollingAreas,
    }));
}

type ContestContribution = Parameters<typeof summaryOfContest>[0];

/** A province: every contest of it counts, those without any report as NO_RESULTS. */
export function provinceSummary(
  defined: readonly PlacedContest[],
  results: ReadonlyMap<string, ContestContribution>,
  turnout: AreaSummary['turnout'],
  incidents: Partial<Incidents>,
): AreaSummary {
  return sumSummaries([
    ...defined.map((placed) =>
      summaryOfContest(
        results.get(placed.contest.id) ??
          contestResult(placed.contest, placed.expectedPollingAreaIds.length, EMPTY_TOTALS),
      ),
    ),
    summaryOfIncidents(incidents),
    summaryOfTurnout(turnout),
  ]);
}
