import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { renderGatewayTemplate } from '../../shared/http/gateway-responses.ts';
import { type RestApiDefinition, type RestAuthorizer, type RestMethod, throttleKey } from './rest-api.ts';
import { type Throttle, TokenBucket } from './token-bucket.ts';

/** API Gateway's own limit on a REST API request body. */
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

export interface GatewayOptions {
  /** API Gateway's own limit on a request body: above it, REQUEST_TOO_LARGE (413). */
  readonly maxBodyBytes?: number;
  /** Replaces a method's throttle from the template (`METHOD /resource/path`), e.g. a tiny one in a test. */
  readonly throttleOverrides?: Readonly<Record<string, Throttle>>;
  readonly now?: () => number;
}

interface CompiledMethod extends RestMethod {
  readonly pattern: RegExp;
  readonly parameterNames: string[];
  readonly specificity: number;
}

interface AuthorizerAnswer {
  readonly principalId?: string;
  readonly policyDocument?: { Statement?: { Effect?: string; Resource?: string | string[] }[] };
  readonly context?: Record<string, unknown>;
}

const ACCOUNT_ID = '000000000000';
const API_ID = 'local';

/**
 * A REST API (Lambda proxy integrations) in front of the local functions, read from the template:
 * resources matched as API Gateway matches them, REQUEST authorizers answering IAM policies with
 * their result cache, per-method throttles, and the template's gateway responses for every refusal
 * the gateway makes itself (401, 403, 404, 413, 429, 5xx).
 */
export class HttpGateway {
  private readonly methods: CompiledMethod[];
  private readonly authorizerCache = new Map<string, { expires: number; answer: AuthorizerAnswer }>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly maxBodyBytes: number;
  private readonly now: () => number;

