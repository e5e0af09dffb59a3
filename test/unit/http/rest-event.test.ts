import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpRoute } from '../../../shared/http/handler.ts';
import { toHttpEvent } from '../../../shared/http/rest-event.ts';

const restEvent = (overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent =>
  ({
    resource: '/v1/elections/{electionId}/turnout',
    path: '/v1/elections/vn-2026/turnout',
    httpMethod: 'GET',
    headers: { Authorization: 'Bearer x', 'If-None-Match': '"e"' },
    multiValueHeaders: {},
    queryStringParameters: { provinceId: 'P01' },
    multiValueQueryStringParameters: { provinceId: ['P01'] },
    pathParameters: { electionId: 'vn-2026' },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'rest-req-1',
      stage: 'dev',
      identity: { sourceIp: '203.0.113.9' },
      authorizer: {
        principalId: 'cred-1',
        credentialId: 'cred-1',
        role: 'REPORTER',
        scope: '{"pollingAreaIds":["A1"]}',
        mode: 'TEST',
        integrationLatency: 12,
      },
    },
    ...overrides,
  }) as unknown as APIGatewayProxyEvent;

describe('a REST API proxy event read as the HTTP API one', () => {
  it('keeps the route, path, query, lower-cased headers, request id and the authorizer context', () => {
    const event = toHttpEvent(restEvent());
    expect(event.routeKey).toBe('GET /v1/elections/{electionId}/turnout');
    expect(event.rawPath).toBe('/v1/elections/vn-2026/turnout');
    expect(event.rawQueryString).toBe('provinceId=P01');
    expect(event.queryStringParameters).toEqual({ provinceId: 'P01' });
    expect(event.pathParameters).toEqual({ electionId: 'vn-2026' });
    expect(event.headers).toEqual({ authorization: 'Bearer x', 'if-none-match': '"e"' });
    expect(event.requestContext.requestId).toBe('rest-req-1');
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.requestContext.http.sourceIp).toBe('203.0.113.9');
    expect((event.requestContext as unknown as { authorizer: unknown }).authorizer).toEqual({
      lambda: { credentialId: 'cred-1', role: 'REPORTER', scope: '{"pollingAreaIds":["A1"]}', mode: 'TEST' },
    });
  });

  it('leaves an HTTP API event as it is', () => {
    const v2 = { version: '2.0', routeKey: 'GET /x', rawPath: '/x' } as APIGatewayProxyEventV2;
    expect(toHttpEvent(v2)).toBe(v2);
  });

  it('lets httpRoute see the caller and answer with the REST request id', async () => {
    const handler = httpRoute(async ({ caller, event }) => ({
      status: 200,
      body: { role: caller?.role, mode: caller?.mode, path: event.pathParameters },
    }));
    const answer = (await handler(restEvent(), {} as never)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-request-id']).toBe('rest-req-1');
    expect(JSON.parse(answer.body)).toEqual({
      role: 'REPORTER',
      mode: 'TEST',
      path: { electionId: 'vn-2026' },
    });
  });
});
