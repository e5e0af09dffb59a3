import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type MethodOptions,
  RequestAuthorizer,
  type Resource,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { ApiRoute } from '../../config/api-routes.ts';
import { GATEWAY_REFUSALS, gatewayResponseTemplate } from '../../shared/http/gateway-responses.ts';

/**
 * REST API stages are part of the URL (`…/api/v1/health`) unless a custom domain maps them away:
 * the contract's paths stay `/v1/…` below this one stage, and ApiUrl names the base with it.
 */
export const API_STAGE_NAME = 'api';
/**
 * How long API Gateway keeps the authorizer's answer for one Authorization header. The authorizer
 * is told the same value, so that it refuses a credential expiring within it: a cached allow never
 * outlives the credential, and a revocation takes effect within it (the contract says 60 s).
 */
export const AUTHORIZER_CACHE_TTL = Duration.seconds(30);

export interface ApiThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ElectionApiProps {
  readonly routes: readonly ApiRoute[];
  /** The function behind each route's folder. */
  readonly routeFunction: (folder: string) => IFunction;
  readonly notFound: IFunction;
  readonly authorizer: IFunction;
  /** Every method but report submission: each method has a bucket of this size. */
  readonly methodThrottle: ApiThrottle;
  /** POST …/reports, apart from the reads so that a results rush never crowds out the minutes. */
  readonly reportThrottle: ApiThrottle;
  /** Requests one client address may make in any 5 minutes before the web ACL blocks it. */
  readonly clientRateLimitPer5Minutes: number;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The public API as a REST API: an authorizer that denies strangers before any route function runs,
 * refusals shaped as problem documents by gateway responses, per-method throttles and a per-address
 * rate rule in a web ACL — what the HTTP API could not do.
 */
export class ElectionApi extends Construct {
  readonly api: RestApi;
  /** The base URL, stage included: append the contract's paths (`/v1/…`). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ElectionApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const reportPath = props.routes.find((r) => r.folder === 'post-report')?.path;
    const throttle = (t: ApiThrottle): MethodOptions & Record<string, unknown> => ({
      throttlingRateLimit: t.rateLimit,
      throttlingBurstLimit: t.burstLimit,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Election night public API v1',
      // The gzip-encoded definition leaves the function base64-encoded and must reach clients as bytes.
      binaryMediaTypes: ['*/*'],
      // Execution logs need the account's CloudWatch role for API Gateway.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: props.removalPolicy,
      deployOptions: {
        stageName: API_STAGE_NAME,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: props.methodThrottle.rateLimit,
        throttlingBurstLimit: props.methodThrottle.burstLimit,
        // The stage's own settings are every method's ('/*/*'); report submission has its own bucket.
        methodOptions: {
          ...(reportPath
            ? {
                [`${reportPath}/POST`]: {
                  ...throttle(props.reportThrottle),
                  loggingLevel: MethodLoggingLevel.ERROR,
                },
              }
            : {}),
        },
      },
    });
    this.url = `https://${this.api.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${API_STAGE_NAME}`;
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        "Each route function validates its request with the zod schemas the OpenAPI document is generated from, answering the contract's problem documents; gateway models would be a second copy that drifts.",
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-wide role for execution logs; AWS maintains the policy for that one service.",
      });
    }

    const authorizer = new RequestAuthorizer(this, 'BearerToken', {
      handler: props.authorizer,
      identitySources: [IdentitySource.header('Authorization')],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
    });

    for (const refusal of GATEWAY_REFUSALS) {
      this.api.addGatewayResponse(`Refusal${refusal.type}`, {
        type: ResponseType.of(refusal.type),
        statusCode: String(refusal.status),
        responseHeaders: {
          'content-type': "'application/problem+json'",
          'x-request-id': 'context.requestId',
        },
        templates: { 'application/json': gatewayResponseTemplate(refusal) },
      });
    }

    const openMethods: Construct[] = [];
    const integrations = new Map<IFunction, LambdaIntegration>();
    const integrationOf = (fn: IFunction) => {
      let found = integrations.get(fn);
      if (!found) {
        // No permission for the console's test invocation: it doubles the stack's Lambda permissions for a
        // convenience nobody needs on election night (the stack counts against CloudFormation's 500).
        found = new LambdaIntegration(fn, { proxy: true, allowTestInvoke: false });
        integrations.set(fn, found);
      }
      return found;
    };
    for (const route of props.routes) {
      const method = resourceOf(this.api.root, route.path).addMethod(
        route.method,
        integrationOf(props.routeFunction(route.folder)),
        route.open
          ? { authorizationType: AuthorizationType.NONE, operationName: route.operationId }
          : { authorizer, authorizationType: AuthorizationType.CUSTOM, operationName: route.operationId },
      );
      if (route.open) openMethods.push(method);
      else
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-COG4',
          reason:
            'Callers are officials and newsrooms holding bearer tokens the API issues itself (POST /v1/credentials), checked by the request authorizer; there are no Cognito identities.',
        });
    }
    // Paths the API does not have get a problem document from a function, as before.
    const notFound = integrationOf(props.notFound);
    openMethods.push(this.api.root.addMethod('ANY', notFound));
    openMethods.push(this.api.root.addResource('{proxy+}').addMethod('ANY', notFound));
    for (const method of openMethods) {
      Validations.of(method).acknowledge(
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Open by design: GET /v1/health (probes), GET /v1/openapi.json (the public contract) and the catch-all, which only answers 404.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason: 'Open by design: no token is asked for the health probe, the contract or a 404.',
        },
      );
    }

    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Per-address rate limit in front of the election night API',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        sampledRequestsEnabled: true,
        metricName: 'ElectionApiWebAcl',
      },
      rules: [
        {
          name: 'RatePerClientAddress',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', limit: props.clientRateLimitPer5Minutes },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: 'RatePerClientAddress',
          },
        },
      ],
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl.attrArn,
    });
  }
}

/** The resource of a contract path, creating the segments it lacks. */
function resourceOf(root: Resource | RestApi['root'], path: string) {
  let resource = root;
  for (const segment of path.split('/').filter(Boolean)) {
    resource = resource.getResource(segment) ?? resource.addResource(segment);
  }
  return resource;
}
