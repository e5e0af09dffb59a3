import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import type { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { CfnQueuePolicy, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type Audience, audienceQueueSuffix, filterPolicyOf } from '../../config/notifications.ts';

export interface NotificationsProps {
  readonly audiences: readonly Audience[];
}

export interface AudienceQueues {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/**
 * The events topic and, for every configured audience, a queue subscribed with that audience's
 * filter policy (routing lives in configuration and is enforced by SNS), with its own dead-letter
 * queue for what SNS cannot deliver and for what its consumer keeps failing on.
 * One queue policy covers every audience queue: 41 audiences stay far below CloudFormation's
 * 500-resource limit (per-queue policies would cost 82 resources more).
 */
export class Notifications extends Construct {
  readonly topic: Topic;
  readonly audienceQueues = new Map<string, AudienceQueues>();

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Events', {
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    new CfnOutput(this, 'EventsTopicArnOutput', {
      key: 'EventsTopicArn',
      description: 'Every event, published once with the attributes the audience filter policies match',
      value: this.topic.topicArn,
    });
    const stackName = Stack.of(this).stackName;
    const queueArns: string[] = [];
    const queueUrls: string[] = [];
    for (const audience of props.audiences) {
      const name = audienceConstructId(audience.id);
      const suffix = audienceQueueSuffix(audience.id);
      const deadLetterQueue = new Queue(this, `${name}DeadLetters`, {
        queueName: `${stackName}-dlq-${suffix}`,
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
      });
      Validations.of(deadLetterQueue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This is itself a dead-letter queue; its messages wait for an operator to redrive them.',
      });
      const queue = new Queue(this, `${name}Queue`, {
        // The consumer finds the audience in its queue's name.
        queueName: `${stackName}-audience-${suffix}`,
        visibilityTimeout: Duration.seconds(180),
        retentionPeriod: Duration.days(4),
        encryption: QueueEncryption.SQS_MANAGED,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
      });
      const subscription = new Subscription(this, `${name}Subscription`, {
        topic: this.topic,
        protocol: SubscriptionProtocol.SQS,
        endpoint: queue.queueArn,
        rawMessageDelivery: true,
      });
      const cfn = subscription.node.defaultChild as CfnSubscription;
      cfn.filterPolicyScope = 'MessageAttributes';
      cfn.filterPolicy = filterPolicyOf(audience.rule);
      // What SNS cannot hand to the queue waits in the audience's dead-letter queue.
      cfn.redrivePolicy = { deadLetterTargetArn: deadLetterQueue.queueArn };
      this.audienceQueues.set(audience.id, { queue, deadLetterQueue });
      queueArns.push(queue.queueArn, deadLetterQueue.queueArn);
      queueUrls.push(queue.queueUrl, deadLetterQueue.queueUrl);
      new CfnOutput(this, `${name}QueueUrl`, {
        key: `AudienceQueue${name}`,
        description: `Events for ${audience.id}`,
        value: queue.queueUrl,
      });
    }
    new CfnQueuePolicy(this, 'AudienceQueuesPolicy', {
      queues: queueUrls,
      policyDocument: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'EnforceTls',
            effect: Effect.DENY,
            principals: [new AnyPrincipal()],
            actions: ['sqs:*'],
            resources: queueArns,
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          new PolicyStatement({
            sid: 'EventsTopicOnly',
            principals: [new ServicePrincipal('sns.amazonaws.com')],
            actions: ['sqs:SendMessage'],
            resources: queueArns,
            conditions: { ArnEquals: { 'aws:SourceArn': this.topic.topicArn } },
          }),
        ],
      }),
    });
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
