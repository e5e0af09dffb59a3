import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/get-openapi/document.ts';

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
      'header:If-None-Match',
    ]);
  });

  it('gives a subscription request the configured audiences, from the schema its handler validates with', () => {
    const body = doc.paths['/v1/subscriptions']?.post?.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['audience', 'url']);
    expect(body.properties.audience.enum).toContain('PROVINCE:79');
    expect(body.properties.audience.enum).toHaveLength(41);
  });

  it('declares the 200 of an identical PUT and of a replay, the 304 of results reads, and the health 503', () => {
    const all = doc as any;
    expect(Object.keys(all.paths['/v1/elections/{electionId}'].put.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '409', '413', '415', '422', '429', '500']),
    );
    const report = all.paths['/v1/elections/{electionId}/reports'].post.responses;
    expect(report['200'].content['application/json'].schema).toEqual(
      report['201'].content['application/json'].schema,
    );
    const contest = all.paths['/v1/elections/{electionId}/results/contests/{contestId}'].get;
    expect(contest.responses['304'].headers.ETag).toBeDefined();
    expect(contest.parameters.map((p: any) => p.name)).toContain('If-None-Match');
    expect(all.paths['/v1/health'].get.responses['503']).toBeDefined();
    expect(all.servers).toEqual([{ url: '/' }]);
  });

  it('gives no success an empty schema', () => {
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as any[]) {
        for (const response of Object.values(op.responses) as any[]) {
          const s = response.content?.['application/json']?.schema;
          if (s) expect(Object.keys(s).length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('gives every success a schema with its members, never {} or a bare object', () => {
    const loose: string[] = [];
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item) as any[]) {
        for (const [status, response] of Object.entries(op.responses) as [string, any][]) {
          if (!status.startsWith('2') || status === '204') continue;
          // A signed note is text by its format (c2sp.org/tlog-checkpoint): a string is all it is.
          const text = response.content?.['text/plain']?.schema;
          const s = response.content?.['application/json']?.schema;
          const membered = (x: any) =>
            x && (x.$ref || (x.type === 'object' && Object.keys(x.properties ?? {}).length > 0));
          // One of several shapes (a version holds the nation's results or a province's): each one.
          const described =
            text?.type === 'string' ||
            membered(s) ||
            (Array.isArray(s?.anyOf) && s.anyOf.length > 0 && s.anyOf.every(membered));
          if (!described) loose.push(`${op.operationId} ${status}`);
        }
      }
    }
    expect(loose).toEqual([]);
  });

  it('shows submittedBy as optional, since only ADMIN and the sender see it', () => {
    const all = doc as any;
    const report = all.paths['/v1/elections/{electionId}/reports/{submissionId}'].get.responses['200'];
    const body = report.content['application/json'].schema;
    expect(body.properties.submittedBy).toEqual({ type: 'string' });
    expect(body.required).not.toContain('submittedBy');
    expect(body.required).toEqual(expect.arrayContaining(['submissionId', 'status', 'report', 'mode']));
    const talliesPath = '/v1/elections/{electionId}/polling-areas/{pollingAreaId}/tallies/{contestId}';
    const tallies = all.paths[talliesPath].get.responses['200'].content['application/json'].schema;
    expect(tallies.properties.versions.items.required).not.toContain('submittedBy');
  });

  it('declares the refusals only some operations give', () => {
    const all = doc as any;
    const responses = (path: string, method: string) => all.paths[path][method].responses;
    expect(responses('/v1/elections/{electionId}', 'get')['406'].description).toContain(
      'TOO_LARGE_UNCOMPRESSED',
    );
    expect(responses('/v1/elections/{electionId}', 'put')['403'].description).toContain('MODE_MISMATCH');
    expect(responses('/v1/elections/{electionId}', 'put')['409'].description).toContain('MODE_CHANGE');
    expect(responses('/v1/credentials', 'post')['403'].description).toContain('MODE_MISMATCH');
    for (const [path, method] of [
      ['/v1/elections/{electionId}', 'put'],
      ['/v1/elections/{electionId}/reports', 'post'],
      ['/v1/credentials', 'post'],
      ['/v1/subscriptions', 'post'],
    ] as const) {
      expect(responses(path, method)['400'].description).toContain('DUPLICATE_JSON_KEY');
      expect(responses(path, method)['408']).toBeDefined();
    }
    expect(responses('/v1/elections/{electionId}/reports', 'post')['422']).toBeDefined();
    expect(responses('/v1/elections/{electionId}', 'get')['408']).toBeUndefined();
  });
});
