import { describe, expect, it } from 'vitest';
import { contestEvents } from '../../../shared/aggregation/publish-events.ts';
import { decodeCursor, encodeCursor } from '../../../shared/notifications/inbox.ts';
import type { ContestAggregate } from '../../../shared/store/contest-aggregates.ts';
import type { ElectionMeta } from '../../../shared/store/elections.ts';
import { contestResult } from '../../../shared/tabulation/contest-result.ts';
import { storedResult } from '../../../shared/tabulation/stored-result.ts';
import { urlRefusal } from '../../../shared/webhooks/destination.ts';
import { haNoiNaContest } from '../fixtures.ts';

const placed = haNoiNaContest(
  [
    { id: 'a', name: 'Nguyễn Văn An', birthDate: '1968-02-01' },
    { id: 'b', name: 'Trần Thị Bình', birthDate: '1975-06-12' },
  ],
  ['p1', 'p2'],
);
const election = {
  electionId: 'e',
  mode: 'LIVE',
  pollingDay: '2026-03-15',
  timeZone: 'Asia/Ho_Chi_Minh',
} as ElectionMeta;

function stored(reporting: number, unitResultCheck?: ContestAggregate['unitResultCheck']): ContestAggregate {
  const result = contestResult(placed.contest, 2, {
    pollingAreasReporting: reporting,
    registeredVoters: 2000,
    votersVoted: 1500,
    ballotsIssued: 1500,
    ballotsReceived: 1500,
    validBallots: 1480,
    invalidBallots: 20,
    candidateVotes: { a: 1000, b: 480 },
  });
  return {
    electionId: 'e',
    contestId: 'NA-01-01',
    provinceId: '01',
    regionId: 'R2',
    result: storedResult(result),
    asOf: '2026-03-15T22:00:00+07:00',
    sourceItems: reporting,
    ...(unitResultCheck ? { unitResultCheck } : {}),
  };
}

const types = (list: ReturnType<typeof contestEvents>) => list.map((a) => a.event.type);

describe('what a stored contest result calls for', () => {
  const evening = new Date('2026-03-15T22:00:00+07:00');
  const afterMidnight = new Date('2026-03-16T01:00:00+07:00');

  it('publishes completion once every polling area reported, and nothing before', () => {
    const facts = { reportingAreaIds: new Set(['p1']), unitResultFiled: false };
    expect(contestEvents(election, placed, stored(1), facts, evening)).toEqual([]);
    const complete = { reportingAreaIds: new Set(['p1', 'p2']), unitResultFiled: false };
    expect(types(contestEvents(election, placed, stored(2), complete, evening))).toEqual([
      'CONTEST_COMPLETE',
    ]);
  });

  it('names the silent polling areas once polling night is over', () => {
    const facts = { reportingAreaIds: new Set(['p1']), unitResultFiled: false };
    const found = contestEvents(election, placed, stored(1), facts, afterMidnight);
    expect(types(found)).toEqual(['REPORTS_OVERDUE']);
    expect(found[0]?.event.data).toMatchObject({ kind: 'NIGHT', missingPollingAreaIds: ['p2'] });
    expect(found[0]?.attributes).toMatchObject({
      body: 'NATIONAL_ASSEMBLY',
      regionId: 'R2',
      provinceId: '01',
    });
  });

  it('does not alarm about deadlines long past (an election loaded months later)', () => {
    const facts = { reportingAreaIds: new Set(['p1']), unitResultFiled: false };
    expect(contestEvents(election, placed, stored(1), facts, new Date('2026-11-26T10:00:00Z'))).toEqual([]);
  });

  it('reports a board whose minutes disagree with the computed result (Art. 77)', () => {
    const facts = { reportingAreaIds: new Set(['p1', 'p2']), unitResultFiled: true };
    const check = {
      submissionId: 'u1',
      differences: [{ path: '/validBallots', filed: 1400, computed: 1480 }],
    };
    expect(types(contestEvents(election, placed, stored(2, check), facts, evening))).toEqual([
      'CONTEST_COMPLETE',
      'UNIT_RESULT_MISMATCH',
    ]);
    const agreeing = { submissionId: 'u1', differences: [] };
    expect(types(contestEvents(election, placed, stored(2, agreeing), facts, evening))).toEqual([
      'CONTEST_COMPLETE',
    ]);
  });
});

describe('inbox cursors', () => {
  it('round-trip a sequence number and refuse anything else', () => {
    expect(decodeCursor(encodeCursor(0))).toBe(0);
    expect(decodeCursor(encodeCursor(123456))).toBe(123456);
    expect(decodeCursor('zzz')).toBeUndefined();
    expect(decodeCursor(Buffer.from('v1:-3').toString('base64url'))).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });
});

describe('webhook URLs', () => {
  it('must be https unless the stage allows plain http', () => {
    const dev = { allowHttp: true, allowPrivate: true };
    expect(
      urlRefusal('https://hooks.example.vn/x', { allowHttp: false, allowPrivate: false }),
    ).toBeUndefined();
    expect(urlRefusal('http://hooks.example.vn/x', { ...dev, allowHttp: false })?.code).toBe(
      'HTTPS_REQUIRED',
    );
    expect(urlRefusal('http://127.0.0.1:9000/x', dev)).toBeUndefined();
  });
});
