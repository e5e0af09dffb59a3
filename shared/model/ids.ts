import { z } from 'zod';

import { IDENTIFIER_PATTERN, isDotSegment } from './id-pattern.ts';

/** The contract's identifier grammar, shared by every id in the API. */
export const Identifier = z.string().regex(IDENTIFIER_PATTERN, 'must match ^[A-Za-z0-9._:-]{1,64}$');

/** A report's submissionId: an identifier that also survives as a path segment (see isDotSegment). */
export const SubmissionId = Identifier.refine((id) => !isDotSegment(id), {
  message:
    'must not be "." or "..": URL normalisation removes such a segment, so it could never be read back',
  params: { code: 'SUBMISSION_ID_NOT_ADDRESSABLE' },
});

/** A non-negative integer count, as every figure on a counting minute is. */
export const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const IsoDate = z.iso.date();
export const OffsetDateTime = z.iso.datetime({ offset: true });
