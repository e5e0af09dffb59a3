import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/**
 * Facts about provinces, regions and the nation already published (milestones, completions): one
 * item per area in one partition, so one query reads them all and no item takes many writes.
 */
export async function readPublishedFacts(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
): Promise<Set<string>> {
  const facts = new Set<string>();
  const items = queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.publishedFactsPartition(electionId) },
    ConsistentRead: true,
  });
  for await (const item of items) for (const fact of (item.announced as Set<string>) ?? []) facts.add(fact);
  return facts;
}

/** Marks facts published, each in the item of the area it is about. */
export async function markFactsPublished(
  client: DynamoDBDocumentClient,
  tableName: string,
  electionId: string,
  facts: readonly { readonly area: string; readonly fact: string }[],
): Promise<void> {
  const byArea = new Map<string, string[]>();
  for (const { area, fact } of facts) byArea.set(area, [...(byArea.get(area) ?? []), fact]);
  await Promise.all(
    [...byArea].map(([area, list]) =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.publishedFacts(electionId, area),
          UpdateExpression: 'ADD announced :facts',
          ExpressionAttributeValues: { ':facts': new Set(list) },
        }),
      ),
    ),
  );
}
