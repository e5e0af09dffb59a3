import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Capacity this execution environment consumed since it was last taken: what the night costs. */
const consumed = { read: 0, write: 0 };
/** Item writes by key and time, kept only when TRACE_ITEM_WRITES is set (benchmarks). */
const traced: [string, number][] = [];

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * One document client per function instance, created at cold start and reused. Every request asks
 * for the capacity it consumed, so each invocation can log what it cost.
 */
export function documentClient(): DynamoDBDocumentClient {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const trace = process.env.TRACE_ITEM_WRITES === 'true';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        ReturnConsumedCapacity?: string;
        TableName?: string;
        Key?: Record<string, unknown>;
        Item?: Record<string, unknown>;
      };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const answer = await next(args);
      const output = answer.output as { ConsumedCapacity?: Capacity | Capacity[] };
      const units = [output.ConsumedCapacity ?? []]
        .flat()
        .reduce(
          (sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)),
          0,
        );
      if (WRITES.has(context.commandName ?? '')) consumed.write += units;
      else consumed.read += units;
      const key = input.Key ?? input.Item;
      if (
        trace &&
        key &&
        (context.commandName === 'PutItemCommand' || context.commandName === 'UpdateItemCommand')
      ) {
        traced.push([`${input.TableName}/${String(key.pk)}/${String(key.sk)}`, Date.now()]);
      }
      return answer;
    },
    { step: 'initialize', name: 'consumedCapacity' },
  );
  return client;
}

/** The capacity consumed (and, when traced, the items written) since the last call. */
export function takeConsumedCapacity(): { read: number; write: number; writes?: [string, number][] } {
  const taken = {
    read: round(consumed.read),
    write: round(consumed.write),
    ...(traced.length ? { writes: traced.splice(0) } : {}),
  };
  consumed.read = 0;
  consumed.write = 0;
  return taken;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
