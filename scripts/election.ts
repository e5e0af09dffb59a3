import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateElection } from '../shared/generator/generate.ts';
import { HttpProblem } from '../shared/http/problem.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import { ElectionDefinition } from '../shared/model/election.ts';
import { unwrap } from '../shared/model/result.ts';
import { findingsFromZod } from '../shared/model/zod-findings.ts';
import { requiredOutput, stackTarget, UsageError } from './stack-target.ts';

/**
 * `npm run election -- <command> [options]`: tools around election definitions.
 *
 *   generate   writes a generated ElectionDefinition (compact JSON) to stdout
 *   load       loads a definition too large for one request into the local cloud or a deployed stage
 *
 * Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
const USAGE = `Usage: npm run election -- <command> [options]

Commands:
  generate [--scale <s>] [--seed <n>] [--id <id>] [--mode LIVE|TEST]
      Writes a realistic Vietnamese election (ElectionDefinition, compact JSON) to stdout.
      --scale  share of the March 2026 election, 0 < s ≤ 1 (default 1: 34 provinces,
               3,321 communes, 72,195 polling areas)
      --seed   integer seed; the same scale and seed give the same bytes (default 2026)
      --id     election id (default vn-2026 at scale 1, vn-2026-s<scale> otherwise)
      --mode   LIVE or TEST (default LIVE)

  load <file|-> [--outputs <cdk outputs.json>] [--stack <name>]
      Validates a definition as PUT /v1/elections/{id} does and stores it directly in the
      reports table: of the running local cloud by default, or of the deployed stack named in a
      \`cdk deploy --outputs-file\` file (with your AWS credentials and region).

Example: npm run election -- generate --scale 1 --seed 2026 > vn-2026.json
         npm run election -- load vn-2026.json`;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

/** Thrown for arguments the command cannot accept; reported with the usage and exit code 2. */

type Command = (args: string[]) => Promise<number> | number;

const COMMANDS = new Map<string, Command>([
  ['generate', generate],
  ['load', load],
]);

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const INTEGER = /^[-+]?\d+$/;

function generate(args: string[]): number {
  const { values } = parseOrThrow(args, {
    scale: { type: 'string' },
    seed: { type: 'string' },
    id: { type: 'string' },
    mode: { type: 'string' },
  });
  const scaleText = values.scale ?? '1';
  const scale = Number(scaleText);
  if (!DECIMAL.test(scaleText) || !Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new UsageError(`--scale must be a number > 0 and ≤ 1, got "${scaleText}"`);
  }
  const seedText = values.seed ?? '2026';
  const seed = Number(seedText);
  if (!INTEGER.test(seedText) || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be an integer (a safe one, |n| < 2^53), got "${seedText}"`);
  }
  const mode = values.mode ?? 'LIVE';
  if (mode !== 'LIVE' && mode !== 'TEST') throw new UsageError(`--mode must be LIVE or TEST, got "${mode}"`);
  const id = values.id;
  if (id !== undefined && !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) {
    throw new UsageError(`--id must match ^[A-Za-z0-9._:-]{1,64}$, got "${id}"`);
  }
  const definition = generateElection({ scale, seed, mode, ...(id === undefined ? {} : { id }) });
  process.stdout.write(`${JSON.stringify(definition)}\n`);
  return EXIT_OK;
}

async function load(args: string[]): Promise<number> {
  const { values, positionals } = parseOrThrow(
    args,
    { outputs: { type: 'string' }, stack: { type: 'string' } },
    true,
  );
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('load takes one file (or - for standard input)');
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (error) {
    console.error(
      `election load: ${file} is not readable JSON: ${error instanceof Error ? error.message : error}`,
    );
    return EXIT_FAILED;
  }
  const parsed = ElectionDefinition.safeParse(body, { reportInput: true });
  if (!parsed.success) return printProblems('does not match the schema', findingsFromZod(parsed.error));
  const stack = stackTarget(values);
  const tableName = requiredOutput(stack, 'ReportsTableName');
  const target = { tableName, description: `${stack.description} (${tableName})` };
  const db = DynamoDBDocumentClient.from(stack.dynamodb(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const started = Date.now();
  try {
    const { outcome, definitionHash } = unwrap(
      await loadElection(db, target.tableName, parsed.data, new Date()),
    );
    const def = parsed.data;
    console.error(
      `election load: ${def.id} ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${def.contests.length} contests, ${def.pollingAreas.length} polling areas) into ${target.description}`,
    );
    console.log(JSON.stringify({ electionId: def.id, status: outcome, definitionHash }));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof HttpProblem) return printProblems(error.message, error.errors);
    throw error;
  } finally {
    db.destroy();
  }
}

function printProblems(
  what: string,
  problems: readonly { code: string; path: string; message: string }[],
): number {
  console.error(`election load: the definition ${what.replace(/^The election definition /, '')}`);
  for (const p of problems.slice(0, 200)) console.error(`  ${p.code} ${p.path || '/'}: ${p.message}`);
  if (problems.length > 200) console.error(`  … and ${problems.length - 200} more`);
  return EXIT_FAILED;
}

/** The running local cloud, as `npm start` described it in .local/cloud.json. */
function parseOrThrow<T extends Record<string, { type: 'string' }>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return EXIT_OK;
  }
  const command = name === undefined ? undefined : COMMANDS.get(name);
  if (!command) {
    console.error(name === undefined ? 'election: no command given' : `election: unknown command "${name}"`);
    console.error(USAGE);
    return EXIT_USAGE;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`election ${name}: ${error.message}`);
      console.error(USAGE);
      return EXIT_USAGE;
    }
    console.error(
      `election ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT_FAILED;
  }
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT_OK);
});

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
