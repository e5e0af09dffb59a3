import type { Contest } from '../model/election.ts';
import type { Finding } from '../model/finding.ts';

/** A correction is the next version of a tally and says why it was made. */
export function correctionHasReason(
  version: number,
  correctionReason: string | undefined,
): Finding | undefined {
  return version > 1 && !correctionReason
    ? {
        code: 'CORRECTION_REASON_REQUIRED',
        path: '/correctionReason',
        message: `Version ${version} corrects the minutes; say why in correctionReason`,
      }
    : undefined;
}

/** The calendar date of an instant in the election's time zone. */
export function localDate(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** The reporting slot of an instant: its hour ("HH") in the election's time zone. */
export function turnoutSlot(instant: string, timeZone: string): string {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  );
  return hour.padStart(2, '0');
}

/** The zone's offset on a day, as RFC 3339 writes it ("+07:00"). */
export function offsetOn(day: string, timeZone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${day}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') ?? '';
  return offset === '' ? '+00:00' : offset;
}

/** Turnout quick reports are made on polling day, in the election's own time zone. */
export function turnoutOnPollingDay(asOf: string, pollingDay: string, timeZone: string): Finding | undefined {
  const day = localDate(asOf, timeZone);
  return day !== pollingDay
    ? {
        code: 'TURNOUT_OUTSIDE_POLLING_DAY',
        path: '/asOf',
        message: `${asOf} is ${day} in ${timeZone}, not polling day ${pollingDay}`,
      }
    : undefined;
}

/** Art. 77 (2) k: the winners a board lists are candidates of its unit, no more than its seats. */
export function electedAreCandidates(
  electedCandidateIds: readonly string[],
  contest: Pick<Contest, 'id' | 'seats' | 'candidates'>,
): Finding[] {
  const candidates = new Set(contest.candidates.map((c) => c.id));
  const problems: Finding[] = [];
  electedCandidateIds.forEach((id, i) => {
    if (!candidates.has(id)) {
      problems.push({
        code: 'UNKNOWN_CANDIDATE',
        path: `/electedCandidateIds/${i}`,
        message: `${id} is not a candidate of ${contest.id}`,
      });
    }
  });
  if (new Set(electedCandidateIds).size !== electedCandidateIds.length) {
    problems.push({
      code: 'DUPLICATE_ID',
      path: '/electedCandidateIds',
      message: 'A candidate is listed twice',
    });
  }
  if (electedCandidateIds.length > contest.seats) {
    problems.push({
      code: 'ELECTED_EXCEED_SEATS',
      path: '/electedCandidateIds',
      message: `${electedCandidateIds.length} elected for ${contest.seats} seat(s)`,
    });
  }
  return problems;
}
