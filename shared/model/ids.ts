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

/**
 * The most any count in the API may be: the order of the country's population (about 101 million in
 * 2024, of whom 76.5 million were on the 2026 voter lists). No list, vote or ballot count of any
 * polling area, unit or the nation can reach it, and sums of such counts stay far below
 * Number.MAX_SAFE_INTEGER (2^53 ≈ 9 × 10^15), so every total is exact.
 */
export const MAX_COUNT = 100_000_000;

/** A non-negative integer count, as every figure on a counting minute is. */
export const Count = z.number().int().nonnegative().max(MAX_COUNT);

export const IsoDate = z.iso.date();
export const OffsetDateTime = z.iso.datetime({ offset: true });
