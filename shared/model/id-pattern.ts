/** The contract's identifier grammar, without the schema library: path parameters are checked with it alone. */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * `.` and `..` match the grammar but name no path segment: URL normalisation (RFC 3986 §5.2.4, and
 * every client and gateway that applies it) removes them, so a report stored under one could never
 * be read back by GET …/reports/{submissionId}. `/` and `%` are outside the grammar already.
 */
export function isDotSegment(id: string): boolean {
  return id === '.' || id === '..';
}
