import * as z from 'zod';
import { Identifier, OffsetDateTime } from '../model/ids.ts';
import { ROLES } from '../model/roles.ts';

export const MAX_CREDENTIAL_DAYS = 366;
export const DEFAULT_CREDENTIAL_DAYS = 30;

/** POST /v1/credentials: the scope a role needs, and nothing it does not. */
export const CredentialRequest = z
  .strictObject({
    role: z.enum(ROLES),
    scope: z
      .strictObject({
        provinceId: Identifier.optional(),
        regionId: Identifier.optional(),
        pollingAreaIds: z.array(Identifier).min(1).max(2000).optional(),
      })
      .default({}),
    label: z.string().trim().min(1).max(200),
    /** The issuer's own mode when absent; another mode is refused (see ownMode). */
    mode: z.enum(['LIVE', 'TEST']).optional(),
    expiresAt: OffsetDateTime.optional(),
  })
  .superRefine((request, context) => {
    const needs: Record<(typeof ROLES)[number], 'provinceId' | 'regionId' | 'pollingAreaIds' | undefined> = {
      ADMIN: undefined,
      COUNCIL: undefined,
      OBSERVER: undefined,
      PROVINCIAL_COMMITTEE: 'provinceId',
      REGIONAL_CONFERENCE: 'regionId',
      REPORTER: 'pollingAreaIds',
    };
    const needed = needs[request.role];
    const given = Object.keys(request.scope);
    if (needed && !given.includes(needed)) {
      context.addIssue({
        code: 'custom',
        path: ['scope', needed],
        message: `A ${request.role} credential needs scope.${needed}`,
      });
    }
    for (const key of given) {
      if (key !== needed) {
        context.addIssue({
          code: 'custom',
          path: ['scope', key],
          message: `A ${request.role} credential has no scope.${key}`,
        });
      }
    }
  });
export type CredentialRequest = z.infer<typeof CredentialRequest>;
