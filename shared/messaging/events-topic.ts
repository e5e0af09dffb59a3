import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Audience } from '../../config/notifications.ts';
import { audiencesOf } from '../../config/notifications.ts';
import type { Announcement, ElectionEvent } from '../events/envelope.ts';

/** Publishes an event once, with the attributes the audiences' filter policies match on. */
export async function publishEvent(
  client: SNSClient,
  topicArn: string,
  audiences: readonly Audience[],
  { event, attributes }: Announcement,
): Promise<ElectionEvent> {
  const full: ElectionEvent = { ...event, audiences: audiencesOf(attributes, audiences) };
  const MessageAttributes = Object.fromEntries(
    Object.entries(attributes)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, { DataType: 'String', StringValue: String(value) }]),
  );
  await client.send(
    new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(full), MessageAttributes }),
  );
  return full;
}
