import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../config/api-routes.ts';
import { audienceOfQueue, defaultAudiences, filterPolicyOf } from '../../config/notifications.ts';
import { buildApp } from '../../infra/build-app.ts';

/** The stack of a stage, without bundling: these tests look at the template, not the bundles. */
function synth(stage: string) {
  const { app, stack } = buildApp(new App({ context: { stage, 'aws:cdk:bundling-stacks': [] } }));
  return { app, template: Template.fromStack(stack) };
}

const dev = synth('dev').template;
const prod = synth('prod').template;

const resources = (template: Template, type: string) => Object.entries(template.findResources(type));
const lambdaTimeout = (template: Template, logicalIdPrefix: string) => {
  const found = resources(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith(logicalIdPrefix));
  return Number(found?.[1].Properties.Timeout);
};

describe('the aggregator and its work queue', () => {
  /** The aggregator's own event-source mapping, found by the function it feeds, not by its place. */
  const aggregatorMapping = () => {
    const mappings = resources(dev, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      String(m.Properties.FunctionName?.Ref ?? '').startsWith('Aggregator'),
    );
    expect(mappings).toHaveLength(1);
    return mappings[0]?.[1].Properties;
  };

  it('reports batch item failures, with a bounded concurrency', () => {
    const mapping = aggregatorMapping();
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(mapping.BatchSize).toBeGreaterThan(1);
  });

  it('gives the work queue a DLQ after at least 5 receives and a visibility of at least 6 × the consumer timeout', () => {
    const queueId = aggregatorMapping().EventSourceArn['Fn::GetAtt'][0];
    const queue = dev.toJSON().Resources[queueId];
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * lambdaTimeout(dev, 'Aggregator'));
  });

  it('gives every queue that is not itself a dead-letter queue a DLQ', () => {
    const queues = resources(dev, 'AWS::SQS::Queue');
    const deadLetterIds = new Set(
      queues.flatMap(([, q]) =>
        q.Properties.RedrivePolicy ? [q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : [],
      ),
    );
    // A stream mapping's on-failure destination is a dead-letter queue too.
    const onFailureIds = resources(dev, 'AWS::Lambda::EventSourceMapping').flatMap(
      ([, m]) => m.Properties.DestinationConfig?.OnFailure?.Destination['Fn::GetAtt']?.[0] ?? [],
    );
    for (const id of onFailureIds) deadLetterIds.add(id);
    for (const [id, queue] of queues) {
      if (!deadLetterIds.has(id)) expect(queue.Properties.RedrivePolicy, id).toBeDefined();
    }
    expect(deadLetterIds.size).toBe(
      queues.length - queues.filter(([, q]) => q.Properties.RedrivePolicy).length,
    );
  });
});

describe('notifications', () => {
  it("subscribes one queue per configured audience with that audience's filter policy", () => {
    const subscriptions = resources(dev, 'AWS::SNS::Subscription').map(([, s]) => s.Properties);
    const audiences = defaultAudiences();
    expect(subscriptions).toHaveLength(audiences.length);
    for (const audience of audiences) {
      expect(subscriptions).toContainEqual(
        expect.objectContaining({
          Protocol: 'sqs',
          RawMessageDelivery: true,
          FilterPolicyScope: 'MessageAttributes',
          FilterPolicy: filterPolicyOf(audience.rule),
          // What SNS cannot deliver waits in the audience's own dead-letter queue.
          RedrivePolicy: { deadLetterTargetArn: expect.anything() },
        }),
      );
    }
    const ids = audiences.map((a) => a.id);
    expect(ids.slice(0, 7)).toEqual([
      'COUNCIL',
      'REGION:R1',
      'REGION:R2',
      'REGION:R3',
      'REGION:R4',
      'REGION:R5',
      'REGION:R6',
    ]);
    expect(ids.filter((id) => id.startsWith('PROVINCE:'))).toHaveLength(34);
  });

  it('feeds the inbox writer from every audience queue, and names each queue so that the writer knows whose it is', () => {
    const json = dev.toJSON().Resources;
    const mappings = resources(dev, 'AWS::Lambda::EventSourceMapping')
      .map(([, m]) => m.Properties)
      .filter((m) => m.FunctionName.Ref.startsWith('DeliverNotifications'));
    expect(mappings).toHaveLength(defaultAudiences().length);
    const audiences = mappings.map((m) => {
      const queue = json[m.EventSourceArn['Fn::GetAtt'][0]];
      return audienceOfQueue(String(queue.Properties.QueueName));
    });
    expect(new Set(audiences)).toEqual(new Set(defaultAudiences().map((a) => a.id)));
  });

  it('stays well inside CloudFormation’s 500 resources with 41 audiences', () => {
    // 434 with the transparency log and open data; the next feature of this size wants a nested stack.
    expect(Object.keys(dev.toJSON().Resources).length).toBeLessThan(450);
  });

  it('keeps webhook secrets from every function but the two that create and sign with them', () => {
    const tableId =
      resources(dev, 'AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('SubscriptionsTable'))?.[0] ??
      '';
    const readers = resources(dev, 'AWS::IAM::Policy')
      .filter(([, p]) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: { Action: string | string[]; Resource: unknown }) =>
            [s.Action].flat().some((a) => a === 'dynamodb:GetItem' || a === 'dynamodb:Query') &&
            JSON.stringify(s.Resource).includes(tableId),
        ),
      )
      .map(([id]) => id.replace(/Role.*$/, ''))
      .sort();
    expect(readers).toEqual(['DeleteSubscription', 'GetSubscriptions', 'SendWebhooks']);
  });

  it('lets webhooks reach private addresses and plain http in dev only', () => {
    const envOf = (template: Template, prefix: string) =>
      resources(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))?.[1].Properties
        .Environment.Variables ?? {};
    for (const fn of ['PostSubscription', 'SendWebhooks']) {
      expect(envOf(dev, fn).ALLOW_PRIVATE_WEBHOOKS).toBe('true');
      expect(envOf(prod, fn).ALLOW_PRIVATE_WEBHOOKS).toBeUndefined();
    }
    expect(envOf(prod, 'PostSubscription').ALLOW_HTTP_WEBHOOKS).toBeUndefined();
    // A short request timeout: a receiver that hangs holds a sender for this long at most.
    expect(Number(envOf(prod, 'SendWebhooks').WEBHOOK_TIMEOUT_MS)).toBeLessThanOrEqual(5000);
  });

  it('names each audience queue in the stack outputs', () => {
    const outputs = Object.keys(dev.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['AudienceQueueCouncil', 'AudienceQueueRegionR1', 'AudienceQueueRegionR6']),
    );
  });
});

