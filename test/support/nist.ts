import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SCHEMA = path.resolve(import.meta.dirname, '../fixtures/nist/NIST_V2_election_results_reporting.json');
const SHA256 = '55c1c6382bf5ba369ae05d58c3f4bab6b487a2e8c01720ee87209b9a85e5d3db';

/**
 * NIST SP 1500-100 v2's Election Results Reporting schema, compiled: the file is kept unchanged and
 * checked by its hash. Draft-04, read by Ajv 8 without its $schema; NIST's own keyword refTypes is
 * declared, not checked.
 */
export function nistValidator() {
  const text = readFileSync(SCHEMA);
  const digest = createHash('sha256').update(text).digest('hex');
  if (digest !== SHA256) throw new Error(`The NIST schema was changed: its SHA-256 is ${digest}`);
  const { $schema: _draft, ...schema } = JSON.parse(text.toString('utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, keywords: ['refTypes'] });
  (addFormatsModule as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv.compile(schema);
}
