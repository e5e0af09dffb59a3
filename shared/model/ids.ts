import * as z from 'zod';

import { IDENTIFIER_PATTERN, isDotSegment } from './id-pattern.ts';

/** The contract's identifier grammar, shared by every id in the API. */
export const Identifier = z.string().regex(IDENTIFIER_PATTERN, 'must match ^[A-Za-z0-9._:-]{1,64}$');

/**
 * The ids easiest to mix up, each its own type: a polling area id where a contest id belongs does
 * not compile. They are flavours, not brands — a plain string (a literal, a path parameter) is
 * taken where one is expected, but an id of another kind is not — so that the types guard the
 * positional parameters of the domain and the store without a cast at every boundary.
 */
type Flavour<Kind extends string> = string & { readonly __idKind?: Kind };
export type ElectionId = Flavour<'ElectionId'>;
export type ContestId = Flavour<'ContestId'>;
export type PollingAreaId = Flavour<'PollingAreaId'>;
export type ProvinceId = Flavour<'ProvinceId'>;
export const ElectionId = Identifier as z.ZodType<ElectionId, string>;
export const ContestId = Identifier as z.ZodType<ContestId, string>;
export const PollingAreaId = Identifier as z.ZodType<PollingAreaId, string>;
export const ProvinceId = Identifier as z.ZodType<ProvinceId, string>;

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
