import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/http/openapi.ts';

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as unknown as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: any }>>;
  };

  it('describes the query parameters of the inbox', () => {
    const get = doc.paths['/v1/elections/{electionId}/notifications']?.get;
    expect(get?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:electionId',
      'query:audience',
      'query:after',
      'query:limit',
    ]);
  });

  it('gives a subscription request the configured audiences, from the schema its handler validates with', () => {
    const body = doc.paths['/v1/subscriptions']?.post?.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['audience', 'url']);
    expect(body.properties.audience.enum).toContain('PROVINCE:79');
    expect(body.properties.audience.enum).toHaveLength(41);
  });
});
