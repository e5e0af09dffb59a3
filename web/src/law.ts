import type { ContestResult, ContestStatus, Outcome } from './api.ts';

/** What the law decides for a unit, in the words and with the article of the law behind it. */

export const LAW = 'Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13';

export interface OutcomeBadge {
  readonly tone: 'elected' | 'revote' | 'additional' | 'review';
  readonly text: string;
}

/**
 * The badge of a complete unit; none before it is complete, because an outcome read from part of
 * the minutes is not an outcome.
 */
export function outcomeBadge(
  status: ContestStatus,
  outcome: Outcome,
  seats?: number,
): OutcomeBadge | undefined {
  if (status !== 'COMPLETE' || outcome.state === 'PENDING') return undefined;
  if (outcome.tieNeedsReview) return { tone: 'review', text: 'Bằng phiếu – cần xem xét' };
  switch (outcome.state) {
    case 'ELECTED': {
      const elected = outcome.electedCandidateIds.length;
      const of = seats ?? elected + outcome.unfilledSeats;
      return { tone: 'elected', text: `Trúng cử ${elected}/${of}` };
    }
    case 'REVOTE_REQUIRED':
      return { tone: 'revote', text: 'Bầu cử lại' };
    case 'ADDITIONAL_ELECTION_REQUIRED':
      return { tone: 'additional', text: `Bầu cử thêm ${outcome.unfilledSeats} ghế` };
  }
}

export interface OutcomeExplanation {
  readonly title: string;
  readonly reason: string;
  /** "Điều 78 khoản 2, 3", to be read with LAW. */
  readonly article: string;
}

/** What the law decides for a unit, and which article decides it (Art. 78–80). */
export function explainOutcome(
  r: Pick<ContestResult, 'status' | 'outcome' | 'body' | 'seats' | 'pollingAreas'>,
): OutcomeExplanation {
  const { outcome, body, seats } = r;
  const national = body === 'NATIONAL_ASSEMBLY';
  if (r.status !== 'COMPLETE' || outcome.state === 'PENDING') {
    const missing = Math.max(0, r.pollingAreas.expected - r.pollingAreas.reporting);
    return {
      title: 'Chưa xác định kết quả',
      reason: `Kết quả chỉ được xác định khi có đủ biên bản kiểm phiếu của mọi khu vực bỏ phiếu; còn thiếu ${missing}.`,
      article: 'Điều 77 khoản 1',
    };
  }
  if (outcome.tieNeedsReview) {
    return {
      title: 'Có người bằng phiếu ở ghế cuối – cần xem xét',
      reason:
        'Những người cuối danh sách trúng cử có số phiếu bằng nhau và luật chọn người nhiều tuổi hơn, nhưng ngày sinh cũng trùng nhau: cần cơ quan có thẩm quyền xem xét, quyết định.',
      article: 'Điều 78 khoản 4',
    };
  }
  switch (outcome.state) {
    case 'ELECTED': {
      const elected = outcome.electedCandidateIds.length;
      if (elected < seats) {
        return {
          title: `Đã xác định ${elected}/${seats} người trúng cử`,
          reason:
            'Người trúng cử đạt quá một nửa tổng số phiếu hợp lệ; số người trúng cử đạt ít nhất hai phần ba số đại biểu được bầu nên không phải bầu cử thêm.',
          article: 'Điều 78 khoản 2, 3; Điều 79 khoản 2',
        };
      }
      return {
        title: `Đủ ${elected}/${seats} người trúng cử`,
        reason:
          'Người trúng cử đạt quá một nửa tổng số phiếu hợp lệ; khi nhiều người đạt hơn số đại biểu được bầu, người có số phiếu cao hơn trúng cử, bằng phiếu thì người nhiều tuổi hơn.',
        article: 'Điều 78 khoản 2, 3, 4',
      };
    }
    case 'REVOTE_REQUIRED':
      return {
        title: 'Phải bầu cử lại',
        reason: national
          ? 'Số cử tri đi bỏ phiếu chưa đạt quá một nửa tổng số cử tri trong danh sách: Ủy ban bầu cử ở tỉnh đề nghị Hội đồng bầu cử quốc gia xem xét, quyết định việc bầu cử lại.'
          : 'Số cử tri đi bỏ phiếu chưa đạt quá một nửa tổng số cử tri trong danh sách: Ủy ban bầu cử quyết định ngày bầu cử lại sau khi được Hội đồng bầu cử quốc gia đồng ý.',
        article: national ? 'Điều 78 khoản 1; Điều 80 khoản 1, 2' : 'Điều 78 khoản 1; Điều 80 khoản 1, 3',
      };
    case 'ADDITIONAL_ELECTION_REQUIRED':
      return {
        title: `Phải bầu cử thêm (thiếu ${outcome.unfilledSeats} ghế)`,
        reason: national
          ? 'Số người trúng cử chưa đủ số đại biểu được bầu của đơn vị: Hội đồng bầu cử quốc gia xem xét, quyết định việc bầu cử thêm.'
          : 'Số người trúng cử chưa đủ hai phần ba số đại biểu được bầu của đơn vị: Ủy ban bầu cử quyết định ngày bầu cử thêm.',
        article: national ? 'Điều 79 khoản 1' : 'Điều 79 khoản 2',
      };
  }
}

const FIELD_LABEL: Record<string, string> = {
  registeredVoters: 'Tổng số cử tri',
  votersVoted: 'Số cử tri đã bỏ phiếu',
  ballotsIssued: 'Số phiếu phát ra',
  ballotsReceived: 'Số phiếu thu vào',
  validBallots: 'Số phiếu hợp lệ',
  invalidBallots: 'Số phiếu không hợp lệ',
  electedCandidateIds: 'Danh sách người trúng cử',
};

/** "/candidateVotes/NA-01-01-2" → "Số phiếu của Nguyễn Văn An". */
export function differenceLabel(path: string, candidateName: (id: string) => string | undefined): string {
  const [, field = '', id] = path.split('/');
  if (field === 'candidateVotes' && id) return `Số phiếu của ${candidateName(id) ?? id}`;
  return FIELD_LABEL[field] ?? path;
}
