import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LambdaFunction } from './lambda-runtime.ts';

/** API Gateway's own limit on an HTTP API request body. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * A client that never finishes its headers, or its body, holds a connection and a worker's memory
 * for nothing; API Gateway cuts such clients off, and so does the local gateway: 10 s for the
 * headers, 30 s for the body after them, then 408 and the connection closed.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const BODY_TIMEOUT_MS = 30_000;

/** Options for the server in front of the gateway: Node checks its header deadline every second. */
export const SLOW_CLIENT_LIMITS: ServerOptions = {
  headersTimeout: HEADERS_TIMEOUT_MS,
  // A backstop only: the body's own deadline (BODY_TIMEOUT_MS) answers first.
  requestTimeout: HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS + 5_000,
  connectionsCheckingInterval: 1_000,
};

export interface Authorizer {
  readonly fn: LambdaFunction;
  /** e.g. "$request.header.Authorization" */
  readonly identitySources: readonly string[];
  readonly cacheTtlSeconds: number;
  readonly simpleResponses: boolean;
}

export interface Route {
  readonly method: string;
  readonly path: string;
  readonly routeKey: string;
  readonly fn: LambdaFunction;
  readonly authorizer?: Authorizer;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly parameterNames: string[];
}

/**
 * An HTTP API (payload format 2.0) in front of the local functions: routes matched as API Gateway
 * matches them, Lambda authorizers with their result cache, and API Gateway's own answers when no
 * function is involved (404, 401 without the identity source, 403, 413, 500).
 */
export class HttpGateway {
  private readonly routes: CompiledRoute[];
  private readonly authorizerCache = new Map<string, { expires: number; result: AuthorizerResult }>();

