import { beforeEach, describe, expect, it, vi } from 'vitest';

// The batch's orchestration alone: its steps and the election's reading are stand-ins here; the
// steps themselves run against DynamoDB Local in the integration tests.
const steps = vi.hoisted(() => ({
  recomputeContestAggregate: vi.fn(),
  recomputeTurnoutSlot: vi.fn(),
  refreshProvince: vi.fn(),
}));
const sent = vi.hoisted(() => [] as unknown[]);
vi.mock('../../../shared/aggregation/steps.ts', () => steps);
vi.mock('../../../shared/aggregation/publish-events.ts', () => ({ publishTurnoutMilestones: vi.fn() }));
vi.mock('../../../shared/aggregation/election-cache.ts', () => ({
  countedElection: async (_db: unknown, _table: string, electionId: string) =>
    electionId === 'e'
      ? {
          meta: { electionId: 'e' },
          contests: new Map([
            ['NA-01', { contest: { id: 'NA-01', provinceId: '01' } }],
            ['NA-79', { contest: { id: 'NA-79', provinceId: '79' } }],
          ]),
          contestsByProvince: new Map(),
          listByProvince: new Map(),
        }
      : undefined,
}));
vi.mock('../../../shared/messaging/work.ts', async (original) => ({
  ...(await original<typeof import('../../../shared/messaging/work.ts')>()),
  sendWork: async (_sqs: unknown, _url: string, work: unknown) => {
    sent.push(work);
  },
}));

const { aggregateBatch, failedMessageIds } = await import('../../../shared/aggregation/aggregate-batch.ts');
const { readWorkMessages } = await import('../../../shared/messaging/work.ts');

const deps = {} as Parameters<typeof aggregateBatch>[0];
const message = (messageId: string, work: Record<string, unknown>) => ({
  messageId,
  body: JSON.stringify(work),
});

beforeEach(() => {
  sent.length = 0;
  steps.recomputeContestAggregate.mockReset().mockResolvedValue('CHANGED');
  steps.recomputeTurnoutSlot.mockReset().mockResolvedValue('CHANGED');
  steps.refreshProvince.mockReset().mockResolvedValue(true);
});

describe("the aggregator's batch", () => {
  it('fails exactly the messages whose work failed, and the unreadable ones; the rest are done', async () => {
    steps.recomputeContestAggregate.mockImplementation(async (_deps, _found, placed) => {
      if (placed.contest.id === 'NA-79') throw new Error('throttled');
      return 'CHANGED';
    });
    const records = [
      message('m1', { electionId: 'e', contestIds: ['NA-01'] }),
      message('m2', { electionId: 'e', contestIds: ['NA-79'] }),
      message('m3', { electionId: 'e', contestIds: ['NA-01', 'NA-79'] }),
      { messageId: 'm4', body: 'not json' },
      message('m5', { electionId: 'e', turnoutSlots: [{ provinceId: '01', slot: '09' }] }),
    ];
    const { readable, unreadable } = readWorkMessages(records);
    const { failed } = await aggregateBatch(
      deps,
      readable.map((r) => r.work),
    );
    expect(failedMessageIds(readable, unreadable, failed).sort()).toEqual(['m2', 'm3', 'm4']);
    // Each contest once, however many messages named it.
    expect(steps.recomputeContestAggregate).toHaveBeenCalledTimes(2);
    // The province whose contest changed is summed; the one whose contest failed is not.
    expect(steps.refreshProvince.mock.calls.map((c) => c[2])).toEqual(['01']);
  });

  it('fails a province whose summary could not be written, and sends waiting work back as delayed work', async () => {
    steps.recomputeContestAggregate.mockResolvedValue('WAIT');
    steps.refreshProvince.mockImplementation(async (_deps, _found, provinceId) => {
      if (provinceId === '79') throw new Error('throttled');
      return provinceId !== '01';
    });
    const { readable, unreadable } = readWorkMessages([
      message('a', { electionId: 'e', contestIds: ['NA-01'] }),
      message('b', { electionId: 'e', provinceIds: ['01'] }),
      message('c', { electionId: 'e', provinceIds: ['79'] }),
    ]);
    const { failed, requeued } = await aggregateBatch(
      deps,
      readable.map((r) => r.work),
    );
    expect(failedMessageIds(readable, unreadable, failed)).toEqual(['c']);
    expect(requeued).toBe(1);
    // The contest written a moment ago and the province summed a moment ago come back later.
    expect(sent).toEqual([{ electionId: 'e', contestIds: ['NA-01'], turnoutSlots: [], provinceIds: ['01'] }]);
  });

  it('drops work for an election that is not stored, failing nothing', async () => {
    const { readable, unreadable } = readWorkMessages([
      message('x', { electionId: 'gone', contestIds: ['c'] }),
    ]);
    const { failed } = await aggregateBatch(
      deps,
      readable.map((r) => r.work),
    );
    expect(failedMessageIds(readable, unreadable, failed)).toEqual([]);
    expect(steps.recomputeContestAggregate).not.toHaveBeenCalled();
  });
});
