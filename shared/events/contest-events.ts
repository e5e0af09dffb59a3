import { contentHash } from '../model/canonical.ts';
import type { PlacedContest } from '../model/election-index.ts';
import type { ElectionMode } from '../model/vocabulary.ts';
import type { ContestResult } from '../tabulation/contest-result.ts';
import { type ElectionEvent, eventIdOf, modePrefix } from './envelope.ts';
import { BODY_NAMES } from './report-events.ts';

/** How a summary names a contest: "Đơn vị bầu cử số 1 ĐBQH (Hà Nội)". */
export function contestName(placed: PlacedContest): string {
  return `${placed.contest.name} ${BODY_NAMES[placed.contest.body]} (${placed.provinceName})`;
}

/** The scope of an event about a contest. */
export function contestScope(placed: PlacedContest) {
  return { regionId: placed.regionId, provinceId: placed.contest.provinceId, contestId: placed.contest.id };
}

/** The fact a CONTEST_COMPLETE event reports: this contest complete with this outcome. */
export function completionFact(result: ContestResult): string {
  return contentHash({ status: result.status, outcome: result.outcome });
}

/** CONTEST_COMPLETE: the last expected polling area has reported, with the law's outcome. */
export function contestCompleteEvent(
  electionId: string,
  mode: ElectionMode,
  placed: PlacedContest,
  result: ContestResult,
  occurredAt: string,
): Omit<ElectionEvent, 'audiences'> {
  const { contest } = placed;
  const elected = result.outcome.electedCandidateIds.length;
  const where = contestName(placed);
  const verdict = {
    PENDING: 'đang chờ',
    ELECTED: `${elected}/${contest.seats} người trúng cử`,
    REVOTE_REQUIRED: 'số cử tri đi bầu chưa quá một nửa, phải bầu cử lại',
    ADDITIONAL_ELECTION_REQUIRED: `${elected}/${contest.seats} người trúng cử, phải bầu cử thêm`,
  }[result.outcome.state];
  return {
    eventId: eventIdOf('CONTEST_COMPLETE', electionId, contest.id, completionFact(result)),
    type: 'CONTEST_COMPLETE',
    electionId,
    mode,
    occurredAt,
    severity: result.outcome.state === 'ELECTED' ? 'INFO' : 'HIGH',
    scope: contestScope(placed),
    summary: `${modePrefix(mode)}${where} đã đủ kết quả: ${verdict}.`,
    data: {
      contestId: contest.id,
      body: contest.body,
      seats: contest.seats,
      outcome: result.outcome,
      pollingAreas: result.pollingAreas,
      turnoutPercent: result.turnoutPercent,
      candidates: result.candidates,
    },
  };
}

/**
 * REVOTE_REQUIRED (Art. 80) or ADDITIONAL_ELECTION_REQUIRED (Art. 79) when a complete contest's
 * outcome calls for one; none otherwise. Same completion fact, same id.
 */
export function outcomeActionEvent(
  electionId: string,
  mode: ElectionMode,
  placed: PlacedContest,
  result: ContestResult,
  occurredAt: string,
): Omit<ElectionEvent, 'audiences'> | undefined {
  const { state } = result.outcome;
  if (state !== 'REVOTE_REQUIRED' && state !== 'ADDITIONAL_ELECTION_REQUIRED') return undefined;
  const { contest } = placed;
  const where = contestName(placed);
  const summary =
    state === 'REVOTE_REQUIRED'
      ? `${where}: số cử tri đi bầu (${result.turnoutPercent}%) chưa quá một nửa tổng số cử tri, phải bầu cử lại (Điều 80).`
      : `${where}: mới có ${result.outcome.electedCandidateIds.length}/${contest.seats} người trúng cử, phải bầu cử thêm (Điều 79).`;
  return {
    eventId: eventIdOf(state, electionId, contest.id, completionFact(result)),
    type: state,
    electionId,
    mode,
    occurredAt,
    severity: 'HIGH',
    scope: contestScope(placed),
    summary: `${modePrefix(mode)}${summary}`,
    data: {
      contestId: contest.id,
      body: contest.body,
      seats: contest.seats,
      outcome: result.outcome,
      turnoutPercent: result.turnoutPercent,
      registeredVoters: result.registeredVoters,
      votersVoted: result.votersVoted,
    },
  };
}