  constructor(routes: readonly Route[]) {
    this.routes = routes.map(compile).sort((a, b) => specificity(b) - specificity(a));
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(request, BODY_TIMEOUT_MS);
    if (body === 'timeout') return sendBodyTimeout(response, requestId);
    if (body === undefined) return send(response, 413, { message: 'Request Entity Too Large' }, requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const match = this.matchDecoded(method, url.pathname);
    if (match === 'malformed') {
      return sendProblem(
        response,
        400,
        'INVALID_PATH_PARAMETER',
        'The path holds a malformed percent-encoding.',
        requestId,
      );
    }
    if (!match) return send(response, 404, { message: 'Not Found' }, requestId);
    const { route, pathParameters } = match;
    const headers = lowerCaseHeaders(request);
    const event = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: route.routeKey,
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      } as Record<string, unknown>,
      ...(body.length ? { body: body.toString('utf8'), isBase64Encoded: false } : { isBase64Encoded: false }),
    };
    try {
      if (route.authorizer) {
        const verdict = await this.authorize(route.authorizer, event, headers, url);
        if (verdict === 'missing') return send(response, 401, { message: 'Unauthorized' }, requestId);
        if (!verdict.isAuthorized) return send(response, 403, { message: 'Forbidden' }, requestId);
        event.requestContext.authorizer = { lambda: verdict.context ?? {} };
      }
      const result = await route.fn.invoke(event);
      writeResult(response, result, requestId);
    } catch {
      send(response, 500, { message: 'Internal Server Error' }, requestId);
    }
  }

  /** The route, or 'malformed' when a parameter's percent-encoding is not UTF-8 (e.g. %E0%A4%A). */
  private matchDecoded(method: string, pathname: string): ReturnType<HttpGateway['match']> | 'malformed' {
    try {
      return this.match(method, pathname);
    } catch (error) {
      if (error instanceof URIError) return 'malformed';
      throw error;
    }
  }

  private match(
    method: string,
    pathname: string,
  ): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== 'ANY' && route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathParameters = Object.fromEntries(
        route.parameterNames.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return { route, pathParameters };
    }
    return undefined;
  }

  private async authorize(
    authorizer: Authorizer,
    event: Record<string, unknown>,
    headers: Record<string, string>,
    url: URL,
  ): Promise<AuthorizerResult | 'missing'> {
    const identity: string[] = [];
    for (const source of authorizer.identitySources) {
      const value = identityValue(source, headers, url);
      if (value === undefined || value === '') return 'missing';
      identity.push(value);
    }
    const cacheKey = identity.join('\u0000');
    const cached = this.authorizerCache.get(cacheKey);
    if (authorizer.cacheTtlSeconds > 0 && cached && cached.expires > Date.now()) return cached.result;
    const result = (await authorizer.fn.invoke({
      ...event,
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${String(event.routeKey).replace(' ', '')}`,
      identitySource: identity,
    })) as AuthorizerResult;
    if (!authorizer.simpleResponses)
      throw new Error('Only simple authorizer responses are supported locally');
    if (authorizer.cacheTtlSeconds > 0) {
      this.authorizerCache.set(cacheKey, { expires: Date.now() + authorizer.cacheTtlSeconds * 1000, result });
    }
    return result;
  }
}

interface AuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: Record<string, unknown>;
}

function compile(route: Route): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      if (greedy?.[1]) {
        parameterNames.push(greedy[1]);
        return '(.+)';
      }
      const param = /^\{(.+)\}$/.exec(segment);
      if (param?.[1]) {
        parameterNames.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), parameterNames };
}

/** Literal segments beat parameters, as in API Gateway's route selection. */
function specificity(route: CompiledRoute): number {
  return route.path
    .split('/')
    .reduce(
      (score, segment) => score * 3 + (segment.startsWith('{') ? (segment.endsWith('+}') ? 0 : 1) : 2),
      0,
    );
}

function identityValue(source: string, headers: Record<string, string>, url: URL): string | undefined {
  const header = /^\$request\.header\.(.+)$/.exec(source);
  if (header?.[1]) return headers[header[1].toLowerCase()];
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query?.[1]) return url.searchParams.get(query[1]) ?? undefined;
  return undefined;
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The body; undefined when above API Gateway's limit, 'timeout' when it did not end in time. */
function readBody(request: IncomingMessage, timeoutMs: number): Promise<Buffer | undefined | 'timeout'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      request.removeAllListeners('data');
      request.pause();
      resolve('timeout');
    }, timeoutMs);
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      clearTimeout(timer);
      resolve(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A problem document (RFC 9457) of the gateway itself, with the request id every answer carries. */
export function sendProblem(
  response: ServerResponse,
  status: number,
  code: string,
  detail: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(problemDocument(status, code, detail));
  response.writeHead(status, {
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    'apigw-requestid': requestId,
    ...headers,
  });
  response.end(body);
}

function problemDocument(status: number, code: string, detail: string) {
  return {
    type: `urn:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: STATUS_TITLES[status] ?? 'Error',
    status,
    detail,
    errors: [{ code, path: '', message: detail }],
  };
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** 408, then the connection is closed: the rest of the body is never read. */
function sendBodyTimeout(response: ServerResponse, requestId: string): void {
  response.on('finish', () => response.socket?.destroy());
  sendProblem(
    response,
    408,
    'REQUEST_TIMEOUT',
    `The body did not arrive within ${BODY_TIMEOUT_MS / 1000} s.`,
    requestId,
    { connection: 'close' },
  );
}

/**
 * Answers what Node refuses before a request exists — headers not finished within
 * HEADERS_TIMEOUT_MS, headers that do not parse — as problem documents, then closes the connection.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, code, detail] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', `The request did not arrive within ${HEADERS_TIMEOUT_MS / 1000} s.`]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large.']
          : [400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP.'];
    const requestId = randomUUID();
    const body = JSON.stringify(problemDocument(status, code, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TITLES[status]}\r\n` +
        'content-type: application/problem+json\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'connection: close\r\n\r\n' +
        body,
    );
    socket.once('finish', () => socket.destroy());
  });
}

function send(response: ServerResponse, status: number, body: unknown, requestId: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'apigw-requestid': requestId });
  response.end(JSON.stringify(body));
}

/** Maps a payload-2.0 result to HTTP as API Gateway does, including its inference for bare values. */
function writeResult(response: ServerResponse, result: unknown, requestId: string): void {
  const structured =
    result !== null && typeof result === 'object' && 'statusCode' in (result as Record<string, unknown>)
      ? (result as {
          statusCode: number;
          headers?: Record<string, string>;
          body?: string;
          isBase64Encoded?: boolean;
          cookies?: string[];
        })
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const headers: Record<string, string | string[]> = { 'apigw-requestid': requestId, ...structured.headers };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  response.writeHead(structured.statusCode, headers);
  const body = structured.body ?? '';
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
