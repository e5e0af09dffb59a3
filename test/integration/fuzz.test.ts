import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  hcmcUnitResult,
  incident,
  naVotes,
  smallElection,
  tally,
  turnout,
  uniqueId,
} from './client.ts';

/** Valid reports of every type, the seeds the mutations start from. */
const seeds = (): Record<string, unknown>[] => [
  tally('01-001-01', 'NA-01-01', naVotes(400, 300, 200, 100)),
  turnout('01-001-02', '11:00:00', 800, 420),
  incident({ pollingAreaId: '01-001-01' }, 'EQUIPMENT', 'LOW', '08:00:00', 'Hòm phiếu phụ bị kẹt khóa.'),
  hcmcUnitResult(),
];

const FIELDS = [
  'type',
  'submissionId',
  'pollingAreaId',
  'contestId',
  'version',
  'registeredVoters',
  'votersVoted',
  'ballotsIssued',
  'ballotsReceived',
  'validBallots',
  'invalidBallots',
  'candidateVotes',
  'asOf',
  'category',
  'severity',
  'occurredAt',
  'description',
  'electedCandidateIds',
  'provinceId',
  'correctionReason',
  'complaints',
  'extra',
];
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    -1,
    0.5,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '  ',
    'NaN',
    '1',
    null,
    [],
    {},
    true,
    '2026-03-15',
    '💥'.repeat(70),
    'a/b',
    '../x',
  ),
  fc.integer({ min: -5, max: 5000 }),
  fc.string({ maxLength: 80 }),
);

/** A valid report with one to three fields removed, replaced or added. */
const mutated = fc
  .record({
    seed: fc.nat({ max: 3 }),
    edits: fc.array(
      fc.tuple(fc.constantFrom(...FIELDS), fc.option(nasty, { nil: undefined }), fc.boolean()),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ seed, edits }) => {
    const body: Record<string, unknown> = { ...seeds()[seed] };
    for (const [field, value, remove] of edits) {
      if (remove) delete body[field];
      else body[field] = value;
    }
    return body;
  });

const anything = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...FIELDS), nasty));

describe('fuzzing the report endpoint: never a 5xx, and a refusal stores nothing', () => {
  const electionId = uniqueId('fuzz');
  beforeAll(async () => {
    expect(
      (await call('PUT', `/v1/elections/${electionId}`, { body: smallElection(electionId) })).status,
    ).toBe(201);
  });

  it('answers 2,000+ random and mutated bodies with a 2xx or a 4xx problem document', async () => {
    const bodies: unknown[] = [
      ...fc.sample(mutated, { numRuns: 1700, seed: 2026 }),
      ...fc.sample(anything, { numRuns: 400, seed: 15 }),
    ];
    const raw = ['', 'null', '[]', '{', '"tally"', '{"type":"tally"}', 'x'.repeat(10)];
    const outcomes = { sent: 0, accepted: 0, refused: 0 };
    const failures: string[] = [];

    const send = async (body: unknown, rawBody?: string) => {
      const answer = await call('POST', `/v1/elections/${electionId}/reports`, {
        ...(rawBody !== undefined ? { rawBody, headers: { 'content-type': 'application/json' } } : { body }),
      });
      outcomes.sent++;
      if (answer.status >= 200 && answer.status < 300) {
        outcomes.accepted++;
        return;
      }
      outcomes.refused++;
      const problemOk =
        answer.status >= 400 &&
        answer.status < 500 &&
        answer.headers.get('content-type') === 'application/problem+json' &&
        answer.body?.status === answer.status &&
        Array.isArray(answer.body?.errors) &&
        answer.body.errors.length > 0;
      if (!problemOk) failures.push(`${answer.status} for ${JSON.stringify(body ?? rawBody).slice(0, 300)}`);
      const submissionId = (body as { submissionId?: unknown } | null)?.submissionId;
      // Seeds carry a fresh UUID each; fixed strings ('NaN', '1', …) may be shared by an accepted body.
      const unique =
        typeof submissionId === 'string' &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(submissionId);
      if (answer.status !== 409 && unique) {
        const stored = await call('GET', `/v1/elections/${electionId}/reports/${submissionId}`);
        if (stored.status !== 404)
          failures.push(`refused ${answer.status} but stored: ${JSON.stringify(body).slice(0, 300)}`);
      }
    };
    const queue = [...bodies.map((b) => () => send(b)), ...raw.map((r) => () => send(undefined, r))];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }),
    );
    console.log(
      `fuzz: ${outcomes.sent} bodies sent, ${outcomes.accepted} accepted, ${outcomes.refused} refused`,
    );
    expect(failures).toEqual([]);
    expect(outcomes.sent).toBeGreaterThanOrEqual(2000);
    expect(outcomes.accepted).toBeGreaterThan(0);
  }, 600_000);
});
