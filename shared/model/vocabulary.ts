/** The election's fixed vocabularies, without the schema library, so that readers stay small. */
export const BODIES = ['NATIONAL_ASSEMBLY', 'PROVINCIAL_COUNCIL', 'COMMUNE_COUNCIL'] as const;
export type Body = (typeof BODIES)[number];

export const INCIDENT_CATEGORIES = [
  'INTERRUPTION',
  'SECURITY',
  'WEATHER',
  'EQUIPMENT',
  'COMPLAINT',
  'OTHER',
] as const;
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** A LIVE election is the real one; a TEST one is a drill, and every answer and event says so. */
export const MODES = ['LIVE', 'TEST'] as const;
export type ElectionMode = (typeof MODES)[number];

/** The counts on every counting minute (Art. 76 (2) a–e), in the law's order. */
export const COUNT_FIELDS = [
  'registeredVoters',
  'votersVoted',
  'ballotsIssued',
  'ballotsReceived',
  'validBallots',
  'invalidBallots',
] as const;
