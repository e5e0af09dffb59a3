import { describe, expect, it } from 'vitest';
import { contestCompleteEvent, outcomeActionEvent } from '../../../shared/events/contest-events.ts';
import type { PlacedContest } from '../../../shared/model/election-index.ts';
import { contestResult } from '../../../shared/tabulation/contest-result.ts';

const placed: PlacedContest = {
  contest: {
    id: 'PC-79-01',
    body: 'PROVINCIAL_COUNCIL',
    name: 'Đơn vị bầu cử số 1',
    provinceId: '79',
    seats: 1,
    candidates: [
      { id: 'a', name: 'Lý Thị Ngọc', birthDate: '1973-04-22' },
      { id: 'b', name: 'Trương Văn Phúc', birthDate: '1969-01-09' },
    ],
  },
  regionId: 'R5',
  provinceName: 'TP. Hồ Chí Minh',
  expectedPollingAreaIds: ['pa'],
};
const totals = (votersVoted: number, a: number, b: number) => ({
  pollingAreasReporting: 1,
  registeredVoters: 1000,
  votersVoted,
  ballotsIssued: votersVoted,
  ballotsReceived: votersVoted,
  validBallots: a + b,
  invalidBallots: votersVoted - a - b,
  candidateVotes: { a, b },
});

describe('events of a completed contest', () => {
  it('asks for a re-vote (Art. 80) when turnout is not above half the list, in Vietnamese', () => {
    const result = contestResult(placed.contest, 1, totals(500, 400, 100));
    const event = outcomeActionEvent('e', 'LIVE', placed, result, '2026-03-15T21:00:00+07:00');
    expect(event).toMatchObject({
      type: 'REVOTE_REQUIRED',
      severity: 'HIGH',
      scope: { regionId: 'R5', provinceId: '79', contestId: 'PC-79-01' },
    });
    expect(event?.summary).toContain('bầu cử lại');
    expect(event?.summary).toContain('TP. Hồ Chí Minh');
  });

  it('asks for nothing more when the result stands, and marks a TEST election', () => {
    const result = contestResult(placed.contest, 1, totals(900, 700, 190));
    expect(outcomeActionEvent('e', 'LIVE', placed, result, 't')).toBeUndefined();
    expect(contestCompleteEvent('e', 'TEST', placed, result, 't').summary).toMatch(/^\[THỬ NGHIỆM\]/);
  });

  it('derives each id from the fact: the same outcome gives the same id, another outcome another', () => {
    const revote = contestResult(placed.contest, 1, totals(500, 400, 100));
    const again = contestResult(placed.contest, 1, totals(500, 400, 100));
    const elected = contestResult(placed.contest, 1, totals(900, 700, 190));
    expect(contestCompleteEvent('e', 'LIVE', placed, revote, 'x').eventId).toBe(
      contestCompleteEvent('e', 'LIVE', placed, again, 'y').eventId,
    );
    expect(contestCompleteEvent('e', 'LIVE', placed, revote, 'x').eventId).not.toBe(
      contestCompleteEvent('e', 'LIVE', placed, elected, 'x').eventId,
    );
    expect(outcomeActionEvent('e', 'LIVE', placed, revote, 'x')?.eventId).not.toBe(
      contestCompleteEvent('e', 'LIVE', placed, revote, 'x').eventId,
    );
  });
});
