import type { TallyFigures } from '../model/report.ts';

/** A finding on an accepted report: it is stored and counted, and someone should look at it. */
export interface Warning {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** Tolerances of the checks that raise warnings; configuration, not law. */
export const ANOMALY_THRESHOLDS = {
  /** Invalid ballots are normally 1–2 % of those received; above this share the minutes are looked at. */
  invalidShare: 0.1,
  /** A correction that moves any candidate by more than this share of the valid ballots. */
  correctionSwing: 0.05,
} as const;

export function invalidShareAboveNorm(
  figures: TallyFigures,
  threshold = ANOMALY_THRESHOLDS.invalidShare,
): Warning | undefined {
  if (figures.ballotsReceived === 0) return undefined;
  const share = figures.invalidBallots / figures.ballotsReceived;
  return share > threshold
    ? {
        code: 'INVALID_SHARE_HIGH',
        path: '/invalidBallots',
        message: `${(share * 100).toFixed(1)} % of ballots are invalid (norm below ${threshold * 100} %)`,
      }
    : undefined;
}

/** Turnout never falls during the day: a later report with fewer voters than an earlier one is suspect. */
export function turnoutFell(
  previous: { asOf: string; votersVoted: number } | undefined,
  votersVoted: number,
  asOf: string,
): Warning | undefined {
  if (!previous || Date.parse(previous.asOf) >= Date.parse(asOf) || votersVoted >= previous.votersVoted)
    return undefined;
  return {
    code: 'TURNOUT_DECREASED',
    path: '/votersVoted',
    message: `${votersVoted} voted at ${asOf}, fewer than ${previous.votersVoted} reported at ${previous.asOf}`,
  };
}

/** Identical minutes from two polling areas of one unit are more likely a copy than a coincidence. */
export function identicalToAnother(
  figuresHash: string,
  others: readonly { pollingAreaId: string; figuresHash: string }[],
): Warning | undefined {
  const twin = others.find((o) => o.figuresHash === figuresHash);
  return twin
    ? {
        code: 'IDENTICAL_TALLY',
        path: '',
        message: `The figures are identical to those of polling area ${twin.pollingAreaId}`,
      }
    : undefined;
}

/** A correction that moves a candidate by more than a set share of the valid ballots. */
export function correctionSwing(
  previous: TallyFigures,
  next: TallyFigures,
  threshold = ANOMALY_THRESHOLDS.correctionSwing,
): Warning | undefined {
  const base = Math.max(previous.validBallots, next.validBallots, 1);
  for (const [id, votes] of Object.entries(next.candidateVotes)) {
    const before = previous.candidateVotes[id] ?? 0;
    if (Math.abs(votes - before) / base > threshold) {
      return {
        code: 'CORRECTION_SWING',
        path: `/candidateVotes/${id}`,
        message: `The correction moves ${id} from ${before} to ${votes} votes, more than ${threshold * 100} % of the valid ballots`,
      };
    }
  }
  return undefined;
}

/** The counting figures alone, for comparing minutes: who sent them and when do not matter. */
export function figuresOf(f: TallyFigures): TallyFigures {
  return {
    registeredVoters: f.registeredVoters,
    votersVoted: f.votersVoted,
    ballotsIssued: f.ballotsIssued,
    ballotsReceived: f.ballotsReceived,
    validBallots: f.validBallots,
    invalidBallots: f.invalidBallots,
    candidateVotes: f.candidateVotes,
  };
}
