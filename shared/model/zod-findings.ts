import type * as z from 'zod';
import type { Finding } from './finding.ts';

/** Every schema issue as a finding with a JSON Pointer to the offending field. */
export function findingsFromZod(error: z.ZodError): Finding[] {
  return error.issues.map((issue) => {
    const base = issue.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1'));
    if (issue.code === 'unrecognized_keys') {
      return {
        code: 'UNKNOWN_FIELD',
        path: `/${[...base, issue.keys[0] ?? ''].join('/')}`,
        message: `Unknown field(s): ${issue.keys.join(', ')}`,
      };
    }
    return { code: codeOf(issue), path: base.length ? `/${base.join('/')}` : '', message: issue.message };
  });
}

function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'REQUIRED_FIELD' : 'INVALID_TYPE';
    case 'too_small':
    case 'too_big':
      return 'OUT_OF_RANGE';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    case 'invalid_value':
    case 'invalid_union':
      return 'INVALID_VALUE';
    case 'custom':
      // A refinement may name its own stable code (params.code), e.g. SUBMISSION_ID_NOT_ADDRESSABLE.
      return typeof issue.params?.code === 'string' ? issue.params.code : 'INVALID_FIELD';
    default:
      return 'INVALID_FIELD';
  }
}