  constructor(
    private readonly api: RestApiDefinition,
    private readonly options: GatewayOptions = {},
  ) {
    this.methods = api.methods.map(compile).sort((a, b) => b.specificity - a.specificity);
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_PAYLOAD_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** Method keys (`GET /v1/health`) of the API. */
  get routeKeys(): string[] {
    return this.api.methods.map((m) => `${m.httpMethod} ${m.resourcePath}`);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(request, BODY_TIMEOUT_MS, this.maxBodyBytes);
    if (body === 'timeout') return sendBodyTimeout(response, requestId);
    if (body === undefined) return this.refuse(response, 'REQUEST_TOO_LARGE', requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const httpMethod = (request.method ?? 'GET').toUpperCase();
    const match = this.matchDecoded(httpMethod, url.pathname);
    if (match === 'malformed') {
      return sendProblem(
        response,
        400,
        'INVALID_PATH_PARAMETER',
        'The path holds a malformed percent-encoding.',
        requestId,
      );
    }
    // A path or method the API does not have: REST APIs answer it as a missing token.
    if (!match) return this.refuse(response, 'MISSING_AUTHENTICATION_TOKEN', requestId);
    const { method, pathParameters } = match;
    if (!this.bucketOf(method).take(this.now())) return this.refuse(response, 'THROTTLED', requestId);
    const headers = lowerCaseHeaders(request);
    const methodArn = `arn:aws:execute-api:local:${ACCOUNT_ID}:${API_ID}/${this.api.stageName}/${httpMethod}${url.pathname}`;
    const query = url.searchParams.size ? Object.fromEntries(url.searchParams) : null;
    const multiQuery = url.searchParams.size
      ? Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)]))
      : null;
    const requestContext: Record<string, unknown> = {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: headers.host ?? 'localhost',
      domainPrefix: API_ID,
      httpMethod,
      identity: {
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      path: `/${this.api.stageName}${url.pathname}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: method.resourcePath,
      resourcePath: method.resourcePath,
      stage: this.api.stageName,
    };
    const common = {
      resource: method.resourcePath,
      path: url.pathname,
      httpMethod,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: query,
      multiValueQueryStringParameters: multiQuery,
      pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
      stageVariables: null,
    };
    try {
      if (method.authorizer) {
        const verdict = await this.authorize(method.authorizer, methodArn, headers, {
          ...common,
          requestContext,
        });
        if (verdict === 'missing') return this.refuse(response, 'UNAUTHORIZED', requestId);
        if (verdict === 'deny') return this.refuse(response, 'ACCESS_DENIED', requestId);
        requestContext.authorizer = {
          ...(verdict.context ?? {}),
          principalId: verdict.principalId ?? '',
          integrationLatency: 0,
        };
      }
      const binary = this.isBinary(headers['content-type']);
      const event = {
        ...common,
        requestContext,
        body: body.length ? (binary ? body.toString('base64') : body.toString('utf8')) : null,
        isBase64Encoded: body.length > 0 && binary,
      };
      const result = await method.fn.invoke(event);
      writeResult(response, result, requestId);
    } catch {
      this.refuse(response, 'DEFAULT_5XX', requestId);
    }
  }

  /** A refusal of the gateway itself, rendered from the template's gateway response for its type. */
  private refuse(response: ServerResponse, type: string, requestId: string): void {
    const fallback = type === 'DEFAULT_5XX' || type.startsWith('AUTHORIZER') ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
    const found = this.api.gatewayResponses.get(type) ?? this.api.gatewayResponses.get(fallback);
    const status = found?.status ?? DEFAULT_STATUS[type] ?? (fallback === 'DEFAULT_5XX' ? 500 : 400);
    const body = found
      ? renderGatewayTemplate(found.template, { requestId, responseType: type })
      : JSON.stringify({ message: type });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': type,
    };
    for (const [name, expression] of Object.entries(found?.headers ?? {})) {
      const literal = /^'(.*)'$/s.exec(expression);
      if (literal) headers[name] = literal[1] ?? '';
      else if (expression === 'context.requestId') headers[name] = requestId;
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    response.writeHead(status, headers);
    response.end(body);
  }

  private bucketOf(method: CompiledMethod): TokenBucket {
    const key = throttleKey(method.httpMethod, method.resourcePath);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const throttle = this.options.throttleOverrides?.[key] ??
        this.api.throttles.get(key) ??
        this.api.throttles.get(throttleKey('*', '*')) ?? { rateLimit: 10_000, burstLimit: 5_000 };
      bucket = new TokenBucket(throttle, this.now());
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private isBinary(contentType: string | undefined): boolean {
    const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    return this.api.binaryMediaTypes.some((t) => {
      if (t === '*/*') return true;
      const [type, subtype] = t.toLowerCase().split('/');
      const [mediaType, mediaSubtype] = media.split('/');
      return type === mediaType && (subtype === '*' || subtype === mediaSubtype);
    });
  }

  /** The method, or 'malformed' when a parameter's percent-encoding is not UTF-8 (e.g. %E0%A4%A). */
  private matchDecoded(
    httpMethod: string,
    pathname: string,
  ): { method: CompiledMethod; pathParameters: Record<string, string> } | undefined | 'malformed' {
    try {
      return this.match(httpMethod, pathname);
    } catch (error) {
      if (error instanceof URIError) return 'malformed';
      throw error;
    }
  }

  /**
   * The most specific resource whose template matches the path, then its method: a resource that
   * lacks the method is not passed over for a greedy one, as in API Gateway.
   */
  private match(
    httpMethod: string,
    pathname: string,
  ): { method: CompiledMethod; pathParameters: Record<string, string> } | undefined {
    const resource = this.methods.find((m) => m.pattern.test(pathname))?.resourcePath;
    if (resource === undefined) return undefined;
    const candidates = this.methods.filter((m) => m.resourcePath === resource);
    const method =
      candidates.find((m) => m.httpMethod === httpMethod) ?? candidates.find((m) => m.httpMethod === 'ANY');
    if (!method) return undefined;
    const found = method.pattern.exec(pathname);
    const pathParameters = Object.fromEntries(
      method.parameterNames.map((name, i) => [name, decodeURIComponent(found?.[i + 1] ?? '')]),
    );
    return { method, pathParameters };
  }

  /**
   * The authorizer's policy for this caller, from its cache when one is kept for the same identity:
   * 'missing' without the identity header (the authorizer is not invoked), 'deny' unless the policy
   * allows this method and denies it nowhere.
   */
  private async authorize(
    authorizer: RestAuthorizer,
    methodArn: string,
    headers: Record<string, string>,
    event: Record<string, unknown>,
  ): Promise<AuthorizerAnswer | 'missing' | 'deny'> {
    const identity: string[] = [];
    for (const name of authorizer.identityHeaders) {
      const value = headers[name.toLowerCase()];
      if (value === undefined || value === '') return 'missing';
      identity.push(value);
    }
    const cacheKey = identity.join('\u0000');
    const cached = this.authorizerCache.get(cacheKey);
    let answer: AuthorizerAnswer;
    if (authorizer.cacheTtlSeconds > 0 && cached && cached.expires > this.now()) answer = cached.answer;
    else {
      answer = (await authorizer.fn.invoke({ type: 'REQUEST', methodArn, ...event })) as AuthorizerAnswer;
      if (authorizer.cacheTtlSeconds > 0) {
        this.authorizerCache.set(cacheKey, {
          expires: this.now() + authorizer.cacheTtlSeconds * 1000,
          answer,
        });
      }
    }
    return policyAllows(answer, methodArn) ? answer : 'deny';
  }
}

/** Whether an IAM policy lets execute-api:Invoke reach this method: an explicit Deny wins. */
export function policyAllows(answer: AuthorizerAnswer, methodArn: string): boolean {
  let allowed = false;
  for (const statement of answer.policyDocument?.Statement ?? []) {
    const resources = [statement.Resource ?? []].flat();
    if (!resources.some((r) => arnMatches(r, methodArn))) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(arn);
}

const DEFAULT_STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  ACCESS_DENIED: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  REQUEST_TOO_LARGE: 413,
  THROTTLED: 429,
};

function compile(method: RestMethod): CompiledMethod {
  const parameterNames: string[] = [];
  const segments = method.resourcePath.split('/').filter(Boolean);
  const source = segments
    .map((segment) => {
      const greedy = /^\{(.+)\+\}$/.exec(segment);
      if (greedy?.[1]) {
        parameterNames.push(greedy[1]);
        return '/(.+)';
      }
      const param = /^\{(.+)\}$/.exec(segment);
      if (param?.[1]) {
        parameterNames.push(param[1]);
        return '/([^/]+)';
      }
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    })
    .join('');
  // Literal segments beat parameters, parameters beat a greedy one, segment by segment.
  const specificity =
    segments.reduce(
      (score, segment) => score * 3 + (segment.startsWith('{') ? (segment.endsWith('+}') ? 0 : 1) : 2),
      0,
    ) *
    3 ** (16 - segments.length);
  return { ...method, pattern: new RegExp(`^${source || '/'}$`), parameterNames, specificity };
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** The body; undefined when above API Gateway's limit, 'timeout' when it did not end in time. */
function readBody(
  request: IncomingMessage,
  timeoutMs: number,
  maxBytes: number,
): Promise<Buffer | undefined | 'timeout'> {
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
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      clearTimeout(timer);
      resolve(size > maxBytes ? undefined : Buffer.concat(chunks));
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

/** Maps a Lambda proxy result to HTTP as a REST API does; a result that is no such result is a 5xx. */
function writeResult(response: ServerResponse, result: unknown, requestId: string): void {
  if (result === null || typeof result !== 'object' || !('statusCode' in (result as Record<string, unknown>)))
    throw new Error('Malformed Lambda proxy response');
  const structured = result as {
    statusCode: number;
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string | string[]> = { 'x-amzn-requestid': requestId };
  for (const [name, values] of Object.entries(structured.multiValueHeaders ?? {})) headers[name] = values;
  Object.assign(headers, structured.headers);
  response.writeHead(structured.statusCode, headers);
  const body = structured.body ?? '';
  response.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
