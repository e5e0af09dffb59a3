import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITable, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { API_ROUTES } from '../config/api-routes.ts';
import type { Audience } from '../config/notifications.ts';
import { COUNTED_REPORT_KINDS } from '../shared/messaging/report-changes.ts';
import { AUTHORIZER_CACHE_TTL, ElectionApi } from './constructs/api.ts';
import { ElectionFunction } from './constructs/election-function.ts';
import { Notifications } from './constructs/notifications.ts';
import { QueueWithDlq } from './constructs/queue-with-dlq.ts';
import { WebSite } from './constructs/web.ts';
import type { StageSettings } from './stages.ts';

export interface ElectionNightStackProps extends StackProps {
  readonly settings: StageSettings;
  readonly audiences: readonly Audience[];
}

const AGGREGATOR_TIMEOUT = Duration.seconds(30);
/**
 * One webhook POST may take this long, name, connection and answer together: a receiver should
 * acknowledge at once and work afterwards. A batch of ten is tried at once.
 */
const WEBHOOK_REQUEST_TIMEOUT = Duration.seconds(5);
const WEBHOOK_TIMEOUT = Duration.seconds(30);

/** The whole system for one stage: API, tables, work queue, aggregator and notifications. */
export class ElectionNightStack extends Stack {
  constructor(scope: Construct, id: string, props: ElectionNightStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const table = (
      name: string,
      description: string,
      timeToLiveAttribute?: string,
      dynamoStream?: StreamViewType,
    ) => {
      const t = new TableV2(this, name, {
        ...(timeToLiveAttribute ? { timeToLiveAttribute } : {}),
        ...(dynamoStream ? { dynamoStream } : {}),
        partitionKey: { name: 'pk', type: AttributeType.STRING },
        sortKey: { name: 'sk', type: AttributeType.STRING },
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: settings.deletionProtection,
        removalPolicy: settings.removalPolicy,
      });
      new CfnOutput(this, `${name}Name`, { description, value: t.tableName });
      return t;
    };
    // Its stream carries each stored report's image: the change signal counting hears, as durable as the report.
    const reports = table(
      'ReportsTable',
      'System of record: election definitions and every report version',
      undefined,
      StreamViewType.NEW_IMAGE,
    );
    const aggregates = table('AggregatesTable', 'Derived results, rebuilt from the reports table at will');
    // Its stream tells the transparency log of every credential issued or revoked.
    const credentials = table(
      'CredentialsTable',
      'Credentials, keyed by the hash of their token',
      undefined,
      StreamViewType.NEW_IMAGE,
    );
    const inbox = table('NotificationsTable', "Each audience's inbox: a gapless sequence of events");
    const log = table(
      'LogTable',
      "Each election's transparency log (leaves, tiles, signed tree heads) and its published results versions",
    );
    const subscriptions = table(
      'SubscriptionsTable',
      'Webhook subscriptions with their signing secrets, and the delivery log',
      'expiresAt',
    );

    const work = new QueueWithDlq(this, 'Work', {
      visibilityTimeout: Duration.seconds(AGGREGATOR_TIMEOUT.toSeconds() * 6),
      maxReceiveCount: 5,
    });
    new CfnOutput(this, 'WorkQueueUrl', { value: work.queue.queueUrl });
    new CfnOutput(this, 'WorkDeadLetterQueueUrl', { value: work.deadLetterQueue.queueUrl });

    const notifications = new Notifications(this, 'Notifications', { audiences: props.audiences });

    const common = { logRetention: settings.logRetention, removalPolicy: settings.removalPolicy };
    const fn = (folder: string, description: string, environment: Record<string, string> = {}) =>
      new ElectionFunction(this, {
        folder,
        description,
        timeout: Duration.seconds(10),
        environment,
        ...common,
      }).fn;
    const reportsEnv = { REPORTS_TABLE: reports.tableName };
    const resultsEnv = { REPORTS_TABLE: reports.tableName, AGGREGATES_TABLE: aggregates.tableName };
    const credentialsEnv = { CREDENTIALS_TABLE: credentials.tableName };
    const subscriptionsEnv = {
      SUBSCRIPTIONS_TABLE: subscriptions.tableName,
      NOTIFICATIONS_TABLE: inbox.tableName,
    };

    const authorizerFn = fn('authorizer', 'Bearer token → credential', {
      ...credentialsEnv,
      // It refuses credentials that expire before a cached answer would.
      AUTHORIZER_CACHE_SECONDS: String(AUTHORIZER_CACHE_TTL.toSeconds()),
    });
    credentials.grantReadData(authorizerFn);

    // One function per route, each granted only what its route needs.
    const routeFunctions: Record<string, NodejsFunction> = {
      health: fn('health', 'GET /v1/health'),
      'get-openapi': fn('get-openapi', 'GET /v1/openapi.json'),
      // It answers from the authorizer's context: no table, no permission.
      'get-me': fn('get-me', 'GET /v1/me'),
      'post-credential': fn('post-credential', 'POST /v1/credentials', credentialsEnv),
      'delete-credential': fn('delete-credential', 'DELETE /v1/credentials/{id}', credentialsEnv),
      'put-election': fn('put-election', 'PUT an election definition', reportsEnv),
      'get-election': fn('get-election', 'GET an election definition', reportsEnv),
      'post-report': fn('post-report', 'POST a report', {
        ...reportsEnv,
        EVENTS_TOPIC_ARN: notifications.topic.topicArn,
      }),
      'get-report': fn('get-report', 'GET a report and its status', resultsEnv),
      'get-tally-versions': fn('get-tally-versions', 'GET every version of a tally', reportsEnv),
      'get-contest-result': fn('get-contest-result', 'GET a contest result', resultsEnv),
      'get-area-results': fn(
        'get-area-results',
        'GET national, regional, provincial results, turnout and published versions',
        { ...resultsEnv, LOG_TABLE: log.tableName },
      ),
      'get-notifications': fn('get-notifications', "GET an audience's notifications", {
        ...reportsEnv,
        NOTIFICATIONS_TABLE: inbox.tableName,
      }),
      'post-subscription': fn('post-subscription', 'POST /v1/subscriptions', {
        ...subscriptionsEnv,
        ...(settings.allowHttpWebhooks ? { ALLOW_HTTP_WEBHOOKS: 'true' } : {}),
        ...(settings.allowPrivateWebhooks ? { ALLOW_PRIVATE_WEBHOOKS: 'true' } : {}),
      }),
      'get-subscriptions': fn(
        'get-subscriptions',
        'GET subscriptions and their delivery log',
        subscriptionsEnv,
      ),
      'delete-subscription': fn('delete-subscription', 'DELETE /v1/subscriptions/{id}', subscriptionsEnv),
      'get-cdf': fn('get-cdf', 'GET the results as NIST SP 1500-100 open data', resultsEnv),
      'get-export': fn('get-export', 'GET the public export of an election', {
        ...resultsEnv,
        LOG_TABLE: log.tableName,
      }),
      'get-log': fn('get-log', "GET the transparency log's checkpoint, key, proofs and entries", {
        ...reportsEnv,
        LOG_TABLE: log.tableName,
      }),
    };
    const routeFn = (folder: string) => {
      const found = routeFunctions[folder];
      if (!found) throw new Error(`No function for functions/${folder}`);
      return found;
    };
    credentials.grant(routeFn('post-credential'), 'dynamodb:PutItem');
    reports.grantReadData(routeFn('get-log'));
    for (const table of [reports, aggregates, log]) table.grantReadData(routeFn('get-export'));
    for (const table of [reports, aggregates]) table.grantReadData(routeFn('get-cdf'));
    log.grantReadData(routeFn('get-area-results'));
    log.grantReadData(routeFn('get-log'));
    credentials.grant(routeFn('delete-credential'), 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    reports.grantReadWriteData(routeFn('put-election'));
    reports.grantReadData(routeFn('get-election'));
    reports.grantReadWriteData(routeFn('post-report'));
    notifications.topic.grantPublish(routeFn('post-report'));
    const resultReaders = ['get-report', 'get-contest-result', 'get-area-results'];
    for (const reader of ['get-tally-versions', ...resultReaders]) reports.grantReadData(routeFn(reader));
    for (const reader of resultReaders) aggregates.grantReadData(routeFn(reader));
    reports.grantReadData(routeFn('get-notifications'));
    inbox.grant(routeFn('get-notifications'), 'dynamodb:Query');
    subscriptions.grant(routeFn('post-subscription'), 'dynamodb:PutItem');
    inbox.grant(routeFn('post-subscription'), 'dynamodb:UpdateItem');
    subscriptions.grant(routeFn('get-subscriptions'), 'dynamodb:GetItem', 'dynamodb:Query');
    subscriptions.grant(routeFn('delete-subscription'), 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    inbox.grant(routeFn('delete-subscription'), 'dynamodb:UpdateItem');

    const aggregator = new ElectionFunction(this, {
      folder: 'aggregator',
      description: 'Recomputes changed contests and publishes the events they call for',
      timeout: AGGREGATOR_TIMEOUT,
      memorySize: 1024,
      environment: {
        ...resultsEnv,
        EVENTS_TOPIC_ARN: notifications.topic.topicArn,
        WORK_QUEUE_URL: work.queue.queueUrl,
      },
      ...common,
    }).fn;
    reports.grantReadData(aggregator);
    aggregates.grantReadWriteData(aggregator);
    notifications.topic.grantPublish(aggregator);
    // Province summaries that must wait come back as delayed work.
    work.queue.grantSendMessages(aggregator);
    aggregator.addEventSource(
      new SqsEventSource(work.queue, {
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: settings.aggregatorMaxConcurrency,
      }),
    );

    // Every report stored reaches the aggregator through the table's stream, even if the request
    // that stored it died: a small function turns stream records into work messages, so that the
    // aggregator keeps one input, one failure model and one concurrency bound (its SQS mapping).
    /** A table's stream as a function's input: in order, failing records bisected and retried, then a DLQ. */
    const streamSource = (
      source: ITable,
      failures: Queue,
      maxRecordAge: Duration,
      filters: Record<string, unknown>[],
    ) =>
      new DynamoEventSource(source, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge,
        onFailure: new SqsDlq(failures),
        filters,
      });
    const reportChanges = new ElectionFunction(this, {
      folder: 'report-changes',
      description: "Turns the reports table's stream into the aggregator's work",
      timeout: Duration.seconds(30),
      environment: { WORK_QUEUE_URL: work.queue.queueUrl },
      ...common,
    }).fn;
    work.queue.grantSendMessages(reportChanges);
    const changeFailures = new Queue(this, 'ReportChangesFailures', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(changeFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This is the stream mapping's on-failure destination (a dead-letter queue): it holds the shard positions of batches that failed every try; the sweep recounts them meanwhile.",
    });
    new CfnOutput(this, 'ReportChangesFailuresQueueUrl', { value: changeFailures.queueUrl });
    reportChanges.addEventSource(
      // Only newly stored reports that are counted: claims, definitions and registries never invoke it.
      // (A TableV2 is an ITable; only exactOptionalPropertyTypes tells `tableStreamArn?: string` apart.)
      streamSource(reports as ITable, changeFailures, Duration.hours(6), [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { kind: { S: FilterRule.or(...COUNTED_REPORT_KINDS) } } },
        }),
      ]),
    );

    // The transparency log: every stored report version and definition load reaches it from the
    // reports table's stream (as durable as the report), through a queue to its one sequencer.
    const logQueue = new QueueWithDlq(this, 'LogLeaves', {
      visibilityTimeout: Duration.seconds(6 * 60),
      maxReceiveCount: 10,
    });
    new CfnOutput(this, 'LogQueueUrl', { value: logQueue.queue.queueUrl });
    const logChanges = new ElectionFunction(this, {
      folder: 'log-changes',
      description: "Turns the reports table's stream into the transparency log's leaves",
      timeout: Duration.seconds(30),
      environment: { ...reportsEnv, LOG_QUEUE_URL: logQueue.queue.queueUrl },
      ...common,
    }).fn;
    reports.grantReadData(logChanges);
    logQueue.queue.grantSendMessages(logChanges);
    const logChangeFailures = new Queue(this, 'LogChangesFailures', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(logChangeFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This is the log stream mapping's on-failure destination (a dead-letter queue): it holds the shard positions of batches that failed every try.",
    });
    // Both tables' streams, each filtered to what the log records, with one failure destination.
    const logStream = (source: ITable, filters: Record<string, unknown>[]) =>
      logChanges.addEventSource(streamSource(source, logChangeFailures, Duration.hours(24), filters));
    // Stored reports, and an election's item each time a definition is loaded.
    logStream(reports as ITable, [
      FilterCriteria.filter({
        eventName: FilterRule.isEqual('INSERT'),
        dynamodb: { NewImage: { kind: { S: FilterRule.or(...COUNTED_REPORT_KINDS) } } },
      }),
      FilterCriteria.filter({
        eventName: FilterRule.or('INSERT', 'MODIFY'),
        dynamodb: { NewImage: { kind: { S: FilterRule.isEqual('ELECTION') } } },
      }),
    ]);
    // A credential's item by id, when issued and when revoked: never the item keyed by its token.
    logStream(credentials as ITable, [
      FilterCriteria.filter({
        eventName: FilterRule.or('INSERT', 'MODIFY'),
        dynamodb: { NewImage: { kind: { S: FilterRule.isEqual('CREDENTIAL_ID') } } },
      }),
    ]);
    // Checkpoints are signed by an asymmetric key that never leaves KMS; its public half is
    // published at …/log/key (the sequencer keeps it with each head, so readers need no KMS access).
    const logKey = new Key(this, 'LogSigningKey', {
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      description: "Signs the transparency logs' tree heads",
      removalPolicy: settings.removalPolicy,
    });
    const sequencer = new ElectionFunction(this, {
      folder: 'sequence-log',
      description: "Appends leaves to the elections' transparency logs and signs each tree head",
      timeout: Duration.minutes(1),
      memorySize: 512,
      environment: { LOG_TABLE: log.tableName, LOG_KMS_KEY_ID: logKey.keyId },
      ...common,
    }).fn;
    log.grantReadWriteData(sequencer);
    logKey.grant(sequencer, 'kms:Sign', 'kms:GetPublicKey');
    sequencer.addEventSource(
      new SqsEventSource(logQueue.queue, {
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // Two at most (SQS's least): a second sequencer of the same election finds the head moved
        // and its batch comes again, so the tree never forks.
        maxConcurrency: 2,
      }),
    );

    // The sweep heals what a lost message left behind: every contest is recomputed on a schedule.
    const sweep = new ElectionFunction(this, {
      folder: 'sweep',
      description: 'Hands every contest back to the aggregator on a schedule',
      timeout: Duration.minutes(2),
      environment: { ...reportsEnv, WORK_QUEUE_URL: work.queue.queueUrl },
      ...common,
    }).fn;
    reports.grantReadData(sweep);
    work.queue.grantSendMessages(sweep);
    new Rule(this, 'SweepSchedule', {
      description: 'Recount sweep',
      schedule: Schedule.rate(Duration.minutes(settings.sweepMinutes)),
      targets: [new LambdaFunction(sweep, { retryAttempts: 2 })],
    });

    // Each minute in which results changed becomes an immutable numbered version of them.
    const publisher = new ElectionFunction(this, {
      folder: 'publish-results',
      description: 'Publishes the next numbered version of the results that changed',
      timeout: Duration.minutes(1),
      environment: { ...resultsEnv, LOG_TABLE: log.tableName },
      ...common,
    }).fn;
    for (const table of [reports, aggregates]) table.grantReadData(publisher);
    log.grantReadWriteData(publisher);
    new Rule(this, 'PublishSchedule', {
      description: 'Results versions',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(publisher, { retryAttempts: 2 })],
    });

    // Delivery: each audience queue feeds the inbox writer, which queues one webhook job per subscriber.
    const webhooks = new QueueWithDlq(this, 'Webhooks', {
      visibilityTimeout: Duration.seconds(WEBHOOK_TIMEOUT.toSeconds() * 6),
      maxReceiveCount: 5,
    });
    new CfnOutput(this, 'WebhookQueueUrl', { value: webhooks.queue.queueUrl });
    new CfnOutput(this, 'WebhookDeadLetterQueueUrl', {
      description: 'Webhook deliveries that failed every try; `npm run webhooks -- redrive` sends them again',
      value: webhooks.deadLetterQueue.queueUrl,
    });
    const deliver = new ElectionFunction(this, {
      folder: 'deliver-notifications',
      description: "Writes each audience's events into its inbox and queues its webhooks",
      timeout: Duration.seconds(30),
      environment: { NOTIFICATIONS_TABLE: inbox.tableName, WEBHOOK_QUEUE_URL: webhooks.queue.queueUrl },
      ...common,
    }).fn;
    inbox.grant(
      deliver,
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    );
    webhooks.queue.grantSendMessages(deliver);
    for (const { queue } of notifications.audienceQueues.values()) {
      deliver.addEventSource(
        new SqsEventSource(queue, {
          batchSize: 25,
          maxBatchingWindow: Duration.seconds(1),
          reportBatchItemFailures: true,
          maxConcurrency: 2,
        }),
      );
    }
    const sendWebhooks = new ElectionFunction(this, {
      folder: 'send-webhooks',
      description: 'POSTs signed events to subscribers, retrying with backoff, then dead-lettering',
      timeout: WEBHOOK_TIMEOUT,
      environment: {
        SUBSCRIPTIONS_TABLE: subscriptions.tableName,
        WEBHOOK_QUEUE_URL: webhooks.queue.queueUrl,
        WEBHOOK_DEAD_LETTER_QUEUE_URL: webhooks.deadLetterQueue.queueUrl,
        WEBHOOK_TIMEOUT_MS: String(WEBHOOK_REQUEST_TIMEOUT.toMilliseconds()),
        ...(settings.allowPrivateWebhooks ? { ALLOW_PRIVATE_WEBHOOKS: 'true' } : {}),
      },
      ...common,
    }).fn;
    subscriptions.grant(sendWebhooks, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    webhooks.queue.grantSendMessages(sendWebhooks);
    webhooks.deadLetterQueue.grantSendMessages(sendWebhooks);
    sendWebhooks.addEventSource(
      new SqsEventSource(webhooks.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: settings.webhookMaxConcurrency,
      }),
    );

    const api = new ElectionApi(this, 'PublicApi', {
      routes: API_ROUTES,
      routeFunction: routeFn,
      notFound: fn('not-found', 'Any other route: 404'),
      authorizer: authorizerFn,
      methodThrottle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      reportThrottle: { rateLimit: settings.reportRateLimit, burstLimit: settings.reportBurstLimit },
      clientRateLimitPer5Minutes: settings.clientRateLimitPer5Minutes,
      ...common,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the API, its stage included: append /v1/…',
      value: api.url,
    });

    new WebSite(this, 'Web', { api: api.api });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5',
      reason:
        'Table grants include the table\'s "/index/*" so that indexes can be queried; no action wildcard outside the grants CDK generates per table, queue and topic.',
    });
  }
}
