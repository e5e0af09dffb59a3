import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Audience } from '../config/notifications.ts';
import { ElectionFunction } from './constructs/election-function.ts';
import { Notifications } from './constructs/notifications.ts';
import { QueueWithDlq } from './constructs/queue-with-dlq.ts';
import type { StageSettings } from './stages.ts';

export interface ElectionNightStackProps extends StackProps {
  readonly settings: StageSettings;
  readonly audiences: readonly Audience[];
}

const AGGREGATOR_TIMEOUT = Duration.seconds(30);

/** The whole system for one stage: API, tables, work queue, aggregator and notifications. */
export class ElectionNightStack extends Stack {
  constructor(scope: Construct, id: string, props: ElectionNightStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const table = (name: string, description: string) => {
      const t = new TableV2(this, name, {
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
    const reports = table('ReportsTable', 'System of record: election definitions and every report version');
    const aggregates = table('AggregatesTable', 'Derived results, rebuilt from the reports table at will');
    const credentials = table('CredentialsTable', 'Credentials, keyed by the hash of their token');

    const work = new QueueWithDlq(this, 'Work', {
      visibilityTimeout: Duration.seconds(AGGREGATOR_TIMEOUT.toSeconds() * 6),
      maxReceiveCount: 5,
    });
    new CfnOutput(this, 'WorkDeadLetterQueueUrl', { value: work.deadLetterQueue.queueUrl });

    const notifications = new Notifications(this, 'Notifications', { audiences: props.audiences });

    const common = { logRetention: settings.logRetention, removalPolicy: settings.removalPolicy };
    const fn = (id: string, folder: string, description: string, environment: Record<string, string>) =>
      new ElectionFunction(this, id, {
        folder,
        description,
        timeout: Duration.seconds(10),
        environment,
        ...common,
      }).fn;

    const health = fn('Health', 'health', 'GET /v1/health', {});
    const authorizerFn = fn('Authorizer', 'authorizer', 'Bearer token → credential', {
      CREDENTIALS_TABLE: credentials.tableName,
    });
    credentials.grantReadData(authorizerFn);

    const putElection = fn('PutElection', 'elections-put', 'PUT an election definition', {
      REPORTS_TABLE: reports.tableName,
    });
    reports.grantReadWriteData(putElection);

    const postReport = fn('PostReport', 'reports-post', 'POST a report', {
      REPORTS_TABLE: reports.tableName,
      WORK_QUEUE_URL: work.queue.queueUrl,
    });
    reports.grantReadWriteData(postReport);
    work.queue.grantSendMessages(postReport);

    const getContestResult = fn('GetContestResult', 'results-contest-get', 'GET a contest result', {
      REPORTS_TABLE: reports.tableName,
      AGGREGATES_TABLE: aggregates.tableName,
    });
    reports.grantReadData(getContestResult);
    aggregates.grantReadData(getContestResult);

    const aggregator = new ElectionFunction(this, 'Aggregator', {
      folder: 'aggregator',
      description: 'Recomputes changed contests and announces transitions',
      timeout: AGGREGATOR_TIMEOUT,
      memorySize: 1024,
      environment: {
        REPORTS_TABLE: reports.tableName,
        AGGREGATES_TABLE: aggregates.tableName,
        EVENTS_TOPIC_ARN: notifications.topic.topicArn,
        AUDIENCES: JSON.stringify(props.audiences),
      },
      ...common,
    }).fn;
    reports.grantReadData(aggregator);
    aggregates.grantReadWriteData(aggregator);
    notifications.topic.grantPublish(aggregator);
    aggregator.addEventSource(
      new SqsEventSource(work.queue, {
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: settings.aggregatorMaxConcurrency,
      }),
    );

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });
    const api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'Election night public API v1',
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
    });
    const authorizer = new HttpLambdaAuthorizer('BearerToken', authorizerFn, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // Revoked tokens must stop working within 60 s.
      resultsCacheTtl: Duration.seconds(30),
    });
    const route = (method: HttpMethod, path: string, handler: typeof health, open = false) =>
      api.addRoutes({
        path,
        methods: [method],
        integration: new HttpLambdaIntegration(`${method}${path.replace(/[^A-Za-z0-9]/g, '')}`, handler),
        ...(open ? {} : { authorizer }),
      });
    route(HttpMethod.GET, '/v1/health', health, true);
    route(HttpMethod.PUT, '/v1/elections/{electionId}', putElection);
    route(HttpMethod.POST, '/v1/elections/{electionId}/reports', postReport);
    route(HttpMethod.GET, '/v1/elections/{electionId}/results/contests/{contestId}', getContestResult);

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5',
      reason:
        'Table grants include the table\'s "/index/*" so that indexes can be queried; no action wildcard outside the grants CDK generates per table, queue and topic.',
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Only GET /v1/health is open, so that load balancers and operators can probe the API without a token.',
    });
  }
}
