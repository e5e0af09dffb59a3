/** The roles a credential can have (the contract's "Roles and scopes"). */
export const ROLES = [
  'ADMIN',
  'COUNCIL',
  'PROVINCIAL_COMMITTEE',
  'REGIONAL_CONFERENCE',
  'REPORTER',
  'OBSERVER',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles that read results (each within its scope). */
export const RESULT_READERS: readonly Role[] = [
  'ADMIN',
  'COUNCIL',
  'PROVINCIAL_COMMITTEE',
  'REGIONAL_CONFERENCE',
  'OBSERVER',
];

export function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}
