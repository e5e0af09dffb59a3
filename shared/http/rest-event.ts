import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthorizerContext } from './auth.ts';

/** What a route may receive: a REST API (v1) proxy event, or an HTTP API (payload 2.0) one. */
export type GatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;

const isV2 = (event: GatewayEvent): event is APIGatewayProxyEventV2 =>
  (event as APIGatewayProxyEventV2).version === '2.0';

/**
 * The one shape the route functions read (payload 2.0), whichever API invoked them: a REST API
 * proxy event is mapped field by field, so that moving the API between REST and HTTP touches no
 * handler. Header names are lower-cased as the HTTP API delivers them.
 */
export function toHttpEvent(event: GatewayEvent): APIGatewayProxyEventV2 {
  if (isV2(event)) return event;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query = event.queryStringParameters ?? undefined;
  const rawQueryString = new URLSearchParams(
    Object.entries(event.multiValueQueryStringParameters ?? {}).flatMap(([name, values]) =>
      (values ?? []).map((v): [string, string] => [name, v]),
    ),
  ).toString();
  const context = event.requestContext;
  const routeKey = `${event.httpMethod} ${event.resource}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: event.path,
    rawQueryString,
    headers,
    ...(query ? { queryStringParameters: query as Record<string, string> } : {}),
    ...(event.pathParameters ? { pathParameters: event.pathParameters as Record<string, string> } : {}),
    requestContext: {
      accountId: context?.accountId ?? '',
      apiId: context?.apiId ?? '',
      domainName: context?.domainName ?? headers.host ?? '',
      domainPrefix: context?.domainPrefix ?? '',
      http: {
        method: event.httpMethod,
        path: event.path,
        protocol: context?.protocol ?? 'HTTP/1.1',
        sourceIp: context?.identity?.sourceIp ?? '',
        userAgent: context?.identity?.userAgent ?? headers['user-agent'] ?? '',
      },
      requestId: context?.requestId ?? 'unknown',
      routeKey,
      stage: context?.stage ?? '',
      time: context?.requestTime ?? '',
      timeEpoch: context?.requestTimeEpoch ?? 0,
      // The authorizer's context, where an HTTP API puts it; a REST API puts it flat.
      ...(context?.authorizer ? { authorizer: { lambda: authorizerContextOf(context.authorizer) } } : {}),
    },
    ...(event.body !== null && event.body !== undefined ? { body: event.body } : {}),
    isBase64Encoded: event.isBase64Encoded ?? false,
  } as APIGatewayProxyEventV2;
}

/** A REST API's authorizer context: the Lambda authorizer's context fields beside principalId. */
function authorizerContextOf(authorizer: Record<string, unknown>): Partial<AuthorizerContext> {
  const field = (name: keyof AuthorizerContext) =>
    typeof authorizer[name] === 'string' ? { [name]: authorizer[name] as string } : {};
  return {
    ...field('credentialId'),
    ...field('role'),
    ...field('scope'),
    ...field('mode'),
    ...field('expiresAt'),
  };
}
