/** The contract's identifier grammar, without the schema library: path parameters are checked with it alone. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
