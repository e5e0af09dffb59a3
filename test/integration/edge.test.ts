import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, type LocalCloud, startLocalCloud } from '../../infra/local/cloud.ts';
import { issueCredential } from '../../shared/credentials/store.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TURNOUT = 'GET /v1/elections/{electionId}/turnout';
const BODY_LIMIT = 64 * 1024;

/**
 * The API's edge on a cloud of its own, so that its functions' invocations can be counted and one
 * method can have a tiny throttle: strangers are refused by the gateway, never by a route function.
 */
describe('the edge of the API', () => {
  let cloud: LocalCloud;
  let admin: string;
  let db: DynamoDBDocumentClient;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'edge-'));
    cloud = await startLocalCloud({
      port: 0,
      workDir,
      cacheDir: path.join(ROOT, '.cache'),
      onError: () => {},
      maxRequestBodyBytes: BODY_LIMIT,
      methodThrottles: { [TURNOUT]: { rateLimit: 0.5, burstLimit: 2 } },
    });
    admin = await bootstrapAdmin(cloud);
    db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: cloud.region,
        credentials: LOCAL_CREDENTIALS,
      }),
    );
  }, 600_000);

  afterAll(async () => {
    db?.destroy();
    await cloud?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const get = async (route: string, token: string | null, init: RequestInit = {}) => {
    const response = await fetch(`${cloud.url}${route}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  /** Invocations of the functions whose logical id starts with one of these prefixes. */
  const invoked = (...prefixes: string[]) =>
    Object.entries(cloud.invocations())
      .filter(([id]) => prefixes.some((p) => id.startsWith(p)))
      .reduce((sum, [, n]) => sum + n, 0);
  const expectRefusal = (answer: Awaited<ReturnType<typeof get>>, status: number, code: string) => {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    const requestId = answer.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(answer.body).toMatchObject({ status, errors: [{ code }], requestId });
  };
  const issue = async (expiresInMs: number) =>
    issueCredential(db, cloud.outputs.CredentialsTableName ?? '', {
      role: 'ADMIN',
      scope: {},
      mode: 'LIVE',
      label: 'edge test',
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    });

  it('refuses an unknown token with a 401 problem, and no route function runs for it', async () => {
    const before = { route: invoked('GetElection'), authorizer: invoked('Authorizer') };
    const answer = await get(
      '/v1/elections/edge-unknown',
      'vnel_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    expectRefusal(answer, 401, 'UNAUTHENTICATED');
    expect(invoked('GetElection')).toBe(before.route);
    expect(invoked('Authorizer')).toBe(before.authorizer + 1);
    // The same request with a valid token does reach the route: the count above could move.
    expect((await get('/v1/elections/edge-unknown', admin)).status).toBe(404);
    expect(invoked('GetElection')).toBe(before.route + 1);
  });

  it('refuses a request without an Authorization header with a 401 problem, without asking the authorizer', async () => {
    const before = invoked('Authorizer', 'GetElection');
    expectRefusal(await get('/v1/elections/edge-none', null), 401, 'UNAUTHENTICATED');
    expect(invoked('Authorizer', 'GetElection')).toBe(before);
  });

  it('refuses a body over the limit with a 413 problem, before any function runs', async () => {
    const before = invoked('Authorizer', 'PutElection');
    const answer = await get('/v1/elections/edge-large', admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) }),
    });
    expectRefusal(answer, 413, 'BODY_TOO_LARGE');
    expect(invoked('Authorizer', 'PutElection')).toBe(before);
  });

  it('answers a method the API does not have with a 404 problem', async () => {
    expectRefusal(await get('/v1/health', null, { method: 'DELETE' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('refuses a credential expiring within the cache TTL at once', async () => {
    const { token } = await issue(10_000);
    expectRefusal(await get('/v1/elections/edge-expiring', token), 401, 'UNAUTHENTICATED');
  });

  // The two waits on the authorizer's cache run side by side: each is a minute of polling.
  it.concurrent('never lets a cached allow outlive the credential: allowed first, refused before its expiry', {
    timeout: 180_000,
  }, async () => {
    const { token, credential } = await issue(45_000);
    const expiresAt = Date.parse(credential.expiresAt);
    expect((await get('/v1/elections/edge-expiry', token)).status).toBe(404);
    // Poll through the cached allow until the credential is refused.
    let answer = await get('/v1/elections/edge-expiry', token);
    while (answer.status !== 401 && Date.now() < expiresAt + 5_000) {
      await new Promise((r) => setTimeout(r, 1_000));
      answer = await get('/v1/elections/edge-expiry', token);
    }
    const refusedAt = Date.now();
    expectRefusal(answer, 401, 'UNAUTHENTICATED');
    expect(refusedAt).toBeLessThan(expiresAt);
    // And from then on: every later answer, past its expiry too, is a refusal.
    while (Date.now() <= expiresAt) await new Promise((r) => setTimeout(r, 1_000));
    expectRefusal(await get('/v1/elections/edge-expiry', token), 401, 'UNAUTHENTICATED');
  });

  it.concurrent('refuses a revoked token within the cache TTL', { timeout: 180_000 }, async () => {
    const { token, credentialId } = await issue(24 * 3600 * 1000);
    expect((await get('/v1/elections/edge-revoked', token)).status).toBe(404);
    const revoked = await fetch(`${cloud.url}/v1/credentials/${credentialId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(204);
    const deadline = Date.now() + 90_000;
    let answer = await get('/v1/elections/edge-revoked', token);
    while (answer.status !== 401 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      answer = await get('/v1/elections/edge-revoked', token);
    }
    expectRefusal(answer, 401, 'UNAUTHENTICATED');
  });

  it('throttles a method on its own with a 429 problem, leaving the other methods alone', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get('/v1/elections/edge-throttle/turnout', admin));
    const throttled = answers.find((a) => a.status === 429);
    expect(throttled).toBeDefined();
    if (throttled) expectRefusal(throttled, 429, 'THROTTLED');
    expect((await get('/v1/elections/edge-throttle', admin)).status).toBe(404);
  });
});
