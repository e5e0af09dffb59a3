import { httpRoute } from '../../shared/http/handler.ts';

/** Liveness of the API itself; the local cloud answers 503 before this until every part is ready. */
export const handler = httpRoute(async () => ({ status: 200, body: { status: 'ok' } }));
