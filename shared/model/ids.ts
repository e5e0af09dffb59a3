import { z } from 'zod';

import { IDENTIFIER_PATTERN } from './id-pattern.ts';

/** The contract's identifier grammar, shared by every id in the API. */
export const Identifier = z.string().regex(IDENTIFIER_PATTERN, 'must match ^[A-Za-z0-9._:-]{1,64}$');

/** A non-negative integer count, as every figure on a counting minute is. */
export const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const IsoDate = z.iso.date();
export const OffsetDateTime = z.iso.datetime({ offset: true });
