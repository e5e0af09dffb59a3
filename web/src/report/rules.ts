import { correctionSwing, invalidShareAboveNorm } from '../../../shared/checks/anomalies.ts';
import { checkCountingFigures, votersWithinRegistered } from '../../../shared/law/counting-rules.ts';
import { correctionHasReason, electedAreCandidates } from '../../../shared/law/report-rules.ts';
import type { Contest } from '../../../shared/model/election.ts';
import type { TallyFigures } from '../../../shared/model/report.ts';
import type { Problem } from './outbox.ts';

/**
 * The law checked in the page before anything is sent, by the very functions the server runs
 * (imported from the domain core, not copied); this module only says their findings in Vietnamese,
 * beside the field they concern, with the article. A refusal from the server is said the same way.
 */

export interface Finding {
  readonly code: string;
  /** The form field it concerns: `votersVoted`, `candidateVotes/<candidateId>`, … */
  readonly field: string;
  readonly text: string;
}

const ARTICLE = 'Luật số 85/2015/QH13';

/** Each rule's words, with the article that makes it the law. */
const MESSAGES: Record<string, string> = {
  VOTERS_EXCEED_REGISTERED: `Số cử tri đã bỏ phiếu lớn hơn tổng số cử tri trong danh sách (Điều 76 khoản 2, ${ARTICLE}).`,
  BALLOTS_RECEIVED_EXCEED_ISSUED: `Số phiếu thu vào lớn hơn số phiếu phát ra (Điều 76 khoản 2, ${ARTICLE}).`,
  BALLOTS_RECEIVED_MISMATCH: `Số phiếu thu vào phải bằng số phiếu hợp lệ cộng số phiếu không hợp lệ (Điều 76 khoản 2, ${ARTICLE}).`,
  CANDIDATE_VOTES_EXCEED_VALID: `Số phiếu bầu cho một người ứng cử không thể lớn hơn số phiếu hợp lệ (Điều 74 khoản 1, ${ARTICLE}).`,
  VOTES_BELOW_VALID_BALLOTS: `Tổng số phiếu bầu cho các người ứng cử nhỏ hơn số phiếu hợp lệ: phiếu gạch hết tên là phiếu không hợp lệ (Điều 74 khoản 1, ${ARTICLE}).`,
  VOTES_EXCEED_SEATS_TIMES_VALID: `Tổng số phiếu bầu lớn hơn số phiếu hợp lệ nhân số đại biểu được bầu: phiếu bầu quá số lượng là phiếu không hợp lệ (Điều 74 khoản 1, ${ARTICLE}).`,
  CANDIDATES_MISMATCH: `Biên bản phải ghi số phiếu của đúng và đủ những người ứng cử của đơn vị (Điều 76 khoản 2, ${ARTICLE}).`,
  CORRECTION_REASON_REQUIRED: 'Bản sửa phải ghi lý do sửa.',
  TURNOUT_OUTSIDE_POLLING_DAY: 'Thời điểm báo cáo phải thuộc ngày bầu cử.',
  VERSION_CONFLICT: 'Đã có một bản khác của biên bản này; hãy tải lại và sửa từ bản mới nhất.',
  SUBMISSION_ID_REUSED: 'Mã gửi này đã được dùng cho một nội dung khác.',
  OUT_OF_SCOPE: 'Mã truy cập của bạn không được gửi báo cáo cho khu vực này.',
  UNKNOWN_POLLING_AREA: 'Không có khu vực bỏ phiếu này trong cuộc bầu cử.',
  UNKNOWN_CONTEST: 'Không có đơn vị bầu cử này trong cuộc bầu cử.',
  CONTEST_NOT_IN_POLLING_AREA: 'Khu vực bỏ phiếu này không bầu cho đơn vị bầu cử đó.',
  UNKNOWN_CANDIDATE: 'Người trúng cử phải là người ứng cử của đơn vị.',
  DUPLICATE_ID: 'Một người ứng cử được ghi hai lần.',
  ELECTED_EXCEED_SEATS: `Số người trúng cử vượt số đại biểu được bầu của đơn vị (Điều 78, ${ARTICLE}).`,
  INVALID_SHARE_HIGH:
    'Tỷ lệ phiếu không hợp lệ cao hơn nhiều so với thường lệ (thường 1–2 %). Hãy kiểm tra lại biên bản.',
  CORRECTION_SWING:
    'Bản sửa làm thay đổi nhiều số phiếu của một người ứng cử. Hãy kiểm tra lại trước khi gửi.',
};

/** A problem from the rules or from the server, in Vietnamese, attached to its field. */
export function findingOf(problem: Problem): Finding {
  const field = (problem.path ?? '').replace(/^\//, '');
  const text =
    MESSAGES[problem.code] ??
    `Máy chủ từ chối: ${problem.code}${problem.message ? ` — ${problem.message}` : ''}`;
  return { code: problem.code, field, text };
}

/** Every broken rule of a counting minute, before it is sent. */
export function checkTally(
  figures: TallyFigures,
  contest: Pick<Contest, 'id' | 'seats' | 'candidates'>,
  correction?: { version: number; correctionReason?: string },
): Finding[] {
  const problems: Problem[] = [...checkCountingFigures(figures, contest)];
  if (correction) {
    const missing = correctionHasReason(correction.version, correction.correctionReason);
    if (missing) problems.push(missing);
  }
  return problems.map(findingOf);
}

/** A turnout report: no more voters than on the list. */
export function checkTurnout(figures: Pick<TallyFigures, 'registeredVoters' | 'votersVoted'>): Finding[] {
  const broken = votersWithinRegistered(figures);
  return broken ? [findingOf(broken)] : [];
}

/** A board's result minutes: the counting rules, and the elected among the unit's candidates. */
export function checkUnitResult(
  figures: TallyFigures,
  electedCandidateIds: readonly string[],
  contest: Pick<Contest, 'id' | 'seats' | 'candidates'>,
): Finding[] {
  return [
    ...checkCountingFigures(figures, contest),
    ...electedAreCandidates(electedCandidateIds, contest),
  ].map(findingOf);
}

/**
 * Plausible but unusual figures, which the server would announce as anomalies: shown before
 * sending, and sent once the official confirms them against the paper.
 */
export function tallyWarnings(figures: TallyFigures, previous?: TallyFigures): Finding[] {
  const warnings = [
    invalidShareAboveNorm(figures),
    previous ? correctionSwing(previous, figures) : undefined,
  ];
  return warnings.filter((w) => w !== undefined).map(findingOf);
}

/** A field the official filled with something that is not a whole number ≥ 0. */
export function notACount(field: string): Finding {
  return { code: 'NOT_A_COUNT', field, text: 'Hãy nhập một số nguyên không âm.' };
}
