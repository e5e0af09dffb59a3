import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recount } from '../../shared/aggregation/recount.ts';
import { keys } from '../../shared/store/keys.ts';
import {
  call,
  cloud,
  eventually,
  faultFired,
  incident,
  localDb,
  naVotes,
  smallElection,
  sqsClient,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

const db = localDb();
const sqs = sqsClient();
afterAll(() => {
  db.destroy();
  sqs.destroy();
});
const tables = () => ({
  reports: cloud().outputs.ReportsTableName ?? '',
  aggregates: cloud().outputs.AggregatesTableName ?? '',
});
const recountOf = (electionId: string) => recount(db, tables().reports, tables().aggregates, electionId);

async function election(prefix: string) {
  const id = uniqueId(prefix);
  expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
  return id;
}

describe('results at every level', () => {
  it('adds up the nation, its regions and provinces, the turnout series and incidents', async () => {
    const id = await election('levels');
    const post = (body: unknown) => call('POST', `/v1/elections/${id}/reports`, { body });
    const before = await call('GET', `/v1/elections/${id}/results`);
    expect(before.body.bodies.NATIONAL_ASSEMBLY).toMatchObject({
      pollingAreas: { reporting: 0, expected: 2 },
      contests: { total: 1, NO_RESULTS: 1 },
    });

    expect((await post(tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)))).status).toBe(201);
    expect(
      (await post(tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 })))
        .status,
    ).toBe(201);
    expect((await post(turnout('01-001-01', '09:00:00', 1000, 300))).status).toBe(201);
    expect((await post(turnout('79-001-01', '09:10:00', 1200, 200))).status).toBe(201);
    expect((await post(turnout('01-001-01', '11:00:00', 1010, 700))).status).toBe(201);
    const blackout = incident(
      { provinceId: '79' },
      'SECURITY',
      'CRITICAL',
      '10:00:00',
      'Mất điện tại điểm bỏ phiếu.',
    );
    expect((await post(blackout)).status).toBe(201);

    const nation = await eventually(
      () => call('GET', `/v1/elections/${id}/results`),
      (a) =>
        a.body?.bodies?.NATIONAL_ASSEMBLY?.contests?.COMPLETE === 1 &&
        a.body.incidents.CRITICAL === 1 &&
        a.body.regions,
    );
    expect(nation.body.bodies.NATIONAL_ASSEMBLY).toMatchObject({
      pollingAreas: { reporting: 2, expected: 2 },
      contests: { total: 1, COMPLETE: 1, ELECTED: 1 },
      seats: { total: 2, filled: 2 },
    });
    expect(nation.body.regions.map((r: { regionId: string }) => r.regionId)).toEqual([
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
    ]);
    const r2 = nation.body.regions.find((r: { regionId: string }) => r.regionId === 'R2');
    expect(r2.bodies.NATIONAL_ASSEMBLY.contests.COMPLETE).toBe(1);

    const region = await call('GET', `/v1/elections/${id}/results/regions/R5`);
    expect(region.body).toMatchObject({
      level: 'REGION',
      incidents: { CRITICAL: 1 },
      provinces: [{ provinceId: '79' }],
    });
    const province = await call('GET', `/v1/elections/${id}/results/provinces/01`);
    expect(province.body.contests).toEqual([
      expect.objectContaining({ contestId: 'NA-01-01', status: 'COMPLETE' }),
    ]);

    const series = await eventually(
      () => call('GET', `/v1/elections/${id}/turnout`),
      (a) => a.body?.series?.length === 2,
    );
    expect(series.body.series).toEqual([
      {
        slot: '09:00',
        asOf: '2026-03-15T09:00:00+07:00',
        registeredVoters: 2200,
        votersVoted: 500,
        turnoutPercent: 22.73,
        pollingAreas: 2,
      },
      {
        slot: '11:00',
        asOf: '2026-03-15T11:00:00+07:00',
        registeredVoters: 1010,
        votersVoted: 700,
        turnoutPercent: 69.31,
        pollingAreas: 1,
      },
    ]);
    const hanoi = await call('GET', `/v1/elections/${id}/turnout?provinceId=01`);
    expect(hanoi.body.series.map((p: { votersVoted: number }) => p.votersVoted)).toEqual([300, 700]);
    await eventually(
      () => recountOf(id),
      (d) => d?.length === 0,
      60_000,
    );
    const settled = await call('GET', `/v1/elections/${id}/results`);
    const etag = settled.headers.get('etag') ?? '';
    expect(
      (await call('GET', `/v1/elections/${id}/results`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
  });

  it('records where a board’s own minutes differ from the computed result', async () => {
    const id = await election('minutes');
    const body = tally(
      '79-001-01',
      'PC-79-01',
      { 'PC-79-01-1': 700, 'PC-79-01-2': 300 },
      { registeredVoters: 1200 },
      1,
    );
    expect((await call('POST', `/v1/elections/${id}/reports`, { body })).status).toBe(201);
    const filed = {
      ...body,
      type: 'unitResult',
      submissionId: randomUUID(),
      candidateVotes: { 'PC-79-01-1': 699, 'PC-79-01-2': 301 },
      electedCandidateIds: ['PC-79-01-1'],
    };
    delete (filed as Record<string, unknown>).pollingAreaId;
    delete (filed as Record<string, unknown>).version;
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: filed })).status).toBe(201);
    const result = await eventually(
      () => call('GET', `/v1/elections/${id}/results/contests/PC-79-01`),
      (a) => a.body?.unitResultCheck !== undefined,
    );
    expect(result.body.unitResultCheck).toEqual({
      submissionId: filed.submissionId,
      differences: [
        { path: '/candidateVotes/PC-79-01-1', filed: 699, computed: 700 },
        { path: '/candidateVotes/PC-79-01-2', filed: 301, computed: 300 },
      ],
    });
  });
});

