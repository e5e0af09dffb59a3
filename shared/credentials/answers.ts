import * as z from 'zod';
import { ElectionMode } from '../model/election.ts';
import { ROLES } from '../model/roles.ts';

/**
 * POST /v1/credentials: the credential and its token, shown this once. The OpenAPI document is
 * generated from this schema and the handler types its body by it, so the two cannot drift.
 */
export const CredentialIssued = z.object({
  credentialId: z.string(),
  token: z.string(),
  role: z.enum(ROLES),
  /** Only the key the role needs: provinceId, regionId or pollingAreaIds; empty for the others. */
  scope: z.object({
    provinceId: z.string().optional(),
    regionId: z.string().optional(),
    pollingAreaIds: z.array(z.string()).optional(),
  }),
  mode: z.enum(['LIVE', 'TEST']),
  expiresAt: z.string(),
});
export type CredentialIssued = z.infer<typeof CredentialIssued>;

/**
 * GET /v1/me: who the bearer is, so that a page opens at the caller's own level and offers only what
 * its role may read. The scope's keys are flat and present only for the roles that have them.
 * `expiresAt` is always given: every credential is issued with an expiry, and one without is refused.
 */
export const CallerAnswer = z.object({
  credentialId: z.string(),
  role: z.enum(ROLES),
  mode: ElectionMode,
  provinceId: z.string().optional(),
  regionId: z.string().optional(),
  pollingAreaIds: z.array(z.string()).optional(),
  expiresAt: z.string(),
});
export type CallerAnswer = z.infer<typeof CallerAnswer>;
