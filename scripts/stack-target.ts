import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Where an operator command acts: the running local cloud (from .local/cloud.json), or a deployed
 * stack (from the file `cdk deploy --outputs-file` wrote, with --stack when it names several).
 */
export interface StackTarget {
  readonly description: string;
  readonly outputs: Readonly<Record<string, string>>;
  dynamodb(): DynamoDBClient;
  sqs(): SQSClient;
}

export class UsageError extends Error {}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function stackTarget(options: {
  outputs?: string | undefined;
  stack?: string | undefined;
}): StackTarget {
  return options.outputs ? deployedTarget(options.outputs, options.stack) : localTarget();
}

function localTarget(): StackTarget {
  const file = path.resolve(import.meta.dirname, '..', '.local', 'cloud.json');
  let cloud: {
    region: string;
    endpoints: { dynamodb: string; sqs: string };
    outputs: Record<string, string>;
  };
  try {
    cloud = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(
      'no running local cloud (.local/cloud.json); start it with npm start, or pass --outputs',
    );
  }
  return {
    description: 'the local cloud',
    outputs: cloud.outputs,
    dynamodb: () =>
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: cloud.region,
        credentials: LOCAL_CREDENTIALS,
      }),
    sqs: () =>
      new SQSClient({ endpoint: cloud.endpoints.sqs, region: cloud.region, credentials: LOCAL_CREDENTIALS }),
  };
}

function deployedTarget(outputsFile: string, stack: string | undefined): StackTarget {
  let outputs: Record<string, Record<string, string>>;
  try {
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
  } catch (error) {
    throw new UsageError(`${outputsFile} is not a cdk outputs file (${(error as Error).message})`);
  }
  const stacks = Object.keys(outputs);
  const name = stack ?? (stacks.length === 1 ? stacks[0] : undefined);
  const found = name === undefined ? undefined : outputs[name];
  if (!name || !found)
    throw new UsageError(`name one of the stacks in ${outputsFile} with --stack: ${stacks.join(', ')}`);
  return {
    description: name,
    outputs: found,
    dynamodb: () => new DynamoDBClient({}),
    sqs: () => new SQSClient({}),
  };
}

/** An output the command needs, or a usage error that names it. */
export function requiredOutput(target: StackTarget, key: string): string {
  const value = target.outputs[key];
  if (!value) throw new UsageError(`${target.description} has no ${key} output`);
  return value;
}
