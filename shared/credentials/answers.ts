import { z } from 'zod';
import { ROLES } from '../http/auth.ts';

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
