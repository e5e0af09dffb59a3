import { randomUUID } from 'node:crypto';
import { createRng } from '../../shared/generator/prng.ts';
import { lawfulFigures, lawfulTally } from '../../shared/generator/tallies.ts';
import { decideOutcome } from '../../shared/law/outcome.ts';
import type { Contest, ElectionDefinition } from '../../shared/model/election.ts';
import type { TallyFigures } from '../../shared/model/report.ts';
import { INCIDENT_CATEGORIES, SEVERITIES } from '../../shared/model/vocabulary.ts';
import { sumTallies } from '../../shared/tabulation/contest-totals.ts';

/** What the drill sends in one phase of the day, and what it expects of it. */
export type Phase = 'TURNOUT' | 'INCIDENT' | 'TALLY' | 'CORRECTION' | 'BROKEN' | 'UNIT_RESULT';

export interface PlannedReport {
  readonly body: Record<string, unknown>;
  readonly phase: Phase;
  /** The polling day's hour it stands for: turnout by its slot, the night's minutes spread over 19–24. */
  readonly hour: number;
  /** A broken report: refused with this code, then sent again fixed (`fixed`). */
  readonly refusedWith?: string;
  readonly fixed?: Record<string, unknown>;
  /** A correction's first version: a phone may resend it after the correction, out of order. */
  readonly earlier?: Record<string, unknown>;
}

export interface DayPlan {
  /** In the order the day sends them: turnout and incidents, the night's minutes, corrections, the boards'. */
  readonly daytime: readonly PlannedReport[];
  /** Every contest's first minutes, some broken and then fixed. */
  readonly tallies: readonly PlannedReport[];
  /** Sent once the first minutes are in: a correction follows the version it corrects. */
  readonly corrections: readonly PlannedReport[];
  /** Sent once every minute of the night is counted: they sum what the areas sent, as a board does. */
  readonly boards: () => PlannedReport[];
  readonly counts: Readonly<Record<Phase, number>>;
}

const SLOTS = [9, 11, 13, 15, 17, 19];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A whole polling day for a generated election, the same for a seed: every area's turnout in each
 * reporting slot, incidents, every contest's counting minutes from 19:00 in a random order, a
 * share of corrections (version 2), a share of broken minutes (refused, then sent again fixed) and,
 * once the minutes are in, each electoral board's unit result agreeing with them.
 */
export function planDay(
  def: ElectionDefinition,
  options: { seed: number; corrections: number; broken: number; incidents: number },
): DayPlan {
  const rng = createRng(options.seed, 'drill-day');
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  const at = (hour: number, minute = 0) => `${def.pollingDay}T${pad(hour)}:${pad(minute)}:00+07:00`;
  const daytime: PlannedReport[] = [];
  SLOTS.forEach((hour, i) => {
    for (const pa of def.pollingAreas) {
      const share = Math.min(1, ((i + 1) / SLOTS.length) * rng.between(0.9, 1));
      daytime.push({
        phase: 'TURNOUT',
        hour,
        body: {
          type: 'turnout',
          submissionId: randomUUID(),
          pollingAreaId: pa.id,
          asOf: at(hour),
          registeredVoters: pa.registeredVoters,
          votersVoted: Math.floor(pa.registeredVoters * share * 0.99),
        },
      });
    }
    for (const pa of def.pollingAreas) {
      if (!rng.chance(options.incidents / SLOTS.length)) continue;
      daytime.push({
        phase: 'INCIDENT',
        hour,
        body: {
          type: 'incident',
          submissionId: randomUUID(),
          pollingAreaId: pa.id,
          category: rng.pick(INCIDENT_CATEGORIES),
          severity: rng.pick(SEVERITIES),
          occurredAt: at(hour, rng.int(0, 59)),
          description: 'Sự cố tại khu vực bỏ phiếu (diễn tập).',
        },
      });
    }
  });

  // Every contest's minutes, in a random order over the night; the latest version of each is what counts.
  const latest = new Map<string, Record<string, unknown>>();
  const firsts: Record<string, unknown>[] = [];
  for (const pa of def.pollingAreas) {
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (!contest) continue;
      const body = lawfulTally(pa, contest, rng);
      firsts.push(body);
      latest.set(`${pa.id}|${contestId}`, body);
    }
  }
  rng.shuffle(firsts);
  const nightHour = (i: number, n: number) => 19 + Math.min(4, Math.floor((5 * i) / Math.max(1, n)));
  const tallies: PlannedReport[] = firsts.map((body, i) => {
    if (!rng.chance(options.broken)) return { phase: 'TALLY', hour: nightHour(i, firsts.length), body };
    // Broken as a hurried copy is: more voters than the list and its allowance can hold (Art. 76).
    const broken = {
      ...body,
      submissionId: randomUUID(),
      votersVoted: Number(body.registeredVoters) * 3,
    };
    return {
      phase: 'BROKEN',
      hour: nightHour(i, firsts.length),
      body: broken,
      refusedWith: 'VOTERS_EXCEED_REGISTERED',
      fixed: body,
    };
  });
  const corrections: PlannedReport[] = [];
  for (const body of firsts) {
    if (!rng.chance(options.corrections)) continue;
    const contest = contests.get(String(body.contestId));
    if (!contest) continue;
    const corrected = {
      ...body,
      ...lawfulFigures(contest, Number(body.registeredVoters), rng),
      submissionId: randomUUID(),
      version: 2,
      correctionReason: 'Kiểm lại phiếu (diễn tập)',
    };
    latest.set(`${body.pollingAreaId}|${body.contestId}`, corrected);
    corrections.push({ phase: 'CORRECTION', hour: 23, body: corrected, earlier: body });
  }

  const boards = () => def.contests.map((contest) => unitResult(contest, def, latest));
  const counts: Record<Phase, number> = {
    TURNOUT: 0,
    INCIDENT: 0,
    TALLY: 0,
    CORRECTION: 0,
    BROKEN: 0,
    UNIT_RESULT: def.contests.length,
  };
  for (const p of [...daytime, ...tallies, ...corrections]) counts[p.phase] += 1;
  return { daytime, tallies, corrections, boards, counts };
}

/** A board's minutes for its unit: the sums of its areas' latest minutes, and who they elect by law. */
function unitResult(
  contest: Contest,
  def: ElectionDefinition,
  latest: ReadonlyMap<string, Record<string, unknown>>,
): PlannedReport {
  const areas = def.pollingAreas.filter((pa) => pa.contestIds.includes(contest.id));
  const tallies = areas
    .map((pa) => latest.get(`${pa.id}|${contest.id}`))
    .filter((t): t is Record<string, unknown> => t !== undefined);
  const {
    pollingAreasReporting: _areas,
    candidateVotes,
    ...figures
  } = sumTallies(tallies as unknown as TallyFigures[]);
  const votes = Object.fromEntries(contest.candidates.map((c) => [c.id, candidateVotes[c.id] ?? 0]));
  const outcome = decideOutcome({
    body: contest.body,
    seats: contest.seats,
    complete: true,
    round: 'FIRST',
    registeredVoters: figures.registeredVoters,
    votersVoted: figures.votersVoted,
    validBallots: figures.validBallots,
    candidates: contest.candidates.map((c) => ({
      candidateId: c.id,
      birthDate: c.birthDate,
      votes: votes[c.id] ?? 0,
    })),
  });
  return {
    phase: 'UNIT_RESULT',
    hour: 24,
    body: {
      type: 'unitResult',
      submissionId: randomUUID(),
      contestId: contest.id,
      ...figures,
      candidateVotes: votes,
      electedCandidateIds: outcome.electedCandidateIds,
    },
  };
}
