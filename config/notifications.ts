/**
 * Who hears which events: the one place routing is decided. The CDK app turns it into one SQS
 * queue and one SNS filter policy per audience; publishers use it to name an event's audiences.
 * Regions and provinces are configuration, because how regional conferences group provinces after
 * 2025 is not settled in law.
 */

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

export const REGION_IDS = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'] as const;

/** The contract's defaults: the council hears NA contests, national figures and every CRITICAL event. */
export function defaultAudiences(regionIds: readonly string[] = REGION_IDS): Audience[] {
  return [
    {
      id: 'COUNCIL',
      rule: [{ body: ['NATIONAL_ASSEMBLY'] }, { severity: ['CRITICAL'] }, { scopeLevel: ['NATION'] }],
    },
    ...regionIds.map((regionId) => ({ id: `REGION:${regionId}`, rule: [{ regionId: [regionId] }] })),
  ];
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
