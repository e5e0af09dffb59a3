/**
 * The refusals API Gateway answers itself, before any route function runs, each as a problem
 * document of the contract's shape. The CDK app turns them into GatewayResponses (body templates
 * with `$context.requestId`) and the local cloud renders the same templates.
 */
export interface GatewayRefusal {
  /** API Gateway's response type. */
  readonly type: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
}

export const GATEWAY_REFUSALS: readonly GatewayRefusal[] = [
  // No Authorization header: the request authorizer is not even invoked.
  { type: 'UNAUTHORIZED', status: 401, code: 'UNAUTHENTICATED', detail: 'A valid bearer token is required.' },
  // The authorizer denied: an unknown, expired or revoked token. The contract says 401, not 403.
  {
    type: 'ACCESS_DENIED',
    status: 401,
    code: 'UNAUTHENTICATED',
    detail: 'A valid bearer token is required.',
  },
  // A REST API's answer to a method or path it does not have.
  {
    type: 'MISSING_AUTHENTICATION_TOKEN',
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    detail: 'The API has no such route; see /v1/openapi.json.',
  },
  { type: 'REQUEST_TOO_LARGE', status: 413, code: 'BODY_TOO_LARGE', detail: 'The body is too large.' },
  {
    type: 'THROTTLED',
    status: 429,
    code: 'THROTTLED',
    detail: 'Too many requests to this route; retry later.',
  },
  // The web ACL's only rule is the per-address rate limit.
  {
    type: 'WAF_FILTERED',
    status: 429,
    code: 'RATE_LIMITED',
    detail: 'Too many requests from this address; retry later.',
  },
  { type: 'DEFAULT_4XX', status: 400, code: 'BAD_REQUEST', detail: 'The request was refused.' },
  {
    type: 'DEFAULT_5XX',
    status: 500,
    code: 'INTERNAL_ERROR',
    detail: 'The request failed; it was not stored.',
  },
];

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The body template of a refusal: a problem document carrying the gateway's request id. */
export function gatewayResponseTemplate(refusal: GatewayRefusal): string {
  const item = { code: refusal.code, path: '', message: refusal.detail };
  const fixed = JSON.stringify({
    type: `urn:problem:${refusal.code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[refusal.status] ?? 'Error',
    status: refusal.status,
    detail: refusal.detail,
    errors: [item],
  });
  return `${fixed.slice(0, -1)},"requestId":"$context.requestId"}`;
}

/**
 * Renders a gateway response template as API Gateway substitutes it, for the context variables
 * these templates use; anything else is left as written.
 */
export function renderGatewayTemplate(
  template: string,
  context: { requestId: string; errorMessage?: string; responseType?: string },
): string {
  const message = context.errorMessage ?? '';
  return template
    .replaceAll('$context.requestId', context.requestId)
    .replaceAll('$context.error.messageString', JSON.stringify(message))
    .replaceAll('$context.error.message', message)
    .replaceAll('$context.error.responseType', context.responseType ?? '');
}
