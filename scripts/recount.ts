import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recount } from '../shared/aggregation/recount.ts';
import { requiredOutput, stackTarget } from './stack-target.ts';

/**
 * `npm run recount -- ELECTION_ID [--outputs outputs.json] [--stack NAME]`: rebuilds every
 * aggregate of an election from the stored reports alone and compares it with what is published.
 * Exits 0 when they agree, 1 listing each difference, 2 on bad arguments.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { outputs: { type: 'string' }, stack: { type: 'string' } },
    allowPositionals: true,
  });
  const electionId = positionals[0];
  if (!electionId || positionals.length > 1) {
    console.error('Usage: npm run recount -- ELECTION_ID [--outputs <cdk outputs.json>] [--stack <name>]');
    return 2;
  }
  const stack = stackTarget(values);
  const target = {
    reportsTable: requiredOutput(stack, 'ReportsTableName'),
    aggregatesTable: requiredOutput(stack, 'AggregatesTableName'),
  };
  const db = DynamoDBDocumentClient.from(stack.dynamodb());
  try {
    const started = Date.now();
    const differences = await recount(db, target.reportsTable, target.aggregatesTable, electionId);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (differences === undefined) {
      console.error(`recount: no election "${electionId}"`);
      return 2;
    }
    for (const d of differences.slice(0, 500)) console.log(d);
    if (differences.length > 0) {
      console.error(
        `recount: ${differences.length} difference(s) between the stored reports and what is published (${seconds} s)`,
      );
      return 1;
    }
    console.error(
      `recount: ${electionId} — everything published equals a recount of the stored reports (${seconds} s)`,
    );
    return 0;
  } finally {
    db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
