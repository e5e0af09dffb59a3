import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { type CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { type Audience, filterPolicyOf } from '../../config/notifications.ts';
import { QueueWithDlq } from './queue-with-dlq.ts';

export interface NotificationsProps {
  readonly audiences: readonly Audience[];
}

/**
 * The events topic and, for every configured audience, a queue subscribed with that audience's
 * filter policy: routing lives in configuration and is enforced by SNS.
 */
export class Notifications extends Construct {
  readonly topic: Topic;
  readonly audienceQueues = new Map<string, QueueWithDlq>();

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Events', {
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    for (const audience of props.audiences) {
      const name = audienceConstructId(audience.id);
      const queues = new QueueWithDlq(this, name, {
        visibilityTimeout: Duration.seconds(60),
        maxReceiveCount: 5,
      });
      const subscription = this.topic.addSubscription(
        new SqsSubscription(queues.queue, { rawMessageDelivery: true }),
      );
      const cfn = subscription.node.defaultChild as CfnSubscription;
      cfn.filterPolicyScope = 'MessageAttributes';
      cfn.filterPolicy = filterPolicyOf(audience.rule);
      this.audienceQueues.set(audience.id, queues);
      new CfnOutput(this, `${name}QueueUrl`, {
        key: `AudienceQueue${name}`,
        description: `Events for ${audience.id}`,
        value: queues.queue.queueUrl,
      });
    }
  }
}

/** "REGION:R2" → "RegionR2": audience ids as construct ids and output keys. */
export function audienceConstructId(audienceId: string): string {
  return audienceId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}
