import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { cachedElectionMeta } from '../../shared/ingest/definitions.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv } from '../../shared/store/dynamo.ts';
import { listElectionIds } from '../../shared/store/elections.ts';
import { leafOfChange, leavesOfCredentialChange } from '../../shared/transparency/leaves-of-changes.ts';

const sqs = new SQSClient({});
const db = documentClient();
const reportsTable = requiredEnv('REPORTS_TABLE');
const logQueueUrl = requiredEnv('LOG_QUEUE_URL');

/**
 * Turns the reports table's stream into the transparency log's leaves: every stored report version
 * and every definition loaded, and every credential issued or revoked, from the tables' own streams,
 * so that nothing stored escapes the log even if the request that stored it died. A batch not wholly sent comes again; the sequencer keeps
 * each leaf once.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const modeOf = async (electionId: string) => (await cachedElectionMeta(db, reportsTable, electionId))?.mode;
  const entries: { Id: string; MessageBody: string }[] = [];
  const electionsOfMode = async (mode: string) => {
    const ids = await listElectionIds(db, reportsTable);
    const modes = await Promise.all(ids.map(async (id) => ({ id, mode: await modeOf(id) })));
    return modes.filter((m) => m.mode === mode).map((m) => m.id);
  };
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const item = image ? unmarshall(image as Record<string, AttributeValue>) : undefined;
    // Both streams come here: the reports table's (reports, definitions) and the credentials table's.
    const leaves = !item
      ? []
      : item.kind === 'CREDENTIAL_ID'
        ? await leavesOfCredentialChange(item, electionsOfMode)
        : [await leafOfChange(item, modeOf)].filter((l) => l !== undefined);
    if (leaves.length === 0 && item?.kind !== 'CREDENTIAL_ID') {
      logger.error('Stream record names no leaf', { eventID: record.eventID });
      continue;
    }
    for (const leaf of leaves)
      entries.push({
        Id: String(entries.length % 10),
        MessageBody: JSON.stringify({ ...leaf, leaf: leaf.leaf.toString('base64') }),
      });
  }
  try {
    for (let i = 0; i < entries.length; i += 10) {
      const batch = entries.slice(i, i + 10).map((e, j) => ({ ...e, Id: String(j) }));
      const answer = await sqs.send(new SendMessageBatchCommand({ QueueUrl: logQueueUrl, Entries: batch }));
      if (answer.Failed?.length) throw new Error(`${answer.Failed.length} leaves were not sent`);
    }
  } catch (error) {
    logger.error('Leaves not sent; the batch comes again', { error });
    const first = event.Records[0]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
  logger.info('leaves', { records: event.Records.length, leaves: entries.length });
  return { batchItemFailures: [] };
}
