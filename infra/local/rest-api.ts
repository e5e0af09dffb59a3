import type { LambdaFunction } from './lambda-runtime.ts';
import { type CfnTemplate, resourcesOfType, type TemplateResolver } from './template.ts';
import type { Throttle } from './token-bucket.ts';

/** A REQUEST authorizer of the template. */
export interface RestAuthorizer {
  readonly fn: LambdaFunction;
  /** Header names, from `method.request.header.<Name>` identity sources. */
  readonly identityHeaders: readonly string[];
  readonly cacheTtlSeconds: number;
}

/** One method of the REST API: a resource path template and an HTTP method (or ANY). */
export interface RestMethod {
  readonly httpMethod: string;
  /** e.g. /v1/elections/{electionId}/reports, or /{proxy+} */
  readonly resourcePath: string;
  readonly fn: LambdaFunction;
  readonly authorizer?: RestAuthorizer;
}

/** A gateway response of the template: what API Gateway answers itself for one response type. */
export interface GatewayResponse {
  readonly status: number;
  /** Header name → value expression: a 'literal' or a context variable such as context.requestId. */
  readonly headers: Readonly<Record<string, string>>;
  readonly template: string;
}

export interface RestApiDefinition {
  readonly stageName: string;
  readonly methods: readonly RestMethod[];
  readonly binaryMediaTypes: readonly string[];
  readonly gatewayResponses: ReadonlyMap<string, GatewayResponse>;
  /** The stage's MethodSettings: `${HTTP method} ${resource path}`, with '*' for every one. */
  readonly throttles: ReadonlyMap<string, Throttle>;
}

/** The key of a method's throttle setting, as MethodSettings names it (after ~1 → /). */
export const throttleKey = (httpMethod: string, resourcePath: string) => `${httpMethod} ${resourcePath}`;

/**
 * Reads the template's one REST API: its resource tree, methods with their Lambda proxy
 * integrations and authorizers, gateway responses and the stage's method settings. Anything the
 * local gateway does not run (other integration types, other authorizers) is an error, not a guess.
 */
export function readRestApi(
  template: CfnTemplate,
  resolver: TemplateResolver,
  functionOfArn: (arn: string) => LambdaFunction,
): RestApiDefinition | undefined {
  const apis = resourcesOfType(template, 'AWS::ApiGateway::RestApi');
  if (apis.length === 0) return undefined;
  if (apis.length > 1) throw new Error('The local cloud runs one REST API per template');
  const [apiId, api] = apis[0] as [string, NonNullable<(typeof apis)[number][1]>];
  const refOf = (value: unknown): string | undefined => {
    const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
    if (v?.Ref) return v.Ref;
    if (v?.['Fn::GetAtt']?.[0] === apiId && v['Fn::GetAtt'][1] === 'RootResourceId') return apiId;
    return undefined;
  };
  const pathOf = (id: string | undefined): string => {
    if (!id || id === apiId) return '';
    const resource = template.Resources[id];
    if (resource?.Type !== 'AWS::ApiGateway::Resource') throw new Error(`${id} is not a resource`);
    return `${pathOf(refOf(resource.Properties?.ParentId))}/${String(resource.Properties?.PathPart)}`;
  };

  const authorizers = new Map<string, RestAuthorizer>();
  for (const [id, resource] of resourcesOfType(template, 'AWS::ApiGateway::Authorizer')) {
    const props = resource.Properties ?? {};
    if (props.Type !== 'REQUEST')
      throw new Error(`${id}: the local cloud runs REQUEST authorizers only (${String(props.Type)})`);
    const identityHeaders = String(props.IdentitySource ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((source) => {
        const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1];
        if (!header) throw new Error(`${id}: the local cloud reads header identity sources only (${source})`);
        return header;
      });
    authorizers.set(id, {
      fn: functionOfArn(resolver.resolveString(props.AuthorizerUri)),
      identityHeaders,
      cacheTtlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 300),
    });
  }

  const methods: RestMethod[] = [];
  for (const [id, resource] of resourcesOfType(template, 'AWS::ApiGateway::Method')) {
    const props = resource.Properties ?? {};
    const integration = props.Integration as { Type?: string; Uri?: unknown } | undefined;
    if (integration?.Type !== 'AWS_PROXY')
      throw new Error(`${id}: the local cloud runs Lambda proxy integrations only`);
    const resourcePath = pathOf(refOf(props.ResourceId)) || '/';
    let authorizer: RestAuthorizer | undefined;
    if (props.AuthorizationType === 'CUSTOM') {
      authorizer = authorizers.get(refOf(props.AuthorizerId) ?? '');
      if (!authorizer) throw new Error(`${id}: unknown authorizer`);
    } else if (props.AuthorizationType && props.AuthorizationType !== 'NONE') {
      throw new Error(`${id}: the local cloud does not run ${String(props.AuthorizationType)} authorization`);
    }
    methods.push({
      httpMethod: String(props.HttpMethod),
      resourcePath,
      fn: functionOfArn(resolver.resolveString(integration.Uri)),
      ...(authorizer ? { authorizer } : {}),
    });
  }

  const gatewayResponses = new Map<string, GatewayResponse>();
  for (const [, resource] of resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse')) {
    const props = resource.Properties ?? {};
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((props.ResponseParameters ?? {}) as Record<string, string>)) {
      const name = /^gatewayresponse\.header\.(.+)$/.exec(key)?.[1];
      if (name) headers[name.toLowerCase()] = value;
    }
    const templates = (props.ResponseTemplates ?? {}) as Record<string, string>;
    gatewayResponses.set(String(props.ResponseType), {
      status: Number(props.StatusCode),
      headers,
      template: templates['application/json'] ?? Object.values(templates)[0] ?? '',
    });
  }

  const stages = resourcesOfType(template, 'AWS::ApiGateway::Stage');
  const stage = stages[0]?.[1].Properties ?? {};
  const throttles = new Map<string, Throttle>();
  for (const setting of (stage.MethodSettings ?? []) as Record<string, unknown>[]) {
    if (setting.ThrottlingRateLimit === undefined && setting.ThrottlingBurstLimit === undefined) continue;
    const resourcePath = String(setting.ResourcePath ?? '/*').replaceAll('~1', '/');
    throttles.set(
      throttleKey(String(setting.HttpMethod ?? '*'), resourcePath === '/*' ? '*' : resourcePath),
      {
        rateLimit: Number(setting.ThrottlingRateLimit ?? 10_000),
        burstLimit: Number(setting.ThrottlingBurstLimit ?? 5_000),
      },
    );
  }

  return {
    stageName: String(stage.StageName ?? 'prod'),
    methods,
    binaryMediaTypes: ((api.Properties?.BinaryMediaTypes as string[] | undefined) ?? []).map((t) =>
      t.replaceAll('~1', '/'),
    ),
    gatewayResponses,
    throttles,
  };
}
