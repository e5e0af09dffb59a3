import { describe, expect, it } from 'vitest';
import { call, credential, eventually, naVotes, smallElection, tally, uniqueId } from './client.ts';

const versionsOf = (id: string, token?: string) =>
  call('GET', `/v1/elections/${id}/results/versions`, token === undefined ? {} : { token });
const versionOf = (id: string, n: number, query = '', token?: string) =>
  call('GET', `/v1/elections/${id}/results/versions/${n}${query}`, token === undefined ? {} : { token });

describe('published results versions', () => {
  it('numbers each publication, keeps every one as it was, and publishes again only when results change', async () => {
    const id = uniqueId('versions');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);

    // The publisher (every few seconds in these tests) publishes the election as loaded: version 1.
    const listed = await eventually(
      () => versionsOf(id),
      (a) => a.status === 200 && a.body.latest === 1,
    );
    expect(listed.headers.get('cache-control')).toBe('no-cache');
    expect(listed.body.versions).toEqual([
      expect.objectContaining({ version: 1, href: `/v1/elections/${id}/results/versions/1` }),
    ]);
    const first = await versionOf(id, 1);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('immutable');
    expect(first.body).toMatchObject({ electionId: id, level: 'NATION', version: 1 });
    // A version names the signed tree it came under — none when the log had not signed its first
    // leaf (the definition load) yet: the publisher may run before the sequencer does.
    if (first.body.log) expect(first.body.log.treeSize).toBeGreaterThanOrEqual(1);
    const firstHanoi = await versionOf(id, 1, '?provinceId=01');
    const firstSaigon = await versionOf(id, 1, '?provinceId=79');
    expect(firstHanoi.body).toMatchObject({ level: 'PROVINCE', provinceId: '01', version: 1 });

    // A report in Hà Nội changes the results: the next version has it, the first is as it was.
    const report = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: report })).status).toBe(201);
    const later = await eventually(
      () => versionsOf(id),
      (a) => (a.body.latest ?? 0) >= 2,
    );
    const latest = later.body.latest as number;
    const reported = await eventually(
      async () => versionOf(id, (await versionsOf(id)).body.latest),
      (a) => a.body.bodies?.NATIONAL_ASSEMBLY?.pollingAreas?.reporting === 1,
    );
    expect(reported.body.version).toBeGreaterThanOrEqual(latest);

    expect((await versionOf(id, 1)).body).toEqual(first.body);
    expect((await versionOf(id, 1, '?provinceId=01')).body).toEqual(firstHanoi.body);
    const hanoiNow = await versionOf(id, reported.body.version, '?provinceId=01');
    expect(hanoiNow.body.contests).toEqual([
      expect.objectContaining({
        contestId: 'NA-01-01',
        pollingAreas: expect.objectContaining({ reporting: 1 }),
      }),
    ]);
    // Hồ Chí Minh City did not change: every later version holds it as version 1 published it.
    const saigonNow = await versionOf(id, reported.body.version, '?provinceId=79');
    const { version: _v, publishedAt: _p, log: _l, ...saigonThen } = firstSaigon.body;
    expect(saigonNow.body).toMatchObject(saigonThen);

    // Once the report's leaf is signed, the next version names a tree that holds it.
    await eventually(
      () => call('GET', `/v1/elections/${id}/log/proof/${report.submissionId}`),
      (a) => a.status === 200,
    );
    const second = tally('01-001-02', 'NA-01-01', naVotes(250, 250, 150, 50), { registeredVoters: 800 });
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: second })).status).toBe(201);
    const signed = await eventually(
      async () => versionOf(id, (await versionsOf(id)).body.latest),
      (a) => a.body.bodies?.NATIONAL_ASSEMBLY?.pollingAreas?.reporting === 2,
    );
    expect(signed.body.log.treeSize).toBeGreaterThanOrEqual(2);
    expect(signed.body.log.rootHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    // With nothing new, nothing is published: a few publisher periods later the latest is the same.
    const settled = (await versionsOf(id)).body.latest;
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect((await versionsOf(id)).body.latest).toBe(settled);

    // An unchanged version read again is a 304.
    const again = await versionOf(id, 1);
    const etag = again.headers.get('etag') ?? '';
    const notModified = await call('GET', `/v1/elections/${id}/results/versions/1`, {
      headers: { 'if-none-match': etag },
    });
    expect(notModified.status).toBe(304);
  });

  it('lets each role read the versions of what it may read, and refuses the rest with a problem', async () => {
    const id = uniqueId('versions-scope');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    await eventually(
      () => versionsOf(id),
      (a) => a.body.latest >= 1,
    );
    const hanoi = (await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' })).token;
    const reporter = (await credential('REPORTER', { pollingAreaIds: ['01-001-01'] })).token;
    expect((await versionOf(id, 1, '', hanoi)).status).toBe(200);
    expect((await versionOf(id, 1, '?provinceId=01', hanoi)).status).toBe(200);
    const elsewhere = await versionOf(id, 1, '?provinceId=79', hanoi);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await versionsOf(id, reporter)).status).toBe(403);
    expect((await versionOf(id, 1, '', reporter)).status).toBe(403);
    expect((await versionOf(id, 999_999)).status).toBe(404);
    expect((await versionOf(id, 1, '?provinceId=99')).status).toBe(404);
    expect((await call('GET', `/v1/elections/${id}/results/versions/0`)).status).toBe(400);
    expect((await call('GET', `/v1/elections/${id}/results/versions/latest`)).status).toBe(400);
    expect((await versionOf(id, 1, '?provinceId=%20')).status).toBe(400);
  });
});
