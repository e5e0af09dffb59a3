import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { issueCredential } from '../../shared/credentials/store.ts';
import type { ElectionDefinition } from '../../shared/model/election.ts';

export const cloud = () => inject('cloud');

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** Calls the local cloud's HTTP API as a locality or a dashboard would. */
export async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? cloud().adminToken : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${cloud().url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export { eventually } from '../support/eventually.ts';

/** Whether a test-only fault wrapper logged that it fired for this election (see global-setup). */
export function faultFired(fault: string, electionId: string): boolean {
  const logDir = path.resolve(import.meta.dirname, '../../.local/test/logs');
  return readdirSync(logDir)
    .filter((name) => name.endsWith('.log'))
    .some((name) =>
      readFileSync(path.join(logDir, name), 'utf8')
        .split('\n')
        .some((line) => line.includes(`"fault":"${fault}"`) && line.includes(`"electionId":"${electionId}"`)),
    );
}

/** A document client on the suite's DynamoDB Local; the caller destroys it. */
export function localDb(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud().endpoints.dynamodb,
      region: cloud().region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

export function sqsClient(): SQSClient {
  return new SQSClient({
    endpoint: cloud().endpoints.sqs,
    region: cloud().region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A small election in the contract's format: one NA contest in Hà Nội (R2) with two polling areas. */
export function smallElection(id: string): ElectionDefinition {
  return {
    id,
    name: 'Bầu cử thử nghiệm',
    pollingDay: '2026-03-15',
    timeZone: 'Asia/Ho_Chi_Minh',
    mode: 'LIVE',
    regions: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'].map((r) => ({ id: r, name: `Vùng ${r}` })),
    provinces: [
      { id: '01', name: 'Hà Nội', regionId: 'R2' },
      { id: '79', name: 'TP. Hồ Chí Minh', regionId: 'R5' },
    ],
    communes: [
      { id: '01-001', name: 'Phường Ba Đình', provinceId: '01' },
      { id: '79-001', name: 'Phường Sài Gòn', provinceId: '79' },
    ],
    contests: [
      {
        id: 'NA-01-01',
        body: 'NATIONAL_ASSEMBLY',
        name: 'Đơn vị bầu cử số 1',
        provinceId: '01',
        seats: 2,
        candidates: [
          { id: 'NA-01-01-1', name: 'Nguyễn Văn An', birthDate: '1968-02-01' },
          { id: 'NA-01-01-2', name: 'Trần Thị Bình', birthDate: '1975-06-12' },
          { id: 'NA-01-01-3', name: 'Lê Hoàng Cường', birthDate: '1971-11-30' },
          { id: 'NA-01-01-4', name: 'Phạm Thu Dung', birthDate: '1982-03-08' },
        ],
      },
      {
        id: 'PC-79-01',
        body: 'PROVINCIAL_COUNCIL',
        name: 'Đơn vị bầu cử số 1',
        provinceId: '79',
        seats: 1,
        candidates: [
          { id: 'PC-79-01-1', name: 'Lý Thị Ngọc', birthDate: '1973-04-22' },
          { id: 'PC-79-01-2', name: 'Trương Văn Phúc', birthDate: '1969-01-09' },
        ],
      },
    ],
    pollingAreas: [
      {
        id: '01-001-01',
        name: 'Khu vực bỏ phiếu số 1',
        communeId: '01-001',
        registeredVoters: 1000,
        contestIds: ['NA-01-01'],
      },
      {
        id: '01-001-02',
        name: 'Khu vực bỏ phiếu số 2',
        communeId: '01-001',
        registeredVoters: 800,
        contestIds: ['NA-01-01'],
      },
      {
        id: '79-001-01',
        name: 'Khu vực bỏ phiếu số 1',
        communeId: '79-001',
        registeredVoters: 1200,
        contestIds: ['PC-79-01'],
      },
    ],
  };
}

/**
 * A lawful tally for the given votes: valid ballots are the fewest the votes allow (each valid
 * ballot keeps 1 to `seats` names), ten invalid ballots, and every voter's ballot received.
 */
export function tally(
  pollingAreaId: string,
  contestId: string,
  votes: Record<string, number>,
  fields: Partial<Record<string, unknown>> = {},
  seats = 2,
) {
  const counts = Object.values(votes);
  const sum = counts.reduce((a, b) => a + b, 0);
  const valid = Math.max(...counts, Math.ceil(sum / seats));
  return {
    type: 'tally',
    submissionId: randomUUID(),
    pollingAreaId,
    contestId,
    version: 1,
    registeredVoters: 1000,
    votersVoted: valid + 10,
    ballotsIssued: valid + 10,
    ballotsReceived: valid + 10,
    validBallots: valid,
    invalidBallots: 10,
    candidateVotes: votes,
    ...fields,
  };
}

/** Votes for the four candidates of NA-01-01 in smallElection. */
export function naVotes(a: number, b: number, c: number, d: number): Record<string, number> {
  return { 'NA-01-01-1': a, 'NA-01-01-2': b, 'NA-01-01-3': c, 'NA-01-01-4': d };
}

let testAdmin: Promise<string> | undefined;

/**
 * An ADMIN token of a mode: the suite's bootstrap token for LIVE; for TEST one issued the way an
 * operator issues the first drill ADMIN (straight into the credentials table), since an ADMIN
 * issues credentials of its own mode only.
 */
export function adminToken(mode: 'LIVE' | 'TEST'): Promise<string> {
  if (mode === 'LIVE') return Promise.resolve(cloud().adminToken);
  testAdmin ??= (async () => {
    const db = localDb();
    try {
      const tableName = cloud().outputs.CredentialsTableName ?? '';
      const { token } = await issueCredential(db, tableName, {
        role: 'ADMIN',
        scope: {},
        mode: 'TEST',
        label: 'test bootstrap TEST',
        expiresAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
      });
      return token;
    } finally {
      db.destroy();
    }
  })();
  return testAdmin;
}

/** Issues a credential through the API (as an ADMIN of the same mode) and answers its token. */
export async function credential(
  role: string,
  scope: Record<string, unknown> = {},
  mode: 'LIVE' | 'TEST' = 'LIVE',
) {
  const issued = await call('POST', '/v1/credentials', {
    token: await adminToken(mode),
    body: { role, scope, label: `test ${role}`, mode },
  });
  if (issued.status !== 201)
    throw new Error(`credential not issued: ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body as { credentialId: string; token: string };
}

/** A polling day instant in Hà Nội time. */
export const onPollingDay = (time: string) => `2026-03-15T${time}+07:00`;

/** A turnout quick report at a time of polling day. */
export function turnout(pollingAreaId: string, time: string, registeredVoters: number, votersVoted: number) {
  return {
    type: 'turnout',
    submissionId: randomUUID(),
    pollingAreaId,
    asOf: onPollingDay(time),
    registeredVoters,
    votersVoted,
  };
}

/** An incident at a polling area or in a whole province, at a time of polling day. */
export function incident(
  place: { pollingAreaId: string } | { provinceId: string },
  category: string,
  severity: string,
  time: string,
  description: string,
) {
  return {
    type: 'incident',
    submissionId: randomUUID(),
    ...place,
    category,
    severity,
    occurredAt: onPollingDay(time),
    description,
  };
}

/** Province 79's provincial-council board minutes, agreeing with one tally of 900 to 200. */
export function hcmcUnitResult() {
  return {
    type: 'unitResult',
    submissionId: randomUUID(),
    contestId: 'PC-79-01',
    registeredVoters: 1200,
    votersVoted: 1110,
    ballotsIssued: 1110,
    ballotsReceived: 1110,
    validBallots: 1100,
    invalidBallots: 10,
    candidateVotes: { 'PC-79-01-1': 900, 'PC-79-01-2': 200 },
    electedCandidateIds: ['PC-79-01-1'],
  };
}

/** Every event of an audience's inbox, page by page with the cursors the API gives. */
export async function readWholeInbox(
  electionId: string,
  audience: string,
  options: { token?: string; limit?: number } = {},
): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ audience, limit: String(options.limit ?? 100) });
    if (cursor) query.set('after', cursor);
    const page = await call('GET', `/v1/elections/${electionId}/notifications?${query}`, {
      ...(options.token ? { token: options.token } : {}),
    });
    if (page.status !== 200)
      throw new Error(`inbox ${audience}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    if (page.body.items.length === 0) return items;
    cursor = page.body.nextCursor;
  }
}
