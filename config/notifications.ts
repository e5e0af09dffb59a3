/**
 * Who hears which events: the one place routing is decided. The CDK app turns it into one SQS
 * queue and one SNS filter policy per audience; publishers use it to name an event's audiences.
 * Regions and provinces are configuration, because how regional conferences group provinces after
 * 2025 is not settled in law.
 */

import { PROVINCES, REGIONS } from './geography.ts';

/** The message attributes every event is published with; filter policies match on them. */
export interface EventAttributes {
  readonly eventType: string;
  readonly severity: 'INFO' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  readonly scopeLevel: 'NATION' | 'REGION' | 'PROVINCE' | 'CONTEST' | 'POLLING_AREA';
  readonly body?: string;
  readonly regionId?: string;
  readonly provinceId?: string;
}

/** Any one clause matching is enough; within a clause every attribute must match one of its values. */
export type AudienceRule = ReadonlyArray<Readonly<Partial<Record<keyof EventAttributes, readonly string[]>>>>;

export interface Audience {
  readonly id: string;
  readonly rule: AudienceRule;
}

export const REGION_IDS = REGIONS.map((r) => r.id);
/** The 34 provinces and cities by their official codes. */
export const PROVINCE_IDS = PROVINCES.map((p) => p.id);

/**
 * The contract's defaults: the council hears NA contests, national figures and every CRITICAL
 * event; a regional conference everything in its provinces; a provincial committee everything in
 * its province.
 */
export function defaultAudiences(
  regionIds: readonly string[] = REGION_IDS,
  provinceIds: readonly string[] = PROVINCE_IDS,
): Audience[] {
  return [
    {
      id: 'COUNCIL',
      rule: [{ body: ['NATIONAL_ASSEMBLY'] }, { severity: ['CRITICAL'] }, { scopeLevel: ['NATION'] }],
    },
    ...regionIds.map((regionId) => ({ id: `REGION:${regionId}`, rule: [{ regionId: [regionId] }] })),
    ...provinceIds.map((provinceId) => ({
      id: `PROVINCE:${provinceId}`,
      rule: [{ provinceId: [provinceId] }],
    })),
  ];
}

/** The audience ids a credential of this role and scope may read (ADMIN: every one). */
export function readableAudiences(
  role: string,
  scope: Readonly<Record<string, unknown>>,
  audiences: readonly Audience[] = defaultAudiences(),
): string[] {
  const all = audiences.map((a) => a.id);
  switch (role) {
    case 'ADMIN':
      return all;
    case 'COUNCIL':
      return all.filter((id) => id === 'COUNCIL');
    case 'REGIONAL_CONFERENCE':
      return all.filter((id) => id === `REGION:${String(scope.regionId)}`);
    case 'PROVINCIAL_COMMITTEE':
      return all.filter((id) => id === `PROVINCE:${String(scope.provinceId)}`);
    default:
      return [];
  }
}

/**
 * An audience's queue name ends with its id, ":" written "_" (SQS names allow neither ":" nor
 * "."), so that its consumer knows whose events it is reading from the queue alone.
 */
export function audienceQueueSuffix(audienceId: string): string {
  if (!/^[A-Z]+(:[A-Za-z0-9-]+)?$/.test(audienceId))
    throw new Error(`Audience id "${audienceId}" cannot name a queue`);
  return audienceId.replace(':', '_');
}

/** The audience a queue (by name or ARN) was made for, or undefined for any other queue. */
export function audienceOfQueue(queueNameOrArn: string, audiences: readonly Audience[] = defaultAudiences()) {
  const name = queueNameOrArn.split(':').at(-1) ?? '';
  return audiences.find((a) => name.endsWith(`-${audienceQueueSuffix(a.id)}`))?.id;
}

export function matchesRule(rule: AudienceRule, attributes: EventAttributes): boolean {
  return rule.some((clause) =>
    Object.entries(clause).every(([name, values]) => {
      const value = attributes[name as keyof EventAttributes];
      return value !== undefined && (values as readonly string[]).includes(value);
    }),
  );
}

export function audiencesOf(
  attributes: EventAttributes,
  audiences: readonly Audience[] = defaultAudiences(),
): string[] {
  return audiences.filter((a) => matchesRule(a.rule, attributes)).map((a) => a.id);
}

/** The SNS filter policy equivalent to a rule (attributes scope, exact string matches). */
export function filterPolicyOf(rule: AudienceRule): Record<string, unknown> {
  const clauses = rule.map((clause) =>
    Object.fromEntries(Object.entries(clause).map(([k, v]) => [k, [...(v ?? [])]])),
  );
  if (clauses.length === 1) return clauses[0] ?? {};
  return { $or: clauses };
}

/** When the system speaks up on its own: turnout milestones and reporting deadlines. */
export const NOTIFICATION_SETTINGS = {
  /** TURNOUT_MILESTONE when confirmed turnout of a province, a region or the nation reaches each of these (%). */
  turnoutThresholds: [50, 75, 90, 95],
  overdue: {
    /**
     * REPORTS_OVERDUE for polling areas still silent this many hours after the start of polling day
     * (local time): 24 is midnight of polling night.
     */
    silentAfterHours: 24,
    /** A deadline further behind than this is history, not news: an election loaded late does not alarm. */
    alertWindowHours: 24,
  },
} as const;
