import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Audience } from '../../config/notifications.ts';
import { audiencesOf } from '../../config/notifications.ts';
import type { RoutedEvent } from '../events/envelope.ts';

function messageAttributes(attributes: RoutedEvent['attributes']) {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, { DataType: 'String', StringValue: String(value) }]),
  );
}

/** Publishes events ten to a request, all requests at once; throws if SNS refused any of them. */
export async function publishEvents(
  client: SNSClient,
  topicArn: string,
  audiences: readonly Audience[],
  events: readonly RoutedEvent[],
): Promise<void> {
  const chunks: RoutedEvent[][] = [];
  for (let start = 0; start < events.length; start += 10) chunks.push(events.slice(start, start + 10));
  await Promise.all(
    chunks.map(async (chunk) => {
      const answer = await client.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: chunk.map(({ event, attributes }, i) => ({
            Id: String(i),
            Message: JSON.stringify({ ...event, audiences: audiencesOf(attributes, audiences) }),
            MessageAttributes: messageAttributes(attributes),
          })),
        }),
      );
      if (answer.Failed?.length)
        throw new Error(`SNS refused ${answer.Failed.length} of ${chunk.length} events`);
    }),
  );
}
