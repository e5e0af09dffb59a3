import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sweepWork } from '../../shared/aggregation/sweep.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { documentClient, requiredEnv, takeConsumedCapacity } from '../../shared/store/dynamo.ts';
import { listElectionIds, readElectionDefinition } from '../../shared/store/elections.ts';

const db = documentClient();
const sqs = new SQSClient({});
const reportsTable = requiredEnv('REPORTS_TABLE');
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');

/** On a schedule: hands every contest, turnout slot and province of every election to the aggregator again. */
export async function handler(): Promise<{ messages: number }> {
  let messages = 0;
  for (const electionId of await listElectionIds(db, reportsTable)) {
    const def = await readElectionDefinition(db, reportsTable, electionId);
    if (!def) continue;
    const work = sweepWork(def);
    for (let i = 0; i < work.length; i += 10) {
      const entries = work
        .slice(i, i + 10)
        .map((w, j) => ({ Id: String(j), MessageBody: JSON.stringify(w) }));
      const answer = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: workQueueUrl, Entries: entries }),
      );
      if (answer.Failed?.length) throw new Error(`${answer.Failed.length} sweep messages were not sent`);
      messages += entries.length;
    }
  }
  logger.info('sweep', { messages, consumedCapacity: takeConsumedCapacity() });
  return { messages };
}
