import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint, verifyCheckpoint } from '../../shared/log/checkpoint.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../shared/log/merkle.ts';
import { verifyExport } from '../../shared/log/verify.ts';
import { keys } from '../../shared/store/keys.ts';
import { cdfReferenceProblems } from '../../shared/tabulation/cdf.ts';
import {
  call,
  cloud,
  credential,
  eventually,
  localDb,
  naVotes,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

const b64 = (s: string) => Buffer.from(s, 'base64');

async function key(electionId: string) {
  const answer = await call('GET', `/v1/elections/${electionId}/log/key`);
  expect(answer.status).toBe(200);
  expect(answer.body.algorithm).toBe('ECDSA_P256_SHA256');
  return {
    keyName: answer.body.keyName,
    algorithm: answer.body.algorithm,
    publicKey: b64(answer.body.publicKey),
  };
}

/** The checkpoint as served: a signed note in text/plain. */
async function checkpoint(electionId: string) {
  const answer = await fetch(`${cloud().url}/v1/elections/${electionId}/log/checkpoint`, {
    headers: { authorization: `Bearer ${cloud().adminToken}` },
  });
  return { status: answer.status, text: await answer.text(), type: answer.headers.get('content-type') };
}

describe('the transparency log', () => {
  it('gives every report a receipt whose inclusion proof verifies against the signed checkpoint', async () => {
    const id = uniqueId('log');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    const reports = [
      tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
      tally('01-001-02', 'NA-01-01', naVotes(250, 250, 150, 50), { registeredVoters: 800 }),
      turnout('01-001-01', '09:00:00', 1000, 200),
    ];
    const receipts: { submissionId: string; leafHash: string }[] = [];
    for (const body of reports) {
      const answer = await call('POST', `/v1/elections/${id}/reports`, { body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body.receipt.leafHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      // A replay carries the same receipt.
      const replay = await call('POST', `/v1/elections/${id}/reports`, { body });
      expect(replay.body.receipt).toEqual(answer.body.receipt);
      receipts.push({ submissionId: body.submissionId as string, leafHash: answer.body.receipt.leafHash });
    }
    // The definition load and the three reports, once each — and whatever credentials were issued
    // meanwhile (they are logged in every election of their mode): wait until every receipt is in.
    for (const receipt of receipts)
      await eventually(
        () => call('GET', `/v1/elections/${id}/log/proof/${receipt.submissionId}`),
        (a) => a.status === 200,
        60_000,
      );
    const first = await checkpoint(id);
    expect(first.type).toMatch(/^text\/plain/);
    const signed = verifyCheckpoint(first.text, await key(id));
    expect(signed?.origin).toBe(`vn-election-night/${id}/LIVE`);
    const size = signed?.size ?? 0;
    expect(size).toBeGreaterThanOrEqual(4);
    for (const receipt of receipts) {
      const proof = await call(
        'GET',
        `/v1/elections/${id}/log/proof/${receipt.submissionId}?treeSize=${size}`,
      );
      expect(proof.status).toBe(200);
      expect(proof.body.leafHash).toBe(receipt.leafHash);
      expect(
        verifyInclusion(
          b64(receipt.leafHash),
          proof.body.leafIndex,
          proof.body.treeSize,
          proof.body.auditPath.map(b64),
          signed?.rootHash ?? Buffer.alloc(32),
        ),
      ).toBe(true);
    }
    // The entries are the leaves the receipts name.
    const entries = await call('GET', `/v1/elections/${id}/log/entries?start=0&end=${size}`);
    const hashes = entries.body.entries.map((e: { leaf: string }) =>
      leafHash(b64(e.leaf)).toString('base64'),
    );
    for (const receipt of receipts) expect(hashes).toContain(receipt.leafHash);
    const leaf = JSON.parse(b64(entries.body.entries[hashes.indexOf(receipts[0]?.leafHash)].leaf).toString());
    expect(leaf).toMatchObject({
      kind: 'REPORT',
      electionId: id,
      mode: 'LIVE',
      submissionId: receipts[0]?.submissionId,
    });

    // A correction later: the new checkpoint extends the old one, and says so with a proof.
    const correction = tally('01-001-01', 'NA-01-01', naVotes(401, 299, 200, 100), {
      version: 2,
      correctionReason: 'Nhập nhầm số phiếu',
    });
    expect(
      (
        await call('POST', `/v1/elections/${id}/reports`, {
          body: { ...correction, correctionReason: 'Nhập nhầm' },
        })
      ).status,
    ).toBe(201);
    const second = await eventually(
      () => checkpoint(id),
      (c) => (parseCheckpoint(c.text)?.size ?? 0) > size,
      60_000,
    );
    const later = verifyCheckpoint(second.text, await key(id));
    const consistency = await call(
      'GET',
      `/v1/elections/${id}/log/consistency?first=${size}&second=${later?.size}`,
    );
    expect(consistency.status).toBe(200);
    expect(
      verifyConsistency(
        size,
        later?.size ?? 0,
        signed?.rootHash ?? Buffer.alloc(32),
        later?.rootHash ?? Buffer.alloc(32),
        consistency.body.proof.map(b64),
      ),
    ).toBe(true);
  });

  it('logs every credential issued and revoked in the elections of its mode, never its token', async () => {
    const id = uniqueId('credlog');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    const issued = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    expect((await call('DELETE', `/v1/credentials/${issued.credentialId}`)).status).toBe(204);
    const records = await eventually(
      async () => {
        const entries = await call('GET', `/v1/elections/${id}/log/entries?start=0`);
        return entries.status === 200
          ? entries.body.entries.map((e: { leaf: string }) => JSON.parse(b64(e.leaf).toString()))
          : [];
      },
      (all: { kind: string; credentialId?: string }[]) =>
        all.filter((r) => r.credentialId === issued.credentialId).length === 2,
      60_000,
    );
    const mine = records.filter((r: { credentialId?: string }) => r.credentialId === issued.credentialId);
    expect(mine.map((r: { kind: string }) => r.kind).sort()).toEqual([
      'CREDENTIAL_ISSUED',
      'CREDENTIAL_REVOKED',
    ]);
    expect(mine[0]).toMatchObject({
      electionId: id,
      mode: 'LIVE',
      role: 'PROVINCIAL_COMMITTEE',
      scope: { provinceId: '01' },
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain(issued.token.slice(5));
    expect(text).not.toContain('tokenHash');
  });

  it('refuses what it cannot answer with a problem: no log yet, a report not logged, a size beyond the log', async () => {
    const id = uniqueId('nolog');
    expect((await call('GET', `/v1/elections/${id}/log/key`)).status).toBe(404);
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    await eventually(
      () => checkpoint(id),
      (c) => c.status === 200,
      60_000,
    );
    const missing = await call('GET', `/v1/elections/${id}/log/proof/never-sent`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe('NOT_YET_LOGGED');
    const beyond = await call('GET', `/v1/elections/${id}/log/consistency?first=1&second=99`);
    expect(beyond.status).toBe(400);
    expect((await call('GET', `/v1/elections/${id}/log/entries?start=0&end=5000`)).status).toBe(400);
  });
});

describe('the public export and open data', () => {
  it('exports an election that verifies and recounts clean; a published figure changed afterwards fails verify at its contest', async () => {
    const id = uniqueId('export');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    const reports = [
      tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
      tally('01-001-02', 'NA-01-01', naVotes(250, 250, 150, 50), { registeredVoters: 800 }),
      tally('79-001-01', 'PC-79-01', { 'PC-79-01-1': 700, 'PC-79-01-2': 300 }, { registeredVoters: 1200 }, 1),
    ];
    for (const body of reports)
      expect((await call('POST', `/v1/elections/${id}/reports`, { body })).status).toBe(201);
    for (const body of reports)
      await eventually(
        () => call('GET', `/v1/elections/${id}/log/proof/${body.submissionId}`),
        (a) => a.status === 200,
        60_000,
      );
    const exported = await eventually(
      () => call('GET', `/v1/elections/${id}/export`),
      (a) =>
        a.status === 200 &&
        a.body.checkpoints.length > 0 &&
        a.body.results.every((r: { status: string }) => r.status === 'COMPLETE'),
      60_000,
    );
    expect(exported.body.leaves.length).toBeGreaterThanOrEqual(4);
    expect(verifyExport(exported.body, 'LIVE')).toBeUndefined();
    expect(verifyExport(exported.body, 'TEST')).toMatch(/not TEST/);

    // The same results as open data, the nation's and a province's with its polling areas.
    const nation = await call('GET', `/v1/elections/${id}/export/cdf`);
    expect(nation.status).toBe(200);
    expect(nation.body).toMatchObject({
      '@type': 'ElectionResults.ElectionReport',
      Format: 'summary-contest',
      IsTest: false,
    });
    const hanoi = await call('GET', `/v1/elections/${id}/export/cdf?provinceId=01`);
    expect(hanoi.body.Format).toBe('precinct-level');
    expect(cdfReferenceProblems(hanoi.body)).toEqual([]);
    expect((await call('GET', `/v1/elections/${id}/export/cdf?provinceId=99`)).status).toBe(404);

    // Someone with the table's keys changes a published figure: the log no longer recounts to it.
    const db = localDb();
    try {
      const key = keys.contestAggregate(id, '01', 'NA-01-01');
      const { Item } = await db.send(
        new GetCommand({ TableName: cloud().outputs.AggregatesTableName, Key: key }),
      );
      const result = JSON.parse(String(Item?.resultJson));
      result.candidates[0].votes += 1;
      await db.send(
        new UpdateCommand({
          TableName: cloud().outputs.AggregatesTableName,
          Key: key,
          UpdateExpression: 'SET resultJson = :r',
          ExpressionAttributeValues: { ':r': JSON.stringify(result) },
        }),
      );
    } finally {
      db.destroy();
    }
    const tampered = await call('GET', `/v1/elections/${id}/export`);
    expect(verifyExport(tampered.body, 'LIVE')).toMatch(
      /^contest NA-01-01: published \d+ votes for NA-01-01-\d, the log recounts \d+$/,
    );
  });

  it('gives the export to ADMIN and OBSERVER only', async () => {
    const id = uniqueId('export-roles');
    expect((await call('PUT', `/v1/elections/${id}`, { body: smallElection(id) })).status).toBe(201);
    const { token } = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    expect((await call('GET', `/v1/elections/${id}/export`, { token })).status).toBe(403);
  });
});
