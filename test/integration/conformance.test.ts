import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answer, call, smallElection, uniqueId } from './client.ts';

/** Every answer of every operation checked against what the served document declares for it. */
describe('the served OpenAPI document', () => {
  let doc: any;
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  (addFormatsModule as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  const electionId = uniqueId('conf');

  beforeAll(async () => {
    doc = (await call('GET', '/v1/openapi.json', { token: null })).body;
    ajv.addSchema(doc, 'openapi');
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  const pointer = (...segments: string[]) =>
    segments.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

  function conforms(path: string, method: string, answer: Answer): string[] {
    const responses = doc.paths[path][method].responses;
    const declared = responses[String(answer.status)];
    if (!declared) return [`${method.toUpperCase()} ${path}: ${answer.status} is not declared`];
    const problems: string[] = [];
    if (answer.status >= 400 && !answer.headers.get('x-request-id'))
      problems.push(`${method.toUpperCase()} ${path}: ${answer.status} without x-request-id`);
    const media = Object.keys(declared.content ?? {})[0];
    if (media && answer.body !== undefined) {
      const validate = ajv.getSchema(
        `openapi#${pointer('paths', path, method, 'responses', String(answer.status), 'content', media, 'schema')}`,
      );
      if (validate && !validate(answer.body))
        problems.push(
          `${method.toUpperCase()} ${path}: ${answer.status} body: ${ajv.errorsText(validate.errors)} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
    }
    return problems;
  }

  const concrete = (path: string) =>
    path
      .replace('{electionId}', electionId)
      .replace('{contestId}', 'NA-01-01')
      .replace('{pollingAreaId}', '01-001-01')
      .replace('{regionId}', 'R2')
      .replace('{provinceId}', '01')
      .replace(/\{\w+\}/g, 'unknown-id');

  it('declares every status each operation answers, valid and mutated, with a body of its schema', async () => {
    const problems: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(item)) {
        const target = concrete(path);
        const hasBody = !!item[method].requestBody;
        const tries: Parameters<typeof call>[2][] = [
          {},
          { token: null },
          { token: 'not-a-token' },
          ...(hasBody
            ? [
                { body: {} },
                { rawBody: '{"a":1,"a":2}', headers: { 'content-type': 'application/json' } },
                { rawBody: 'x', headers: { 'content-type': 'text/plain' } },
                { rawBody: `"${'x'.repeat(300 * 1024)}"`, headers: { 'content-type': 'application/json' } },
              ]
            : []),
        ];
        if (method === 'put') tries.push({ body: smallElection(electionId) });
        for (const options of tries) {
          const answer = await call(method.toUpperCase(), target, options);
          problems.push(...conforms(path, method, answer));
          const etag = answer.headers.get('etag');
          if (etag && method === 'get') {
            const again = await call('GET', target, { headers: { 'if-none-match': etag } });
            problems.push(...conforms(path, method, again));
          }
        }
        problems.push(
          ...conforms(
            path,
            method,
            await call(method.toUpperCase(), `${target.replace(electionId, 'no-such')}`),
          ),
        );
      }
    }
    expect(problems).toEqual([]);
  });
});
