import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../web/src/api.ts';
import { differenceLabel, explainOutcome, outcomeBadge } from '../../../web/src/law.ts';

const elected = (ids: string[], unfilledSeats = 0): Outcome => ({
  state: 'ELECTED',
  electedCandidateIds: ids,
  unfilledSeats,
});
const complete = { status: 'COMPLETE' as const, pollingAreas: { reporting: 10, expected: 10 } };

describe('outcome badges', () => {
  it('shows none before the unit is complete, whatever the outcome says', () => {
    expect(outcomeBadge('PARTIAL', elected(['a', 'b', 'c']))).toBeUndefined();
    expect(
      outcomeBadge('COMPLETE', { state: 'PENDING', electedCandidateIds: [], unfilledSeats: 3 }),
    ).toBeUndefined();
  });

  it('names the outcome of a complete unit', () => {
    expect(outcomeBadge('COMPLETE', elected(['a', 'b', 'c']))).toEqual({
      tone: 'elected',
      text: 'Trúng cử 3/3',
    });
    expect(
      outcomeBadge('COMPLETE', { state: 'REVOTE_REQUIRED', electedCandidateIds: [], unfilledSeats: 3 }),
    ).toEqual({ tone: 'revote', text: 'Bầu cử lại' });
    expect(
      outcomeBadge('COMPLETE', {
        state: 'ADDITIONAL_ELECTION_REQUIRED',
        electedCandidateIds: ['a'],
        unfilledSeats: 2,
      }),
    ).toEqual({ tone: 'additional', text: 'Bầu cử thêm 2 ghế' });
  });

  it('flags a tie age cannot break for a human, before anything else', () => {
    expect(
      outcomeBadge('COMPLETE', { ...elected(['a', 'b']), tieNeedsReview: { candidateIds: ['b', 'c'] } }),
    ).toEqual({
      tone: 'review',
      text: 'Bằng phiếu – cần xem xét',
    });
  });
});

describe('the article that decides', () => {
  it('waits for every polling area’s minutes (Art. 77 (1))', () => {
    const e = explainOutcome({
      status: 'PARTIAL',
      pollingAreas: { reporting: 7, expected: 10 },
      outcome: { state: 'PENDING', electedCandidateIds: [], unfilledSeats: 3 },
      body: 'NATIONAL_ASSEMBLY',
      seats: 3,
    });
    expect(e.article).toBe('Điều 77 khoản 1');
    expect(e.reason).toContain('còn thiếu 3');
  });

  it('elects by Art. 78 (2)–(4), and lets a council stand at two thirds by Art. 79 (2)', () => {
    expect(
      explainOutcome({ ...complete, outcome: elected(['a', 'b', 'c']), body: 'NATIONAL_ASSEMBLY', seats: 3 })
        .article,
    ).toBe('Điều 78 khoản 2, 3, 4');
    const council = explainOutcome({
      ...complete,
      outcome: elected(['a', 'b'], 1),
      body: 'PROVINCIAL_COUNCIL',
      seats: 3,
    });
    expect(council.article).toBe('Điều 78 khoản 2, 3; Điều 79 khoản 2');
    expect(council.title).toBe('Đã xác định 2/3 người trúng cử');
  });

  it('sends a re-vote to the council for the NA and to the committee for councils (Art. 80)', () => {
    const revote: Outcome = { state: 'REVOTE_REQUIRED', electedCandidateIds: [], unfilledSeats: 3 };
    expect(
      explainOutcome({ ...complete, outcome: revote, body: 'NATIONAL_ASSEMBLY', seats: 3 }).article,
    ).toBe('Điều 78 khoản 1; Điều 80 khoản 1, 2');
    expect(explainOutcome({ ...complete, outcome: revote, body: 'COMMUNE_COUNCIL', seats: 3 }).article).toBe(
      'Điều 78 khoản 1; Điều 80 khoản 1, 3',
    );
  });

  it('calls an additional election by Art. 79 (1) for the NA and (2) for councils', () => {
    const more: Outcome = {
      state: 'ADDITIONAL_ELECTION_REQUIRED',
      electedCandidateIds: ['a'],
      unfilledSeats: 2,
    };
    expect(explainOutcome({ ...complete, outcome: more, body: 'NATIONAL_ASSEMBLY', seats: 3 }).article).toBe(
      'Điều 79 khoản 1',
    );
    expect(explainOutcome({ ...complete, outcome: more, body: 'PROVINCIAL_COUNCIL', seats: 3 }).article).toBe(
      'Điều 79 khoản 2',
    );
  });

  it('sends an unbreakable tie to a human under Art. 78 (4)', () => {
    const tie = { ...elected(['a', 'b']), tieNeedsReview: { candidateIds: ['b', 'c'] } };
    expect(explainOutcome({ ...complete, outcome: tie, body: 'NATIONAL_ASSEMBLY', seats: 2 }).article).toBe(
      'Điều 78 khoản 4',
    );
  });
});

describe('differences with the board’s minutes', () => {
  it('names the figure, and a candidate by name', () => {
    const names = (id: string) => (id === 'NA-01-01-2' ? 'Nguyễn Văn An' : undefined);
    expect(differenceLabel('/validBallots', names)).toBe('Số phiếu hợp lệ');
    expect(differenceLabel('/candidateVotes/NA-01-01-2', names)).toBe('Số phiếu của Nguyễn Văn An');
    expect(differenceLabel('/candidateVotes/NA-01-01-9', names)).toBe('Số phiếu của NA-01-01-9');
    expect(differenceLabel('/somethingNew', names)).toBe('/somethingNew');
  });
});
