import { httpRoute } from '../../shared/http/handler.ts';
import { openApiDocument } from './document.ts';

const document = openApiDocument();

/** GET /v1/openapi.json: open, built once per execution environment. */
export const handler = httpRoute(async () => ({
  status: 200,
  body: document,
  headers: { 'cache-control': 'max-age=300' },
}));
