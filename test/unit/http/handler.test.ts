import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpRoute, jsonBody, MAX_BODY_BYTES, requireRole } from '../../../shared/http/handler.ts';
import { HttpProblem, problem } from '../../../shared/http/problem.ts';
import { TallyReport } from '../../../shared/model/report.ts';
import { findingsFromZod } from '../../../shared/model/zod-findings.ts';

const event = (overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'POST /x',
    rawPath: '/x',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { requestId: 'req-1' },
    isBase64Encoded: false,
    ...overrides,
  }) as APIGatewayProxyEventV2;

const expectProblem = (fn: () => unknown, status: number, code: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(status);
    expect((error as HttpProblem).errors[0]?.code).toBe(code);
    return;
  }
  throw new Error('expected a problem');
};

describe('jsonBody', () => {
  it('parses JSON sent as application/json, with a charset too', () => {
    expect(
      jsonBody(event({ body: '{"a":1}', headers: { 'Content-Type': 'application/json; charset=utf-8' } })),
    ).toEqual({ a: 1 });
  });
  it('refuses another media type with 415, a large body with 413, broken JSON with 400', () => {
    expectProblem(
      () => jsonBody(event({ body: '{}', headers: { 'content-type': 'text/plain' } })),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(() => jsonBody(event({ body: `"${'x'.repeat(MAX_BODY_BYTES)}"` })), 413, 'BODY_TOO_LARGE');
    expectProblem(() => jsonBody(event({ body: '{"a":' })), 400, 'INVALID_JSON');
  });
  it('refuses a body that names a member twice, with the path of the second', () => {
    try {
      jsonBody(event({ body: '{"candidateVotes":{"A":1,"A":900}}' }));
      throw new Error('expected a problem');
    } catch (error) {
      expect((error as HttpProblem).status).toBe(400);
      expect((error as HttpProblem).errors[0]).toMatchObject({
        code: 'DUPLICATE_JSON_KEY',
        path: '/candidateVotes/A',
      });
    }
  });
});

describe('requireRole', () => {
  const caller = { credentialId: 'c', role: 'OBSERVER' as const, scope: {}, mode: 'LIVE' as const };
  it('answers 401 without a caller and 403 for a role not allowed', () => {
    expectProblem(() => requireRole(undefined, 'ADMIN'), 401, 'UNAUTHENTICATED');
    expectProblem(() => requireRole(caller, 'ADMIN'), 403, 'FORBIDDEN');
    expect(requireRole(caller, 'ADMIN', 'OBSERVER')).toBe(caller);
  });
});

describe('findingsFromZod', () => {
  it('lists every problem with a JSON Pointer and a stable code', () => {
    const parsed = TallyReport.safeParse(
      {
        type: 'tally',
        submissionId: 'bad id!',
        pollingAreaId: 'p',
        contestId: 'c',
        version: 0,
        extra: 1,
        candidateVotes: { a: -1 },
      },
      { reportInput: true },
    );
    expect(parsed.success).toBe(false);
    const problems = parsed.success ? [] : findingsFromZod(parsed.error);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.code]));
    expect(byPath).toMatchObject({
      '/submissionId': 'INVALID_FORMAT',
      '/version': 'OUT_OF_RANGE',
      '/registeredVoters': 'REQUIRED_FIELD',
      '/candidateVotes/a': 'OUT_OF_RANGE',
      '/extra': 'UNKNOWN_FIELD',
    });
  });
});

describe('httpRoute', () => {
  it('answers an expected refusal as a problem document with x-request-id', async () => {
    const handler = httpRoute(async () => {
      throw problem(422, 'SOME_RULE', 'A rule is broken.', '/field');
    });
    const response = await handler(event(), {} as never);
    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.headers?.['x-request-id']).toBe('req-1');
    expect(JSON.parse(String(response.body))).toMatchObject({
      status: 422,
      errors: [{ code: 'SOME_RULE', path: '/field', message: 'A rule is broken.' }],
    });
  });
  it('answers a bug as a 500 that reveals nothing', async () => {
    const handler = httpRoute(async () => {
      throw new Error('secret internals');
    });
    const response = await handler(event(), {} as never);
    expect(response.statusCode).toBe(500);
    expect(String(response.body)).not.toContain('secret internals');
  });
});
