import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/store/keys.ts';
import { call, cloud, faultFired, localDb, naVotes, smallElection, tally, uniqueId } from './client.ts';

const db = localDb();
afterAll(() => db.destroy());
const reportsTable = () => cloud().outputs.ReportsTableName ?? '';

async function election(prefix: string) {
  const id = uniqueId(prefix);
  expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
  return id;
}

/** Every stored version of a polling area's tally for a contest, straight from the table. */
async function storedVersions(electionId: string, contestId: string, pollingAreaId: string) {
  const answer = await db.send(
    new QueryCommand({
      TableName: reportsTable(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.contestPartition(electionId, contestId),
        ':prefix': keys.tallyVersionPrefix(pollingAreaId),
      },
      ConsistentRead: true,
    }),
  );
  return answer.Items ?? [];
}

describe('an acknowledgement is only ever given for a stored report', () => {
  it('answers a retry after a crash between the write and the answer with a replay of the stored report', async () => {
    const id = await election('crashwrite');
    const report = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    const post = () => call('POST', `/v1/elections/${id}/reports`, { body: report });

    const crashed = await post();
    expect(crashed.status).toBeGreaterThanOrEqual(500);
    expect(faultFired('REPORT_CRASH_AFTER_WRITE', id)).toBe(true);
    // The write was whole before the crash: the report can be read although nobody was told.
    const stored = await call('GET', `/v1/elections/${id}/reports/${report.submissionId}`);
    expect(stored.status).toBe(200);

    const retries = await Promise.all([post(), post(), post()]);
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const retry of retries) expect(retry.body.receivedAt).toBe(stored.body.receivedAt);
    expect(await storedVersions(id, 'NA-01-01', '01-001-01')).toHaveLength(1);
  });

  it('completes the write for a claim a crash left without its report, and answers that retry 201, not a replay', async () => {
    const id = await election('claimonly');
    const report = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    const post = () => call('POST', `/v1/elections/${id}/reports`, { body: report });

    expect((await post()).status).toBeGreaterThanOrEqual(500);
    expect(faultFired('REPORT_CRASH_CLAIM_ONLY', id)).toBe(true);
    // What an earlier release could leave: a claim, and no report behind it.
    expect((await call('GET', `/v1/elections/${id}/reports/${report.submissionId}`)).status).toBe(404);
    expect(await storedVersions(id, 'NA-01-01', '01-001-01')).toHaveLength(0);

    // Concurrent retries: exactly one is the first acknowledgement, the others replay it.
    const retries = await Promise.all([post(), post(), post(), post()]);
    expect(retries.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(retries.map((r) => r.body.receivedAt)).size).toBe(1);
    const found = await call('GET', `/v1/elections/${id}/reports/${report.submissionId}`);
    expect(found.status).toBe(200);
    expect(await storedVersions(id, 'NA-01-01', '01-001-01')).toHaveLength(1);
    expect((await post()).status).toBe(200);
  });

  it('refuses a claim left without its report whose version another report took, and stores nothing for it', async () => {
    const id = await election('claimonly');
    const first = tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100));
    expect(
      (await call('POST', `/v1/elections/${id}/reports`, { body: first })).status,
    ).toBeGreaterThanOrEqual(500);
    // Another phone sends version 1 of the same minutes under a new id, and is stored.
    const other = { ...first, submissionId: crypto.randomUUID() };
    expect(
      (await call('POST', `/v1/elections/${id}/reports`, { body: other })).status,
    ).toBeGreaterThanOrEqual(500);
    expect((await call('POST', `/v1/elections/${id}/reports`, { body: other })).status).toBe(201);

    const retry = await call('POST', `/v1/elections/${id}/reports`, { body: first });
    expect(retry.status).toBe(409);
    expect(retry.body.errors[0].code).toBe('VERSION_CONFLICT');
    expect((await call('GET', `/v1/elections/${id}/reports/${first.submissionId}`)).status).toBe(404);
  });
});
