import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type CfnTemplate, resourcesOfType, type TemplateResolver } from './template.ts';

export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
}

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
] as const;

/**
 * Creates every table, queue (with its redrive policy), topic and subscription (with its filter
 * policy) the template declares; a resource that already exists is kept with its data.
 */
export async function provisionResources(
  template: CfnTemplate,
  resolver: TemplateResolver,
  clients: Clients,
) {
  const { region, accountId } = resolverPseudo(resolver);
  for (const [id, resource] of resourcesOfType(
    template,
    'AWS::DynamoDB::GlobalTable',
    'AWS::DynamoDB::Table',
  )) {
    const props = resource.Properties ?? {};
    const name = typeof props.TableName === 'string' ? props.TableName : id;
    const streamArn = await createTable(clients.dynamodb, name, props);
    const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
    resolver.define(id, {
      ref: name,
      attributes: { Arn: arn, ...(streamArn ? { StreamArn: streamArn } : {}) },
    });
  }

  const queues = resourcesOfType(template, 'AWS::SQS::Queue');
  for (const [id, resource] of queues) {
    const props = resource.Properties ?? {};
    const name = typeof props.QueueName === 'string' ? props.QueueName : id;
    const Attributes: Record<string, string> = {};
    for (const key of QUEUE_ATTRIBUTES) if (props[key] !== undefined) Attributes[key] = String(props[key]);
    const created = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
    const url = created.QueueUrl ?? '';
    const attributes = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    const arn = attributes.Attributes?.QueueArn ?? `arn:aws:sqs:${region}:${accountId}:${name}`;
    resolver.define(id, { ref: url, attributes: { Arn: arn, QueueName: name, QueueUrl: url } });
  }
  // Redrive policies name other queues, so they are set once every queue exists.
  for (const [id, resource] of queues) {
    const redrive = resource.Properties?.RedrivePolicy;
    if (!redrive) continue;
    const policy = resolver.resolve(redrive) as { deadLetterTargetArn: string; maxReceiveCount: number };
    await clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: resolver.resolveString({ Ref: id }),
        Attributes: { RedrivePolicy: JSON.stringify(policy) },
      }),
    );
  }

  for (const [id, resource] of resourcesOfType(template, 'AWS::SNS::Topic')) {
    const props = resource.Properties ?? {};
    const name = typeof props.TopicName === 'string' ? props.TopicName : id;
    const created = await clients.sns.send(new CreateTopicCommand({ Name: name }));
    const arn = created.TopicArn ?? '';
    resolver.define(id, { ref: arn, attributes: { TopicArn: arn, TopicName: name } });
  }

  for (const [id, resource] of resourcesOfType(template, 'AWS::SNS::Subscription')) {
    const props = resolver.resolve(resource.Properties ?? {}) as Record<string, unknown>;
    const Attributes: Record<string, string> = {};
    for (const key of ['FilterPolicy', 'RedrivePolicy', 'DeliveryPolicy'] as const) {
      if (props[key] !== undefined) Attributes[key] = JSON.stringify(props[key]);
    }
    if (props.FilterPolicyScope !== undefined) Attributes.FilterPolicyScope = String(props.FilterPolicyScope);
    if (props.RawMessageDelivery !== undefined)
      Attributes.RawMessageDelivery = String(props.RawMessageDelivery);
    const subscribed = await clients.sns.send(
      new SubscribeCommand({
        TopicArn: String(props.TopicArn),
        Protocol: String(props.Protocol),
        Endpoint: String(props.Endpoint),
        Attributes,
        ReturnSubscriptionArn: true,
      }),
    );
    resolver.define(id, { ref: subscribed.SubscriptionArn ?? id, attributes: {} });
  }
}

/** Creates a table unless it exists; answers its stream's ARN if it has one (DynamoDB Local's own). */
async function createTable(
  client: DynamoDBClient,
  name: string,
  props: Record<string, unknown>,
): Promise<string | undefined> {
  const indexes = (props.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map((gsi) => ({
    IndexName: gsi.IndexName,
    KeySchema: gsi.KeySchema,
    Projection: gsi.Projection,
  }));
  const stream = props.StreamSpecification as { StreamViewType?: string } | undefined;
  const input = {
    TableName: name,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
    BillingMode: 'PAY_PER_REQUEST',
    ...(indexes?.length ? { GlobalSecondaryIndexes: indexes } : {}),
    ...(props.LocalSecondaryIndexes ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
    ...(stream?.StreamViewType
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType } }
      : {}),
  } as CreateTableCommandInput;
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  if (!stream?.StreamViewType) return undefined;
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  return described.Table?.LatestStreamArn;
}

function resolverPseudo(resolver: TemplateResolver) {
  return {
    region: resolver.resolveString({ Ref: 'AWS::Region' }),
    accountId: resolver.resolveString({ Ref: 'AWS::AccountId' }),
  };
}
