import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { takeConsumedCapacity } from '../lambda/capacity.ts';
import { logger } from '../lambda/logger.ts';
import type { Caller } from '../model/access.ts';
import { findingsFromZod } from '../model/zod-findings.ts';
import { callerFromContext } from './auth.ts';
import { duplicateKeyPointer } from './duplicate-keys.ts';
import { HttpProblem, problem } from './problem.ts';
import { type GatewayEvent, toHttpEvent } from './rest-event.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly requestId: string;
  readonly caller: Caller | undefined;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body?: unknown;
  /** A body already encoded (e.g. gzip), given as base64. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

type RouteFn = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * Wraps a route: every answer carries x-request-id, expected refusals become problem documents,
 * anything else a 500 without detail, and one structured log line records the outcome.
 */
export function httpRoute(route: RouteFn) {
  return middy<GatewayEvent, APIGatewayProxyStructuredResultV2, Error, Context>().handler(
    async (received) => {
      const started = Date.now();
      // A REST API's proxy event is read as the HTTP API's: the handlers see one shape.
      const event = toHttpEvent(received);
      const requestId = event.requestContext?.requestId ?? 'unknown';
      const authorizer = (event.requestContext as { authorizer?: { lambda?: Record<string, string> } })
        .authorizer;
      const caller = callerFromContext(authorizer?.lambda);
      let answer: HttpAnswer;
      try {
        answer = await route({ event, requestId, caller });
      } catch (error) {
        if (error instanceof HttpProblem) {
          answer = { status: error.status, body: error.toDocument() };
        } else {
          logger.error('Unhandled error', { requestId, error: error as Error });
          answer = {
            status: 500,
            body: problem(500, 'INTERNAL_ERROR', 'The request failed; it was not stored.').toDocument(),
          };
        }
      }
      logger.info('request', {
        requestId,
        routeKey: event.routeKey,
        status: answer.status,
        credentialId: caller?.credentialId,
        durationMs: Date.now() - started,
        consumedCapacity: takeConsumedCapacity(),
      });
      return toResponse(answer, requestId);
    },
  );
}

function toResponse(answer: HttpAnswer, requestId: string): APIGatewayProxyStructuredResultV2 {
  const isProblem = answer.status >= 400;
  const headers: Record<string, string> = { 'x-request-id': requestId, ...answer.headers };
  if (answer.rawBody !== undefined) {
    return { statusCode: answer.status, headers, body: answer.rawBody, isBase64Encoded: true };
  }
  if (answer.body === undefined) return { statusCode: answer.status, headers };
  headers['content-type'] ??= isProblem ? 'application/problem+json' : 'application/json';
  return { statusCode: answer.status, headers, body: JSON.stringify(answer.body) };
}

/**
 * The request body as JSON: 415 unless application/json, 413 above 256 KiB, 400 unless it parses,
 * and 400 DUPLICATE_JSON_KEY when an object names a member twice (JSON.parse would keep the last).
 */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = headerOf(event, 'content-type') ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be sent as application/json.');
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw problem(413, 'BODY_TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw problem(400, 'INVALID_JSON', 'The body is not valid JSON.');
  }
  const duplicate = duplicateKeyPointer(text);
  if (duplicate !== undefined) {
    throw problem(
      400,
      'DUPLICATE_JSON_KEY',
      `The member ${duplicate} appears twice in one object.`,
      duplicate,
    );
  }
  return parsed;
}

/** The JSON body checked against a schema: 400 listing every problem, the body named by `what`. */
export function bodyOf<S extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(jsonBody(event), { reportInput: true });
  if (!parsed.success)
    throw new HttpProblem(400, `The ${what} does not match the schema.`, findingsFromZod(parsed.error));
  return parsed.data;
}

export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** 401 without a credential, 403 when its role is not among those allowed. */
export function requireRole(caller: Caller | undefined, ...roles: Caller['role'][]): Caller {
  if (!caller) throw problem(401, 'UNAUTHENTICATED', 'A valid bearer token is required.');
  if (!roles.includes(caller.role)) {
    throw problem(403, 'FORBIDDEN', `The role ${caller.role} may not do this.`);
  }
  return caller;
}

/** A results answer with an ETag of its body, or 304 when the caller already holds it. */
export function withEtag(event: APIGatewayProxyEventV2, body: Record<string, unknown>): HttpAnswer {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  const headers = { etag, 'cache-control': 'no-cache' };
  if (headerOf(event, 'if-none-match') === etag) return { status: 304, headers };
  return { status: 200, body, headers };
}
