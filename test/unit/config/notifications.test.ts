import { describe, expect, it } from 'vitest';
import {
  audienceOfQueue,
  audienceQueueSuffix,
  audiencesOf,
  defaultAudiences,
  filterPolicyOf,
  readableAudiences,
} from '../../../config/notifications.ts';

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
    ).toEqual(['COUNCIL', 'REGION:R2', 'PROVINCE:01']);
    expect(
      audiencesOf({
        eventType: 'CONTEST_COMPLETE',
        severity: 'INFO',
        scopeLevel: 'CONTEST',
        body: 'COMMUNE_COUNCIL',
        regionId: 'R5',
        provinceId: '79',
      }),
    ).toEqual(['REGION:R5', 'PROVINCE:79']);
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
    const audiences = defaultAudiences(['R1', 'R2'], ['01']);
    expect(audiences.map((a) => a.id)).toEqual(['COUNCIL', 'REGION:R1', 'REGION:R2', 'PROVINCE:01']);
    expect(filterPolicyOf(audiences[3]?.rule ?? [])).toEqual({ provinceId: ['01'] });
    expect(filterPolicyOf(audiences[1]?.rule ?? [])).toEqual({ regionId: ['R1'] });
    expect(filterPolicyOf(audiences[0]?.rule ?? [])).toEqual({
      $or: [{ body: ['NATIONAL_ASSEMBLY'] }, { severity: ['CRITICAL'] }, { scopeLevel: ['NATION'] }],
    });
  });
});

describe('who may read which audience', () => {
  it('gives each oversight role its own audience only, and ADMIN every one', () => {
    expect(readableAudiences('COUNCIL', {})).toEqual(['COUNCIL']);
    expect(readableAudiences('REGIONAL_CONFERENCE', { regionId: 'R3' })).toEqual(['REGION:R3']);
    expect(readableAudiences('PROVINCIAL_COMMITTEE', { provinceId: '79' })).toEqual(['PROVINCE:79']);
    expect(readableAudiences('PROVINCIAL_COMMITTEE', { provinceId: 'XX' })).toEqual([]);
    expect(readableAudiences('OBSERVER', {})).toEqual([]);
    expect(readableAudiences('REPORTER', { pollingAreaIds: ['a'] })).toEqual([]);
    expect(readableAudiences('ADMIN', {})).toHaveLength(41);
  });
});

describe('audience queue names', () => {
  it('carry the audience, so that the queue alone tells its consumer whose events it reads', () => {
    expect(audienceQueueSuffix('REGION:R2')).toBe('REGION_R2');
    expect(audienceOfQueue('arn:aws:sqs:ap-southeast-1:1:ElectionNight-prod-audience-REGION_R2')).toBe(
      'REGION:R2',
    );
    expect(audienceOfQueue('ElectionNight-dev-audience-PROVINCE_79')).toBe('PROVINCE:79');
    expect(audienceOfQueue('ElectionNight-dev-audience-COUNCIL')).toBe('COUNCIL');
    expect(audienceOfQueue('ElectionNight-dev-WorkQueue')).toBeUndefined();
    expect(() => audienceQueueSuffix('REGION:R.2')).toThrow(/cannot name a queue/);
  });
});
