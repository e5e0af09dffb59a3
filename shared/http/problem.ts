import type { Finding } from '../model/finding.ts';
import type { Refusal, RefusalReason, Result } from '../model/result.ts';

/** One problem found in a request: the domain's finding, as a problem document lists it. */
export type ProblemItem = Finding;

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly ProblemItem[];
  readonly [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** An expected refusal of a request, answered as application/problem+json (RFC 9457). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly errors: readonly ProblemItem[];
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    detail: string,
    errors: readonly ProblemItem[],
    extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.status = status;
    this.errors = errors;
    this.extensions = extensions;
  }

  toDocument(): ProblemDocument {
    const code = this.errors[0]?.code;
    return {
      type: code ? `urn:problem:${code.toLowerCase().replaceAll('_', '-')}` : 'about:blank',
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      errors: this.errors,
      ...this.extensions,
    };
  }
}

export function problem(status: number, code: string, message: string, path = ''): HttpProblem {
  return new HttpProblem(status, message, [{ code, path, message }]);
}

const STATUS_OF: Record<RefusalReason, number> = {
  MALFORMED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BROKEN_RULES: 422,
};

/** The one place where the domain's refusals become HTTP problems. */
export function problemFrom(refused: Refusal): HttpProblem {
  return new HttpProblem(STATUS_OF[refused.reason], refused.detail, refused.findings, { ...refused.facts });
}

/** A use case's value, or its refusal thrown as the HTTP problem that answers the request. */
export function answerOf<T>(result: Result<T>): T {
  if (!result.ok) throw problemFrom(result.error);
  return result.value;
}
