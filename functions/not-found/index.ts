import { httpRoute } from '../../shared/http/handler.ts';
import { problem } from '../../shared/http/problem.ts';

/** The API's default route: any path it does not have gets a problem document, not a bare 404. */
export const handler = httpRoute(async ({ event }) => {
  throw problem(
    404,
    'ROUTE_NOT_FOUND',
    `The API has no ${event.requestContext.http.method} ${event.rawPath}; see /v1/openapi.json.`,
  );
});
