import { describe, expect, it } from 'vitest';
import { HttpProblem, problemFrom } from '../../../shared/http/problem.ts';
import { parseReport } from '../../../shared/ingest/parse.ts';
import { unwrap } from '../../../shared/model/result.ts';

const problemOf = (body: unknown) => {
  const parsed = parseReport(body);
  if (parsed.ok) throw new Error('parsed');
  return problemFrom(parsed.error);
};

describe('parseReport', () => {
  it('refuses a body that is not an object, or has no known type, with 400', () => {
    expect(problemOf([]).status).toBe(400);
    expect(problemOf({}).errors[0]).toMatchObject({ code: 'REQUIRED_FIELD', path: '/type' });
    expect(problemOf({ type: 'vote' }).errors[0]).toMatchObject({ code: 'INVALID_VALUE', path: '/type' });
  });
  it('checks each type against its own schema: negative, fractional and unknown fields are refused', () => {
    const problem = problemOf({
      type: 'turnout',
      submissionId: 's',
      pollingAreaId: 'p',
      asOf: '2026-03-15T11:00:00+07:00',
      registeredVoters: -1,
      votersVoted: 1.5,
      x: 1,
    });
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['/registeredVoters', '/votersVoted', '/x']);
  });
  it('wants an incident to name a polling area or a province, not both or neither', () => {
    const base = {
      type: 'incident',
      submissionId: 's',
      category: 'OTHER',
      severity: 'LOW',
      occurredAt: '2026-03-15T11:00:00+07:00',
      description: 'x',
    };
    expect(problemOf(base).status).toBe(400);
    expect(problemOf({ ...base, pollingAreaId: 'p', provinceId: '01' }).status).toBe(400);
    expect(unwrap(parseReport({ ...base, provinceId: '01' })).type).toBe('incident');
  });
  it('wants offsets on times', () => {
    expect(
      problemOf({
        type: 'turnout',
        submissionId: 's',
        pollingAreaId: 'p',
        asOf: '2026-03-15 11:00',
        registeredVoters: 1,
        votersVoted: 1,
      }).errors[0]?.path,
    ).toBe('/asOf');
  });
  it('refuses a submissionId that URL normalisation removes, with its own code, and keeps other dotted ids', () => {
    const incident = (submissionId: string) => ({
      type: 'incident',
      submissionId,
      provinceId: '01',
      category: 'OTHER',
      severity: 'LOW',
      occurredAt: '2026-03-15T08:00:00+07:00',
      description: 'x',
    });
    for (const id of ['.', '..']) {
      const problem = problemOf(incident(id));
      expect(problem.status).toBe(400);
      expect(problem.errors).toEqual([
        expect.objectContaining({ code: 'SUBMISSION_ID_NOT_ADDRESSABLE', path: '/submissionId' }),
      ]);
    }
    for (const id of ['...', '.a', 'a..b', 'a.'])
      expect(unwrap(parseReport(incident(id))).submissionId).toBe(id);
    expect(problemOf(incident('a/b')).errors[0]).toMatchObject({
      code: 'INVALID_FORMAT',
      path: '/submissionId',
    });
  });
});
