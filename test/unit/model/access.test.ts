import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../../shared/http/problem.ts';
import { ownMode } from '../../../shared/http/scope.ts';
import type { Caller } from '../../../shared/model/access.ts';
import {
  mayReadReport,
  mayReadResults,
  maySeeSender,
  maySubmit,
  sameMode,
} from '../../../shared/model/access.ts';

const caller = (role: Caller['role'], scope: Record<string, unknown> = {}): Caller => ({
  credentialId: `c-${role}`,
  role,
  scope,
  mode: 'LIVE',
});
const hanoi = { provinceId: '01', regionId: 'R2', pollingAreaId: '01-001-01' };
const saigon = { provinceId: '79', regionId: 'R5', pollingAreaId: '79-001-01' };

describe('the contract’s table of roles', () => {
  it('who may submit what, where', () => {
    expect(maySubmit(caller('ADMIN'), 'tally', hanoi)).toBe(true);
    expect(maySubmit(caller('PROVINCIAL_COMMITTEE', { provinceId: '01' }), 'tally', hanoi)).toBe(true);
    expect(maySubmit(caller('PROVINCIAL_COMMITTEE', { provinceId: '01' }), 'tally', saigon)).toBe(false);
    expect(maySubmit(caller('REPORTER', { pollingAreaIds: ['01-001-01'] }), 'turnout', hanoi)).toBe(true);
    expect(maySubmit(caller('REPORTER', { pollingAreaIds: ['01-001-01'] }), 'tally', saigon)).toBe(false);
    expect(maySubmit(caller('REPORTER', { pollingAreaIds: ['01-001-01'] }), 'unitResult', hanoi)).toBe(false);
    expect(maySubmit(caller('COUNCIL'), 'unitResult', hanoi)).toBe(true);
    expect(maySubmit(caller('COUNCIL'), 'tally', hanoi)).toBe(false);
    expect(maySubmit(caller('OBSERVER'), 'incident', hanoi)).toBe(false);
    expect(maySubmit(caller('REGIONAL_CONFERENCE', { regionId: 'R2' }), 'incident', hanoi)).toBe(false);
  });
  it('who may read which results', () => {
    expect(mayReadResults(caller('OBSERVER'), saigon)).toBe(true);
    expect(mayReadResults(caller('REGIONAL_CONFERENCE', { regionId: 'R2' }), hanoi)).toBe(true);
    expect(mayReadResults(caller('REGIONAL_CONFERENCE', { regionId: 'R2' }), saigon)).toBe(false);
    expect(mayReadResults(caller('REGIONAL_CONFERENCE', { regionId: 'R2' }), 'NATION')).toBe(true);
    expect(mayReadResults(caller('PROVINCIAL_COMMITTEE', { provinceId: '79' }), hanoi)).toBe(false);
    expect(mayReadResults(caller('REPORTER', { pollingAreaIds: ['01-001-01'] }), hanoi)).toBe(false);
  });
  it('a reporter reads its own submissions only', () => {
    const reporter = caller('REPORTER', { pollingAreaIds: ['01-001-01'] });
    expect(mayReadReport(reporter, hanoi, reporter.credentialId)).toBe(true);
    expect(mayReadReport(reporter, hanoi, 'someone-else')).toBe(false);
  });
});

describe('a credential’s mode bounds what it touches', () => {
  const testAdmin: Caller = { ...caller('ADMIN'), mode: 'TEST' };
  it('creates in its own mode only: nothing asked means its own, another is 403 MODE_MISMATCH', () => {
    expect(ownMode(testAdmin, undefined, 'credentials')).toBe('TEST');
    expect(ownMode(testAdmin, 'TEST', 'credentials')).toBe('TEST');
    expect(ownMode(caller('ADMIN'), undefined, 'elections')).toBe('LIVE');
    let refused: unknown;
    try {
      ownMode(testAdmin, 'LIVE', 'credentials');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).status).toBe(403);
    expect((refused as HttpProblem).errors[0]).toMatchObject({ code: 'MODE_MISMATCH', path: '/mode' });
    expect(() => ownMode(caller('ADMIN'), 'TEST', 'elections')).toThrow(HttpProblem);
  });
  it('sees records of its own mode only; a record without a mode is LIVE', () => {
    expect(sameMode(testAdmin, 'TEST')).toBe(true);
    expect(sameMode(testAdmin, 'LIVE')).toBe(false);
    expect(sameMode(testAdmin, undefined)).toBe(false);
    expect(sameMode(caller('ADMIN'), undefined)).toBe(true);
    expect(sameMode(caller('ADMIN'), 'TEST')).toBe(false);
  });
});

describe('who may see the sender of a report', () => {
  it('ADMIN and the sender itself, nobody else', () => {
    expect(maySeeSender(caller('ADMIN'), 'c-someone')).toBe(true);
    const committee = caller('PROVINCIAL_COMMITTEE', { provinceId: '01' });
    expect(maySeeSender(committee, committee.credentialId)).toBe(true);
    expect(maySeeSender(committee, 'c-someone')).toBe(false);
    for (const role of ['COUNCIL', 'REGIONAL_CONFERENCE', 'OBSERVER', 'REPORTER'] as const)
      expect(maySeeSender(caller(role), 'c-someone')).toBe(false);
  });
});
