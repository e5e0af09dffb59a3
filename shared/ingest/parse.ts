import { HttpProblem } from '../http/problem.ts';
import { problemsFromZod } from '../http/zod-problems.ts';
import { REPORT_SCHEMAS, REPORT_TYPES, type Report, type ReportType } from '../model/report.ts';

/** A report body, checked against the schema of its type: every problem listed, as a 400. */
export function parseReport(body: unknown): Report {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpProblem(400, 'A report is a JSON object.', [
      { code: 'INVALID_TYPE', path: '', message: 'Expected an object' },
    ]);
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !REPORT_TYPES.includes(type as ReportType)) {
    throw new HttpProblem(400, 'The report type is missing or unknown.', [
      {
        code: type === undefined ? 'REQUIRED_FIELD' : 'INVALID_VALUE',
        path: '/type',
        message: `type must be one of ${REPORT_TYPES.join(', ')}`,
      },
    ]);
  }
  const parsed = REPORT_SCHEMAS[type as ReportType].safeParse(body, { reportInput: true });
  if (!parsed.success)
    throw new HttpProblem(400, 'The report does not match its schema.', problemsFromZod(parsed.error));
  return parsed.data;
}
