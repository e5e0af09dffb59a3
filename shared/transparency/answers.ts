import * as z from 'zod';

/** The answers of the transparency log's reads, as the contract fixes them; hashes are base64. */
export const LogKeyAnswer = z.object({
  keyName: z.string(),
  algorithm: z.enum(['Ed25519', 'ECDSA_P256_SHA256']),
  publicKey: z.string(),
});

export const InclusionAnswer = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: z.string(),
  auditPath: z.array(z.string()),
});

export const ConsistencyAnswer = z.object({
  first: z.number().int(),
  second: z.number().int(),
  proof: z.array(z.string()),
});

export const EntriesAnswer = z.object({
  entries: z.array(z.object({ index: z.number().int(), leaf: z.string() })),
});

/** The public export (see shared/log/verify.ts): checked by npm run verify. */
export const ExportAnswer = z.object({
  format: z.literal('vn-election-night-export/1'),
  electionId: z.string(),
  mode: z.enum(['LIVE', 'TEST']),
  definition: z.looseObject({ id: z.string() }),
  key: LogKeyAnswer,
  checkpoints: z.array(z.string()),
  leaves: z.array(z.string()),
  results: z.array(z.looseObject({ contestId: z.string() })),
});
