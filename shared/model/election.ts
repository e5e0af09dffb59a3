import * as z from 'zod';
import { ContestId, Count, ElectionId, Identifier, IsoDate, PollingAreaId, ProvinceId } from './ids.ts';
import { BODIES, MODES } from './vocabulary.ts';

export const Body = z.enum(BODIES);
export type Body = z.infer<typeof Body>;
export { BODIES };

export const ElectionMode = z.enum(MODES);
export type ElectionMode = z.infer<typeof ElectionMode>;

const Name = z.string().min(1).max(200);

/** A unit's ballot lists its candidates; 2026 had 864 for 500 NA seats, a few per unit. */
const MAX_CANDIDATES = 100;
export const MAX_POLLING_AREAS = 1_000_000;

export const Region = z.strictObject({ id: Identifier, name: Name });
export const Province = z.strictObject({ id: ProvinceId, name: Name, regionId: Identifier });
export const Commune = z.strictObject({ id: Identifier, name: Name, provinceId: ProvinceId });

export const Candidate = z.strictObject({ id: Identifier, name: Name, birthDate: IsoDate });
export type Candidate = z.infer<typeof Candidate>;

export const Contest = z.strictObject({
  id: ContestId,
  body: Body,
  name: Name,
  provinceId: ProvinceId,
  communeId: Identifier.optional(),
  // The whole National Assembly: a bound of the schema; the law's own maximum per unit (Art. 10) is a 422.
  seats: z.number().int().min(1).max(500),
  candidates: z.array(Candidate).min(1).max(MAX_CANDIDATES),
});
export type Contest = z.infer<typeof Contest>;

export const PollingArea = z.strictObject({
  id: PollingAreaId,
  name: Name,
  communeId: Identifier,
  registeredVoters: Count,
  contestIds: z.array(ContestId).min(1),
});
export type PollingArea = z.infer<typeof PollingArea>;

/**
 * Voters a polling area's list may gain on polling day (see shared/law/voter-list.ts); one per
 * election, so a drill and the live night judge the same figures alike. Absent: 10 %, at least 20.
 */
export const ListAllowance = z
  .strictObject({
    percent: z.number().int().min(0).max(100),
    minimum: z.number().int().min(0).max(1000),
  })
  .describe(
    'Voters a polling area’s list may gain on polling day (certificate holders voting away from home). ' +
      'Every figure of a report must stay within the area’s registeredVoters plus max(⌈percent % of it⌉, ' +
      'minimum) — a unit result within its areas’ lists together — or it is refused with 422 ' +
      'ABOVE_LIST_BOUND; a list that differs within it is the warning REGISTERED_DIFFERS_FROM_LIST. ' +
      'Per election; absent: {"percent": 10, "minimum": 20}.',
  );

export const ElectionDefinition = z.strictObject({
  id: ElectionId,
  name: Name,
  pollingDay: IsoDate,
  timeZone: z.string().min(1).max(64),
  mode: ElectionMode,
  regions: z.array(Region).min(1),
  provinces: z.array(Province).min(1),
  communes: z.array(Commune),
  contests: z.array(Contest).min(1),
  // 72,195 in 2026; the bound keeps every national sum of the areas' figures exact (see MAX_COUNT).
  pollingAreas: z.array(PollingArea).min(1).max(MAX_POLLING_AREAS),
  listAllowance: ListAllowance.optional(),
});
export type ElectionDefinition = z.infer<typeof ElectionDefinition>;

/** What the counting side needs to know about a contest: the definition plus where it sits. */
export interface ContestPlacement {
  readonly contest: Contest;
  readonly regionId: string;
  readonly expectedPollingAreaIds: readonly string[];
}
