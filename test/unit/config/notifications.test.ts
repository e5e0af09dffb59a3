import { describe, expect, it } from 'vitest';
import { audiencesOf, defaultAudiences, filterPolicyOf } from '../../../config/notifications.ts';

describe('the default routing of the contract', () => {
  it('sends NA contest events to the council and the region, council contests to the region only', () => {
    expect(
      audiencesOf({
        eventType: 'CONTEST_COMPLETE',
        severity: 'INFO',
        scopeLevel: 'CONTEST',
        body: 'NATIONAL_ASSEMBLY',
        regionId: 'R2',
        provinceId: '01',
      }),
    ).toEqual(['COUNCIL', 'REGION:R2']);
    expect(
      audiencesOf({
        eventType: 'CONTEST_COMPLETE',
        severity: 'INFO',
        scopeLevel: 'CONTEST',
        body: 'COMMUNE_COUNCIL',
        regionId: 'R5',
        provinceId: '79',
      }),
    ).toEqual(['REGION:R5']);
  });
  it('sends every CRITICAL event to the council', () => {
    expect(
      audiencesOf({
        eventType: 'INCIDENT_REPORTED',
        severity: 'CRITICAL',
        scopeLevel: 'POLLING_AREA',
        regionId: 'R1',
      }),
    ).toEqual(['COUNCIL', 'REGION:R1']);
  });
  it('generates one audience per configured region, and filter policies SNS understands', () => {
    const audiences = defaultAudiences(['R1', 'R2']);
    expect(audiences.map((a) => a.id)).toEqual(['COUNCIL', 'REGION:R1', 'REGION:R2']);
    expect(filterPolicyOf(audiences[1]?.rule ?? [])).toEqual({ regionId: ['R1'] });
    expect(filterPolicyOf(audiences[0]?.rule ?? [])).toEqual({
      $or: [{ body: ['NATIONAL_ASSEMBLY'] }, { severity: ['CRITICAL'] }, { scopeLevel: ['NATION'] }],
    });
  });
});