describe('counting converges, whatever happens to the work', () => {
  it('recovers from an aggregator that crashes mid-batch', async () => {
    const id = uniqueId('chaos');
    const def = smallElection(id);
    expect((await call('PUT', `/v1/elections/${id}`, { body: def })).status).toBe(201);
    await Promise.all([
      call('POST', `/v1/elections/${id}/reports`, {
        body: tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
      }),
      call('POST', `/v1/elections/${id}/reports`, {
        body: tally(
          '79-001-01',
          'PC-79-01',
          { 'PC-79-01-1': 700, 'PC-79-01-2': 300 },
          { registeredVoters: 1200 },
          1,
        ),
      }),
    ]);
    // The claim holds only if the crash happened: a batch naming both contests died after the first.
    await eventually(
      () => faultFired('AGGREGATOR_CRASH_MID_BATCH', id),
      (fired) => fired,
      60_000,
    );
    await eventually(
      async () => [
        await call('GET', `/v1/elections/${id}/results/contests/NA-01-01`),
        await call('GET', `/v1/elections/${id}/results/contests/PC-79-01`),
      ],
      ([na, pc]) => na?.body?.pollingAreas?.reporting === 1 && pc?.body?.status === 'COMPLETE',
      40_000,
    );
    await eventually(
      () => recountOf(id),
      (d) => d?.length === 0,
      60_000,
    );
  });

  it('counts a duplicated work message once', async () => {
    const id = await election('dupes');
    expect(
      (
        await call('POST', `/v1/elections/${id}/reports`, {
          body: tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
        })
      ).status,
    ).toBe(201);
    const message = JSON.stringify({ electionId: id, contestIds: ['NA-01-01', 'NA-01-01'] });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        sqs.send(new SendMessageCommand({ QueueUrl: workQueue(), MessageBody: message })),
      ),
    );
    const result = await eventually(
      () => call('GET', `/v1/elections/${id}/results/contests/NA-01-01`),
      (a) => a.body?.pollingAreas?.reporting === 1,
    );
    expect(result.body.validBallots).toBe(500);
    expect(result.body.candidates[0].votes).toBe(400);
    await eventually(
      () => recountOf(id),
      (d) => d?.length === 0,
      60_000,
    );
  });

  it('rebuilds a contest result that was lost, at the next sweep', async () => {
    const id = await election('lost');
    const report = tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 });
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: report })).status).toBe(201);
    await eventually(
      () => call('GET', `/v1/elections/${id}/results/contests/NA-01-01`),
      (a) => a.body?.pollingAreas?.reporting === 1,
    );
    // A stored report always reaches the aggregator (the table's stream); what the sweep still heals
    // is a derived item that went missing, here deleted behind the aggregator's back.
    await db.send(
      new DeleteCommand({ TableName: tables().aggregates, Key: keys.contestAggregate(id, '01', 'NA-01-01') }),
    );
    expect(await recountOf(id)).toContainEqual(expect.stringContaining('contest NA-01-01'));
    const healed = await eventually(
      () => call('GET', `/v1/elections/${id}/results/contests/NA-01-01`),
      (a) => a.body?.pollingAreas?.reporting === 1,
      60_000,
    );
    expect(healed.body.validBallots).toBe(report.validBallots);
    await eventually(
      () => recountOf(id),
      (d) => d?.length === 0,
      60_000,
    );
  });
});

function workQueue(): string {
  const queue = Object.entries(cloud().outputs).find(([key]) => key === 'WorkQueueUrl')?.[1];
  if (!queue) throw new Error('no WorkQueueUrl output');
  return queue;
}
