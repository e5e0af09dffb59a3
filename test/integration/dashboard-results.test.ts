import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { recount } from '../../shared/aggregation/recount.ts';
import { keys } from '../../shared/store/keys.ts';
import { call, cloud, eventually, localDb, naVotes, smallElection, tally, uniqueId } from './client.ts';

const db = localDb();
afterAll(() => db.destroy());
const aggregatesTable = () => cloud().outputs.AggregatesTableName ?? '';

async function election(prefix: string) {
  const id = uniqueId(prefix);
  expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
  return id;
}

const contestPath = (id: string) => `/v1/elections/${id}/results/contests/NA-01-01`;
const first = { pollingAreaId: '01-001-01', name: 'Khu vực bỏ phiếu số 1' };
const second = { pollingAreaId: '01-001-02', name: 'Khu vực bỏ phiếu số 2' };

/** What a dashboard shows without downloading the definition: names, and who has not reported. */
describe('results a dashboard can show without the definition', () => {
  it('names the contest and lists the polling areas not reported, changing exactly when reporting does', async () => {
    const id = await election('names');
    const before = await call('GET', contestPath(id));
    expect(before.status).toBe(200);
    expect(before.body.name).toBe('Đơn vị bầu cử số 1');
    expect(before.body.notReported).toEqual([first, second]);

    const report = tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 });
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: report })).status).toBe(201);
    const partial = await eventually(
      () => call('GET', contestPath(id)),
      (a) => a.body?.pollingAreas?.reporting === 1,
    );
    expect(partial.body.notReported).toEqual([first]);
    const etag = partial.headers.get('etag') ?? '';
    expect(etag).not.toBe(before.headers.get('etag'));
    expect((await call('GET', contestPath(id), { headers: { 'if-none-match': etag } })).status).toBe(304);

    // A correction changes the figures, not who has reported.
    const correction = {
      ...tally('01-001-02', 'NA-01-01', naVotes(320, 330, 100, 50), { registeredVoters: 800 }),
      version: 2,
      correctionReason: 'Cộng sai',
    };
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: correction })).status).toBe(201);
    const corrected = await eventually(
      () => call('GET', contestPath(id)),
      (a) => a.body?.candidates?.some((c: { votes: number }) => c.votes === 330),
    );
    expect(corrected.body.notReported).toEqual([first]);

    const last = tally('01-001-01', 'NA-01-01', naVotes(500, 400, 200, 100));
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: last })).status).toBe(201);
    const complete = await eventually(
      () => call('GET', contestPath(id)),
      (a) => a.body?.status === 'COMPLETE',
    );
    expect(complete.body.notReported).toEqual([]);

    const province = await call('GET', `/v1/elections/${id}/results/provinces/01`);
    expect(province.body.contests).toEqual([
      expect.objectContaining({ contestId: 'NA-01-01', name: 'Đơn vị bầu cử số 1', status: 'COMPLETE' }),
    ]);
  });

  it('still answers right for a result stored before names and the reporting map were kept, until the sweep rewrites it', async () => {
    const id = await election('legacy');
    const report = tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 });
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: report })).status).toBe(201);
    await eventually(
      () => call('GET', contestPath(id)),
      (a) => a.body?.pollingAreas?.reporting === 1,
    );
    // Make the item look as an older version wrote it: no map, no name in the stored result.
    const key = keys.contestAggregate(id, '01', 'NA-01-01');
    const stored = await db.send(new GetCommand({ TableName: aggregatesTable(), Key: key }));
    const { name: _name, ...olderResult } = JSON.parse(String(stored.Item?.resultJson));
    await db.send(
      new UpdateCommand({
        TableName: aggregatesTable(),
        Key: key,
        UpdateExpression: 'SET resultJson = :r REMOVE reporting',
        ExpressionAttributeValues: { ':r': JSON.stringify(olderResult) },
      }),
    );
    const read = await call('GET', contestPath(id));
    expect(read.body.name).toBe('Đơn vị bầu cử số 1');
    expect(read.body.notReported).toEqual([first]);
    const province = await call('GET', `/v1/elections/${id}/results/provinces/01`);
    expect(province.body.contests[0].name).toBe('Đơn vị bầu cử số 1');

    // The sweep (every few seconds in these tests) rewrites it with both, and the recount agrees.
    await eventually(
      async () => (await db.send(new GetCommand({ TableName: aggregatesTable(), Key: key }))).Item,
      (item) => typeof item?.reporting === 'string' && JSON.parse(String(item.resultJson)).name !== undefined,
      60_000,
    );
    const tables = { reports: cloud().outputs.ReportsTableName ?? '', aggregates: aggregatesTable() };
    expect(await recount(db, tables.reports, tables.aggregates, id)).toEqual([]);
  });
});

describe('results that stand still', () => {
  it('keep their asOf and ETag through sweeps, also for a province nobody has reported from', async () => {
    const id = await election('still');
    const report = tally('01-001-02', 'NA-01-01', naVotes(300, 350, 100, 50), { registeredVoters: 800 });
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: report })).status).toBe(201);
    const counted = await eventually(
      () => call('GET', `/v1/elections/${id}/results`),
      (a) => a.body?.bodies?.NATIONAL_ASSEMBLY?.pollingAreas?.reporting === 1,
      120_000,
    );
    // Let the aggregator's spacing pass, then take the answer as it settled.
    await new Promise((r) => setTimeout(r, 2_000));
    const settled = await call('GET', `/v1/elections/${id}/results`);
    expect(settled.body.bodies).toEqual(counted.body.bodies);
    const etags = {
      nation: settled.headers.get('etag'),
      region: (await call('GET', `/v1/elections/${id}/results/regions/R5`)).headers.get('etag'),
    };
    // The sweep runs every five seconds here: three of them hand every province to the aggregator.
    await new Promise((r) => setTimeout(r, 16_000));
    const after = await call('GET', `/v1/elections/${id}/results`);
    expect(after.body.asOf).toBe(settled.body.asOf);
    expect(after.headers.get('etag')).toBe(etags.nation);
    expect((await call('GET', `/v1/elections/${id}/results/regions/R5`)).headers.get('etag')).toBe(
      etags.region,
    );
  });
});
