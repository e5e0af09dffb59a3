import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordCapacity } from '../lambda/capacity.ts';

export { takeConsumedCapacity } from '../lambda/capacity.ts';

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
      const key = input.Key ?? input.Item;
      const traceable =
        trace &&
        key &&
        (context.commandName === 'PutItemCommand' || context.commandName === 'UpdateItemCommand');
      recordCapacity(
        WRITES.has(context.commandName ?? '') ? 'write' : 'read',
        units,
        traceable ? `${input.TableName}/${String(key.pk)}/${String(key.sk)}` : undefined,
      );
      return answer;
    },
    { step: 'initialize', name: 'consumedCapacity' },
  );
  return client;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}
