import { describe, expect, it } from 'vitest';
import { combineWork, workOfReportItem } from '../../../shared/messaging/report-changes.ts';
import { keys } from '../../../shared/store/keys.ts';

describe('workOfReportItem', () => {
  it('names the contest of a tally or a unit result, the province of an incident, the slot of a turnout', () => {
    expect(workOfReportItem({ kind: 'TALLY', electionId: 'e', contestId: 'NA-01-01' })).toEqual({
      electionId: 'e',
      contestIds: ['NA-01-01'],
    });
    expect(workOfReportItem({ kind: 'UNIT_RESULT', electionId: 'e', contestId: 'PC-79-01' })).toEqual({
      electionId: 'e',
      contestIds: ['PC-79-01'],
    });
    expect(workOfReportItem({ kind: 'INCIDENT', electionId: 'e', provinceId: '79' })).toEqual({
      electionId: 'e',
      provinceIds: ['79'],
    });
    const turnout = keys.turnout('e', '01', '11', '01-001-01', '2026-03-15T11:00:00+07:00', 's1');
    expect(workOfReportItem({ kind: 'TURNOUT', electionId: 'e', provinceId: '01', ...turnout })).toEqual({
      electionId: 'e',
      turnoutSlots: [{ provinceId: '01', slot: '11' }],
    });
  });

  it('names nothing for items that are not counted reports, or lack what their kind needs', () => {
    expect(workOfReportItem({ kind: 'SUBMISSION', electionId: 'e', contestId: 'c' })).toBeUndefined();
    expect(workOfReportItem({ kind: 'TALLY', contestId: 'c' })).toBeUndefined();
    expect(
      workOfReportItem({ kind: 'TURNOUT', electionId: 'e', provinceId: '01', pk: 'E#e#T#79#01' }),
    ).toBeUndefined();
  });
});

describe('combineWork', () => {
  it('folds a batch into one message per election, each name once', () => {
    const messages = combineWork([
      { electionId: 'a', contestIds: ['c1'] },
      { electionId: 'a', contestIds: ['c1', 'c2'] },
      { electionId: 'a', turnoutSlots: [{ provinceId: '01', slot: '09' }] },
      { electionId: 'a', turnoutSlots: [{ provinceId: '01', slot: '09' }] },
      { electionId: 'b', provinceIds: ['79'] },
    ]);
    expect(messages).toEqual([
      {
        electionId: 'a',
        contestIds: ['c1', 'c2'],
        provinceIds: [],
        turnoutSlots: [{ provinceId: '01', slot: '09' }],
      },
      { electionId: 'b', contestIds: [], provinceIds: ['79'], turnoutSlots: [] },
    ]);
  });

  it('splits a list that would pass the message schema’s limit of 100', () => {
    const contestIds = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const messages = combineWork([{ electionId: 'a', contestIds }]);
    expect(messages.map((m) => m.contestIds.length)).toEqual([100, 100, 50]);
    expect(messages.flatMap((m) => m.contestIds)).toEqual(contestIds);
  });
});
