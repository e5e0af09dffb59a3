import { REPORT_SCHEMAS, REPORT_TYPES, type Report, type ReportType } from '../model/report.ts';
import { err, ok, type Result, refusal } from '../model/result.ts';
import { findingsFromZod } from '../model/zod-findings.ts';

/** A report body, checked against the schema of its type: every problem listed. */
export function parseReport(body: unknown): Result<Report> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return err(
      refusal('MALFORMED', 'A report is a JSON object.', [
        { code: 'INVALID_TYPE', path: '', message: 'Expected an object' },
      ]),
    );
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !REPORT_TYPES.includes(type as ReportType)) {
    return err(
      refusal('MALFORMED', 'The report type is missing or unknown.', [
        {
          code: type === undefined ? 'REQUIRED_FIELD' : 'INVALID_VALUE',
          path: '/type',
          message: `type must be one of ${REPORT_TYPES.join(', ')}`,
        },
      ]),
    );
  }
  const parsed = REPORT_SCHEMAS[type as ReportType].safeParse(body, { reportInput: true });
  if (!parsed.success)
    return err(refusal('MALFORMED', 'The report does not match its schema.', findingsFromZod(parsed.error)));
  return ok(parsed.data);
}