describe('tables', () => {
  it('have point-in-time recovery everywhere, and deletion protection and RETAIN outside dev', () => {
    for (const [, table] of resources(prod, 'AWS::DynamoDB::GlobalTable')) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(
        true,
      );
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
    for (const [, table] of resources(dev, 'AWS::DynamoDB::GlobalTable')) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(
        true,
      );
    }
    expect(resources(prod, 'AWS::DynamoDB::GlobalTable')).toHaveLength(6);
  });
});

describe('functions', () => {
  it('run Node.js 22 on ARM64, all but the deploy-time handler that copies the web app into its bucket', () => {
    const functions = resources(dev, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(6);
    const deployHandlers = functions.filter(([id]) => id.startsWith('CustomCDKBucketDeployment'));
    expect(deployHandlers).toHaveLength(1);
    for (const [id, fn] of functions) {
      if (!deployHandlers.some(([handlerId]) => handlerId === id))
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('grant no wildcard action or resource', () => {
    for (const [id, policy] of resources(dev, 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        expect(
          actions.every((a: string) => !a.endsWith(':*') && a !== '*'),
          id,
        ).toBe(true);
        expect([statement.Resource].flat(), id).not.toContain('*');
      }
    }
  });

  it('let only the aggregator write results, and only ingest and election loading write reports', () => {
    const writers = (tableId: string) =>
      resources(dev, 'AWS::IAM::Policy')
        .filter(([, p]) =>
          p.Properties.PolicyDocument.Statement.some(
            (s: { Action: string | string[]; Resource: unknown }) =>
              [s.Action].flat().includes('dynamodb:PutItem') && JSON.stringify(s.Resource).includes(tableId),
          ),
        )
        .map(([id]) => id.replace(/Role.*$/, ''))
        .sort();
    const tableId = (prefix: string) =>
      resources(dev, 'AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith(prefix))?.[0] ?? '';
    expect(writers(tableId('AggregatesTable'))).toEqual(['Aggregator']);
    expect(writers(tableId('ReportsTable'))).toEqual(['PostReport', 'PutElection']);
    expect(writers(tableId('CredentialsTable'))).toEqual(['PostCredential']);
  });
});

describe('the REST API', () => {
  const json = dev.toJSON().Resources;
  /** Each method's route key (METHOD /path), read back from its resource chain. */
  const pathOf = (resourceId: string | undefined): string => {
    if (!resourceId) return '';
    const resource = json[resourceId];
    return `${pathOf(resource.Properties.ParentId.Ref)}/${resource.Properties.PathPart}`;
  };
  const methods = resources(dev, 'AWS::ApiGateway::Method').map(([, m]) => ({
    key: `${m.Properties.HttpMethod} ${m.Properties.ResourceId.Ref ? pathOf(m.Properties.ResourceId.Ref) : '/'}`,
    props: m.Properties,
  }));

  it('has every route of the catalogue, each behind the request authorizer unless open, and a catch-all', () => {
    expect(methods.map((m) => m.key).sort()).toEqual(
      [...API_ROUTES.map((r) => `${r.method} ${r.path}`), 'ANY /', 'ANY /{proxy+}'].sort(),
    );
    for (const { key, props } of methods) {
      const open = key.startsWith('ANY ') || API_ROUTES.find((r) => `${r.method} ${r.path}` === key)?.open;
      expect(props.AuthorizationType, key).toBe(open ? 'NONE' : 'CUSTOM');
      expect(props.Integration.Type, key).toBe('AWS_PROXY');
    }
    expect(
      methods
        .filter((m) => m.props.AuthorizationType === 'NONE')
        .map((m) => m.key)
        .sort(),
    ).toEqual(['ANY /', 'ANY /{proxy+}', 'GET /v1/health', 'GET /v1/openapi.json']);
  });

  it('answers GET /v1/me from the authorizer’s context: behind the authorizer, with no data permission at all', () => {
    const me = methods.find((m) => m.key === 'GET /v1/me');
    expect(me?.props.AuthorizationType).toBe('CUSTOM');
    const [fnId] = resources(dev, 'AWS::Lambda::Function').find(([id]) => id.startsWith('GetMe')) ?? [];
    expect(fnId).toBeDefined();
    expect(
      resources(dev, 'AWS::Lambda::Function').find(([id]) => id === fnId)?.[1].Properties.Environment,
    ).toEqual({ Variables: { NODE_OPTIONS: '--enable-source-maps' } });
    const actions = resources(dev, 'AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('GetMe'))
      .flatMap(([, p]) =>
        p.Properties.PolicyDocument.Statement.flatMap((s: { Action: unknown }) => [s.Action].flat()),
      );
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('asks the authorizer about the Authorization header, caching its answer no longer than the authorizer is told', () => {
    dev.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
    });
    const ttl = resources(dev, 'AWS::ApiGateway::Authorizer')[0]?.[1].Properties.AuthorizerResultTtlInSeconds;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    const authorizer = resources(dev, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Authorizer'));
    expect(authorizer?.[1].Properties.Environment.Variables.AUTHORIZER_CACHE_SECONDS).toBe(String(ttl));
  });

  it('answers every refusal of its own as a problem document with the request id', () => {
    const responses = resources(dev, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(
      [
        'ACCESS_DENIED',
        'DEFAULT_4XX',
        'DEFAULT_5XX',
        'MISSING_AUTHENTICATION_TOKEN',
        'REQUEST_TOO_LARGE',
        'THROTTLED',
        'UNAUTHORIZED',
        'WAF_FILTERED',
      ].sort(),
    );
    for (const r of responses) {
      expect(r.ResponseParameters, r.ResponseType).toEqual({
        'gatewayresponse.header.content-type': "'application/problem+json'",
        'gatewayresponse.header.x-request-id': 'context.requestId',
      });
      const body = JSON.parse(r.ResponseTemplates['application/json']);
      expect(body).toMatchObject({ status: Number(r.StatusCode), requestId: '$context.requestId' });
    }
  });

  it('logs access, throttles report submission apart from every other method, and passes binary bodies through', () => {
    const stage = resources(prod, 'AWS::ApiGateway::Stage')[0]?.[1].Properties;
    expect(stage.StageName).toBe('api');
    expect(stage.AccessLogSetting.DestinationArn).toBeDefined();
    const settings = stage.MethodSettings as {
      HttpMethod: string;
      ResourcePath: string;
      ThrottlingRateLimit: number;
      ThrottlingBurstLimit: number;
    }[];
    const all = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
    const reports = settings.find(
      (s) => s.ResourcePath === '/~1v1~1elections~1{electionId}~1reports' && s.HttpMethod === 'POST',
    );
    expect(all?.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(reports?.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(reports?.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(reports).not.toEqual(all);
    prod.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['*/*'] });
  });

  it('limits each client address with a rate rule in a regional web ACL on the stage', () => {
    prod.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: Match.anyValue() } },
        }),
      ],
    });
    const association = resources(prod, 'AWS::WAFv2::WebACLAssociation')[0]?.[1].Properties;
    expect(JSON.stringify(association.ResourceArn)).toContain('/stages/');
  });

  it('names the full base URL, stage included, as ApiUrl', () => {
    const value = JSON.stringify(dev.toJSON().Outputs.ApiUrl.Value);
    expect(value).toContain('execute-api');
    expect(value).toMatch(/\/api"\]\]\}$/);
  });
});

describe('the web app', () => {
  const distribution = () => resources(prod, 'AWS::CloudFront::Distribution');
  const config = () => distribution()[0]?.[1].Properties.DistributionConfig;

  it('is one CloudFront distribution serving the site bucket through origin access control, HTTPS only', () => {
    expect(distribution()).toHaveLength(1);
    const site = config().Origins.find((o: any) => o.Id === config().DefaultCacheBehavior.TargetOriginId);
    expect(site.DomainName['Fn::GetAtt'][1]).toBe('RegionalDomainName');
    expect(site.OriginAccessControlId).toBeDefined();
    expect(site.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(config().DefaultRootObject).toBe('index.html');
    expect(config().DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    prod.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    // The bucket itself stays private: only this distribution may read it.
    prod.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('sends /v1/* to the API uncached, with every viewer header but Host, over HTTPS only', () => {
    const behaviours = config().CacheBehaviors;
    expect(behaviours.map((b: any) => b.PathPattern)).toEqual([
      '/v1/elections/*/results/versions/*',
      '/v1/*',
    ]);
    const [, api] = behaviours;
    const origin = config().Origins.find((o: any) => o.Id === api.TargetOriginId);
    // The domain and the stage path (/api) are both cut from the API's own URL.
    expect(JSON.stringify(origin.DomainName)).toContain('PublicApi');
    expect(JSON.stringify(origin.OriginPath)).toContain('PublicApi');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
    // AWS's managed policies: CachingDisabled and AllViewerExceptHostHeader.
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('caches a published results version at the edge only under its bearer’s token, as long as the API says', () => {
    const [versions, api] = config().CacheBehaviors;
    expect(versions.TargetOriginId).toBe(api.TargetOriginId);
    expect(versions.AllowedMethods).toEqual(['GET', 'HEAD']);
    const policies = resources(prod, 'AWS::CloudFront::CachePolicy');
    expect(policies).toHaveLength(1);
    const cacheKey = (policies[0] ?? [])[1]?.Properties?.CachePolicyConfig;
    expect(cacheKey.DefaultTTL).toBe(0);
    const inKey = cacheKey.ParametersInCacheKeyAndForwardedToOrigin;
    expect(inKey.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
    expect(inKey.QueryStringsConfig).toEqual({
      QueryStringBehavior: 'whitelist',
      QueryStrings: ['provinceId'],
    });
  });

  it('refuses framing and sniffing and logs its accesses', () => {
    prod.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
        }),
      }),
    });
    expect(config().Logging.Bucket).toBeDefined();
  });

  it('keeps hashed assets a year and revalidates the rest, and names its URL as WebUrl', () => {
    const deployments = resources(prod, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties);
    expect(deployments.map((d) => d.SystemMetadata['cache-control']).sort()).toEqual([
      'no-cache',
      'public, max-age=31536000, immutable',
    ]);
    const outputs = prod.toJSON().Outputs;
    expect(JSON.stringify(outputs.WebUrl.Value)).toContain('DomainName');
  });
});

describe('cdk-nag', () => {
  it('passes the AwsSolutions checks for every stage', () => {
    for (const stage of ['dev', 'staging', 'prod']) {
      const { app } = synth(stage);
      expect(() => app.synth(), stage).not.toThrow();
    }
  });
});

describe('the change signal from the reports table', () => {
  it('streams new images of the reports table into a mapping that takes counted reports only, with retries and a failure queue', () => {
    const json = dev.toJSON().Resources;
    const reportsId = resources(dev, 'AWS::DynamoDB::GlobalTable').find(([id]) =>
      id.startsWith('ReportsTable'),
    )?.[0];
    expect(json[reportsId ?? ''].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mapping = resources(dev, 'AWS::Lambda::EventSourceMapping')
      .map(([, m]) => m.Properties)
      .find((m) => m.EventSourceArn['Fn::GetAtt']?.[1] === 'StreamArn');
    expect(mapping).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^ReportChanges/) },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: expect.any(Number),
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const pattern = JSON.parse(mapping.FilterCriteria.Filters[0].Pattern);
    expect(pattern).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { kind: { S: ['TALLY', 'TURNOUT', 'INCIDENT', 'UNIT_RESULT'] } } },
    });
  });

  it('lets PostReport no longer send work itself, and only the stream consumer, the aggregator and the sweep send it', () => {
    const senders = resources(dev, 'AWS::IAM::Policy')
      .filter(([, p]) =>
        p.Properties.PolicyDocument.Statement.some(
          (s: { Action: string | string[]; Resource: unknown }) =>
            [s.Action].flat().includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes('WorkQueue'),
        ),
      )
      .map(([id]) => id.replace(/Role.*$/, ''))
      .sort();
    expect(senders).toEqual(['Aggregator', 'ReportChanges', 'Sweep']);
  });
});
