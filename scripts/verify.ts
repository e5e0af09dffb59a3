import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ElectionExport, verifyExport } from '../shared/log/verify.ts';

/**
 * `npm run verify -- EXPORT.json [--mode LIVE|TEST]`: checks an election's public export with
 * nothing but the file: every checkpoint's signature, each checkpoint extending the one before,
 * every leaf in the signed tree, and the logged tallies recounting to exactly the published results.
 * Exits 0 when all holds, 1 naming the first thing that does not, 2 on bad arguments.
 */
function main(): number {
  const { values, positionals } = parseArgs({
    options: { mode: { type: 'string' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  const mode = values.mode;
  if (!file || positionals.length > 1 || (mode !== undefined && mode !== 'LIVE' && mode !== 'TEST')) {
    console.error('Usage: npm run verify -- <export.json> [--mode LIVE|TEST]');
    return 2;
  }
  const started = Date.now();
  let data: ElectionExport;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as ElectionExport;
  } catch (error) {
    console.error(`verify: ${file} is not a readable JSON export (${(error as Error).message})`);
    return 1;
  }
  const problem = verifyExport(data, mode);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problem) {
    console.error(`verify: FAILED — ${problem}`);
    return 1;
  }
  console.error(
    `verify: ${data.electionId} (${data.mode}) — ${data.checkpoints.length} checkpoints signed and consistent, ${data.leaves.length} leaves in the tree, ${data.results.length} results recount exactly (${seconds} s)`,
  );
  return 0;
}

process.exit(main());
