import type { Report } from '../../model/report.ts';
import type { Result } from '../../model/result.ts';
import type { IngestContext, PreparedReport } from './common.ts';
import { prepareIncident } from './incident.ts';
import { prepareTally } from './tally.ts';
import { prepareTurnout } from './turnout.ts';
import { prepareUnitResult } from './unit-result.ts';

export type { IngestContext, PreparedReport } from './common.ts';

/**
 * Checks a parsed report against the election and the caller's scope, and prepares it for
 * storing; or answers why not: every broken rule of the law, or that the caller may not send it.
 */
export function prepareReport(ctx: IngestContext, report: Report): Promise<Result<PreparedReport>> {
  switch (report.type) {
    case 'tally':
      return prepareTally(ctx, report);
    case 'turnout':
      return prepareTurnout(ctx, report);
    case 'incident':
      return prepareIncident(ctx, report);
    case 'unitResult':
      return prepareUnitResult(ctx, report);
  }
}
