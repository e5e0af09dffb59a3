/**
 * What a rule of the law or of a definition finds wrong: a stable code, where (a JSON Pointer into
 * the report or definition) and what, in words. The domain says it; the HTTP adapter turns it into
 * a problem document's item, unchanged.
 */
export interface Finding {
  readonly code: string;
  readonly path: string;
  readonly message: string;
}
