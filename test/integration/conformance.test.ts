import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../scripts/support/webhook-receiver.ts';
import {
  type Answer,
  call,
  credential,
  eventually,
  incident,
  naVotes,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

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

  const receivers: WebhookReceiver[] = [];
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  /** The answer, after checking that its status is the expected one and its body the declared schema. */
  async function declared(path: string, method: string, target: string, options = {}, status = 200) {
    const answer = await call(method.toUpperCase(), target, options);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(conforms(path, method, answer)).toEqual([]);
    return answer;
  }

  it('declares the bodies of reads with something in them: versions, results, events, deliveries', async () => {
    const base = `/v1/elections/${electionId}`;
    const reporter = await credential('REPORTER', { pollingAreaIds: ['01-001-01'] });
    const province = await credential('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    const first = tally('01-001-01', 'NA-01-01', naVotes(500, 300, 100, 50));
    const corrected = {
      ...tally('01-001-01', 'NA-01-01', naVotes(510, 290, 100, 50)),
      version: 2,
      correctionReason: 'Đếm lại phiếu',
    };
    const reports = '/v1/elections/{electionId}/reports';
    for (const report of [first, corrected])
      await declared(reports, 'post', `${base}/reports`, { token: reporter.token, body: report }, 201);
    await declared(reports, 'post', `${base}/reports`, { token: reporter.token, body: corrected }, 200);
    await declared(
      reports,
      'post',
      `${base}/reports`,
      {
        body: tally('01-001-02', 'NA-01-01', naVotes(400, 200, 100, 50), { registeredVoters: 800 }),
      },
      201,
    );
    await declared(
      reports,
      'post',
      `${base}/reports`,
      { body: turnout('01-001-01', '10:00:00', 1000, 400) },
      201,
    );
    await declared(
      reports,
      'post',
      `${base}/reports`,
      {
        body: incident(
          { pollingAreaId: '01-001-01' },
          'INTERRUPTION',
          'HIGH',
          '09:40:00',
          'Mất điện 20 phút',
        ),
      },
      201,
    );

    // Who sent a report is shown to its sender and to ADMIN, not to the province.
    const report = '/v1/elections/{electionId}/reports/{submissionId}';
    for (const token of [reporter.token, province.token, undefined]) {
      const read = await declared(report, 'get', `${base}/reports/${first.submissionId}`, { token });
      expect('submittedBy' in read.body).toBe(token !== province.token);
    }
    const tallies = '/v1/elections/{electionId}/polling-areas/{pollingAreaId}/tallies/{contestId}';
    for (const token of [province.token, undefined]) {
      const read = await declared(tallies, 'get', `${base}/polling-areas/01-001-01/tallies/NA-01-01`, {
        token,
      });
      expect(read.body.versions[1].changes.length).toBeGreaterThan(0);
    }

    const contest = '/v1/elections/{electionId}/results/contests/{contestId}';
    await eventually(
      () => call('GET', `${base}/results/contests/NA-01-01`),
      (a) => a.body?.status === 'COMPLETE' && a.body.outcome.state !== 'PENDING',
      120_000,
    );
    await declared(contest, 'get', `${base}/results/contests/NA-01-01`);
    await declared('/v1/elections/{electionId}/results', 'get', `${base}/results`);
    await declared(
      '/v1/elections/{electionId}/results/regions/{regionId}',
      'get',
      `${base}/results/regions/R2`,
    );
    await declared(
      '/v1/elections/{electionId}/results/provinces/{provinceId}',
      'get',
      `${base}/results/provinces/01`,
    );
    const series = '/v1/elections/{electionId}/turnout';
    for (const query of ['', '?regionId=R2', '?provinceId=01']) {
      const read = await eventually(
        () => call('GET', `${base}/turnout${query}`),
        (a) => a.body?.series?.length > 0,
        120_000,
      );
      expect(conforms(series, 'get', read)).toEqual([]);
    }
    const inbox = await eventually(
      () => call('GET', `${base}/notifications?audience=COUNCIL`),
      (a) => a.body?.items?.length > 0,
      120_000,
    );
    expect(conforms('/v1/elections/{electionId}/notifications', 'get', inbox)).toEqual([]);

    // A receiver that fails once gives the delivery log a failure and a success to show.
    const receiver = await startWebhookReceiver({ failFirst: 1 });
    receivers.push(receiver);
    const created = await declared(
      '/v1/subscriptions',
      'post',
      '/v1/subscriptions',
      {
        body: { audience: 'PROVINCE:01', url: receiver.url, description: 'bảng điều khiển' },
      },
      201,
    );
    receiver.setSecret(created.body.secret);
    try {
      // HIGH: an incident someone must act on is published (a LOW one is counted, not published), so
      // this subscription has an event of its own to deliver whatever else the cloud is doing.
      await call('POST', `${base}/reports`, {
        body: incident(
          { pollingAreaId: '01-001-02' },
          'EQUIPMENT',
          'HIGH',
          '11:00:00',
          'Hòm phiếu phụ bị hỏng khóa',
        ),
      });
      const log = `/v1/subscriptions/${created.body.subscriptionId}`;
      const read = await eventually(
        () => call('GET', log),
        (a) => a.body?.recentAttempts?.some((t: { outcome: string }) => t.outcome === 'DELIVERED'),
        120_000,
      );
      expect(conforms('/v1/subscriptions/{subscriptionId}', 'get', read)).toEqual([]);
      await declared('/v1/subscriptions', 'get', '/v1/subscriptions');
    } finally {
      await call('DELETE', `/v1/subscriptions/${created.body.subscriptionId}`);
    }
    // A deleted subscription stays listed, with when it was deleted.
    const listed = await declared('/v1/subscriptions', 'get', '/v1/subscriptions');
    expect(
      listed.body.items.find(
        (s: { subscriptionId: string }) => s.subscriptionId === created.body.subscriptionId,
      )?.status,
    ).toBe('DELETED');
  });
});
