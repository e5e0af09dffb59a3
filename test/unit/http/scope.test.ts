import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../shared/http/auth.ts';
import { mayReadReport, mayReadResults, maySubmit } from '../../../shared/http/scope.ts';

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
