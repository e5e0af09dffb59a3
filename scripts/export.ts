import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { buildExport } from '../shared/transparency/export.ts';
import { requiredOutput, stackTarget } from './stack-target.ts';

/**
 * `npm run export -- ELECTION_ID [--out FILE] [--outputs outputs.json] [--stack NAME]`: writes the
 * election's public export — definition, transparency log (key, checkpoints, leaves) and published
 * results — for `npm run verify`. Exits 0 when written, 1 when the election has no log, 2 on bad
 * arguments.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { out: { type: 'string' }, outputs: { type: 'string' }, stack: { type: 'string' } },
    allowPositionals: true,
  });
  const electionId = positionals[0];
  if (!electionId || positionals.length > 1) {
    console.error(
      'Usage: npm run export -- ELECTION_ID [--out <file>] [--outputs <cdk outputs.json>] [--stack <name>]',
    );
    return 2;
  }
  const stack = stackTarget(values);
  const db = DynamoDBDocumentClient.from(stack.dynamodb());
  try {
    const started = Date.now();
    const built = await buildExport(
      {
        db,
        reportsTable: requiredOutput(stack, 'ReportsTableName'),
        aggregatesTable: requiredOutput(stack, 'AggregatesTableName'),
        logTable: requiredOutput(stack, 'LogTableName'),
      },
      electionId,
    );
    if (!built.ok) {
      console.error(`export: ${built.error.detail}`);
      return 1;
    }
    const out = values.out ?? `${electionId}.export.json`;
    writeFileSync(out, JSON.stringify(built.value));
    console.error(
      `export: ${electionId} — ${built.value.leaves.length} leaves, ${built.value.checkpoints.length} checkpoints, ${built.value.results.length} results → ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
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
