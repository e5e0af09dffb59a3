import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer, Agent as HttpAgent, type Server } from 'node:http';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { synthesizedApp } from './assembly.ts';
import { type DynamoDbLocal, ensureDynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { startFauxqs } from './fauxqs.ts';
import { answerClientErrors, HttpGateway, SLOW_CLIENT_LIMITS, sendProblem } from './http-gateway.ts';
import { LambdaFunction } from './lambda-runtime.ts';
import { freePort } from './ports.ts';
import { type Clients, provisionResources } from './provision.ts';
import { readRestApi } from './rest-api.ts';
import { startSchedules } from './schedules.ts';
import { type EventSourceMapping, SqsPoller } from './sqs-poller.ts';
import { type StreamEventSourceMapping, StreamPoller } from './stream-poller.ts';
import { type CfnTemplate, resourcesOfType, TemplateResolver } from './template.ts';
import type { Throttle } from './token-bucket.ts';
import { type NotEmulated, readWebSite, StaticSite } from './web-site.ts';

export const LOCAL_REGION = 'ap-southeast-1';
const ACCOUNT_ID = '000000000000';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Keeps DynamoDB's data here across restarts; in memory when absent. */
  readonly dataDir?: string;
  /** Where the synthesized app, logs and runtime files go. */
  readonly workDir: string;
  /** Where downloaded tools (DynamoDB Local) are kept between runs. */
  readonly cacheDir: string;
  readonly stage?: string;
  /** Extra variables for one function's environment, e.g. to inject a fault in a test. */
  readonly functionEnvironment?: (logicalId: string) => Record<string, string>;
  /**
   * A module that wraps one function's handler — `export function wrap(handler)` — to inject a
   * fault around or inside it (tests). It is bundled here; the function's own code is untouched.
   */
  readonly functionFaults?: (logicalId: string) => string | undefined;
  readonly onError?: (error: unknown) => void;
  /** Runs scheduled rules this often instead of their own rate (tests). */
  readonly schedulePeriodSeconds?: number;
  /** Runs once everything is up, before the API answers: health stays 503 until it is done. */
  readonly prepare?: (cloud: LocalCloud) => Promise<void>;
  /** The gateway's body limit instead of API Gateway's 10 MB (tests). */
  readonly maxRequestBodyBytes?: number;
  /** A method's throttle instead of the stage's, keyed `METHOD /resource/path` (tests). */
  readonly methodThrottles?: Readonly<Record<string, Throttle>>;
}

export interface LocalCloud {
  readonly url: string;
  readonly port: number;
  readonly region: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly sns: string };
  readonly outputs: Record<string, string>;
  readonly routeKeys: string[];
  /** Where the template's web app is served (this gateway's root), when it deploys one. */
  readonly webUrl: string | undefined;
  /** Resources of the template that do not run here, each with why. */
  readonly notEmulated: readonly NotEmulated[];
  readonly functions: ReadonlyMap<string, LambdaFunction>;
  /** Invocations so far of each function, by logical id, as Lambda would bill them. */
  invocations(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Runs the synthesized CDK app on this machine: DynamoDB Local and fauxqs for the data services,
 * the bundled handlers in worker threads, the template's REST API and its event sources. Nothing
 * here names a resource of the stack: everything is read from the template.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  // The SDK's notice about Node.js 20 says nothing about this program; keep the console for what does.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const logDir = path.join(options.workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const onError = options.onError ?? (() => {});
  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(onError);
  };

  let gateway: HttpGateway | undefined;
  let site: StaticSite | undefined;
  const server = createServer(SLOW_CLIENT_LIMITS, (request, response) => {
    // The distribution's default behaviour: everything but the API's paths goes to the bucket.
    if (site?.serves(request.url ?? '/')) {
      site.handle(request, response);
      return;
    }
    if (!gateway) {
      const detail = 'The local cloud is starting; try again in a second.';
      sendProblem(response, 503, 'STARTING', detail, randomUUID(), { 'retry-after': '1' });
      return;
    }
    gateway.handle(request, response).catch((error) => {
      onError(error);
      if (response.headersSent) response.end();
      else sendProblem(response, 500, 'INTERNAL_ERROR', 'The gateway failed.', randomUUID());
    });
  });
  answerClientErrors(server);
  const port = await listen(server, options.port);
  stoppers.push(() => closeServer(server));
  const url = `http://127.0.0.1:${port}`;

  try {
    // Each service is registered for stopping as soon as it runs, so a failed start leaves none behind.
    const started = <T extends { stop(): Promise<void> }>(service: T) => {
      stoppers.push(() => service.stop());
      return service;
    };
    const [{ template, assets, dir: assemblyDir }, dynamodb, fauxqs] = await Promise.all([
      Promise.resolve().then(() => synthesizedApp(options.cacheDir, options.stage ?? 'dev')),
      startDynamo(options, logDir).then(started),
      // With a data directory, the queues' messages are kept there too: a kill loses none of them.
      startFauxqs(
        LOCAL_REGION,
        path.join(logDir, 'fauxqs.log'),
        options.dataDir ? path.join(options.dataDir, 'sqs-journal.ndjson') : undefined,
      ).then(started),
    ]);

    const webSite = readWebSite(template, assets, assemblyDir);
    const notEmulated = webSite?.notEmulated ?? [];
    if (webSite) site = new StaticSite(webSite);

    const clients: Clients = {
      dynamodb: new DynamoDBClient({
        endpoint: dynamodb.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      }),
      sqs: new SQSClient({
        endpoint: fauxqs.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        // Every event source mapping holds long polls open (two per audience queue): more than the default 50 sockets.
        requestHandler: { httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 1024 }) },
      }),
      sns: new SNSClient({ endpoint: fauxqs.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    };
    stoppers.push(async () => {
      clients.dynamodb.destroy();
      clients.sqs.destroy();
      clients.sns.destroy();
    });

    const resolver = new TemplateResolver(template, {
      region: LOCAL_REGION,
      accountId: ACCOUNT_ID,
      stackName: 'local',
    });
    await provisionResources(template, resolver, clients);
    for (const [id] of resourcesOfType(template, 'AWS::ApiGateway::RestApi')) {
      resolver.define(id, { ref: 'local', attributes: { RootResourceId: 'root' } });
    }
    for (const [id, stage] of resourcesOfType(template, 'AWS::ApiGateway::Stage')) {
      resolver.define(id, { ref: String(stage.Properties?.StageName ?? id), attributes: {} });
    }

    const skipped = new Set(notEmulated.map((n) => n.logicalId));
    const wrappers = await bundleFaults(template, options, path.join(options.workDir, 'faults'));
    const functions = createFunctions(template, resolver, assemblyDir, logDir, options, skipped, wrappers, {
      dynamodb: dynamodb.endpoint,
      sqs: fauxqs.endpoint,
      sns: fauxqs.endpoint,
    });
    stoppers.push(async () => {
      await Promise.all([...functions.values()].map((fn) => fn.stop()));
    });
    await Promise.all([...functions.values()].map((fn) => fn.warm()));

    const restApi = readRestApi(template, resolver, (arn) => functionOfArn(arn, functions));
    if (!restApi) throw new Error('The template has no REST API');
    const mappings = readEventSourceMappings(template, resolver, functions);
    for (const mapping of mappings.queues) {
      const poller = new SqsPoller(clients.sqs, mapping, LOCAL_REGION, onError);
      poller.start();
      stoppers.push(() => poller.stop());
    }
    const streams = new DynamoDBStreamsClient({
      endpoint: dynamodb.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    stoppers.push(async () => streams.destroy());
    // Each shard's position is kept beside the data it points into, so that a restart resumes there.
    const checkpointDir = path.join(options.dataDir ?? options.workDir, 'stream-checkpoints');
    for (const mapping of mappings.streams) {
      const poller = new StreamPoller(streams, clients.sqs, mapping, LOCAL_REGION, checkpointDir, onError);
      poller.start();
      stoppers.push(() => poller.stop());
    }
    const stopSchedules = startSchedules(template, resolver, (arn) => functionOfArn(arn, functions), {
      region: LOCAL_REGION,
      ...(options.schedulePeriodSeconds ? { periodOverrideSeconds: options.schedulePeriodSeconds } : {}),
      onError,
    });
    stoppers.push(stopSchedules);
    // The API's base URL is this gateway's, which serves the contract's paths at its root, and
    // the web app's is its root too: here the gateway is the distribution's one origin.
    const gatewayOutputs: Record<string, string> = { ApiUrl: url, WebUrl: `${url}/` };
    const outputs = Object.fromEntries(
      Object.entries(template.Outputs ?? {}).map(([key, output]) => [
        key,
        gatewayOutputs[key] ?? resolver.resolveString(output.Value),
      ]),
    );
    const gatewayOptions = {
      ...(options.maxRequestBodyBytes ? { maxBodyBytes: options.maxRequestBodyBytes } : {}),
      ...(options.methodThrottles ? { throttleOverrides: options.methodThrottles } : {}),
    };
    const routeKeys = restApi.methods.map((m) => `${m.httpMethod} ${m.resourcePath}`);
    const cloud: LocalCloud = {
      url,
      port,
      region: LOCAL_REGION,
      endpoints: { dynamodb: dynamodb.endpoint, sqs: fauxqs.endpoint, sns: fauxqs.endpoint },
      outputs,
      routeKeys,
      webUrl: site ? `${url}/` : undefined,
      notEmulated,
      functions,
      invocations: () => Object.fromEntries([...functions].map(([id, fn]) => [id, fn.usage.invocations])),
      stop: stopAll,
    };
    await options.prepare?.(cloud);
    gateway = new HttpGateway(restApi, gatewayOptions);
    return cloud;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startDynamo(options: LocalCloudOptions, logDir: string): Promise<DynamoDbLocal> {
  const emulatorDir = ensureDynamoDbLocal(options.cacheDir);
  return startDynamoDbLocal({
    emulatorDir,
    port: await freePort(),
    ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'dynamodb') } : {}),
    logFile: path.join(logDir, 'dynamodb-local.log'),
  });
}

function wrapperOf(wrappers: ReadonlyMap<string, string>, id: string): { wrapperPath?: string } {
  const wrapperPath = wrappers.get(id);
  return wrapperPath ? { wrapperPath } : {};
}

/** Bundles each function's fault module, if it has one: logical id → the bundle's path. */
async function bundleFaults(
  template: CfnTemplate,
  options: LocalCloudOptions,
  outDir: string,
): Promise<Map<string, string>> {
  const wrappers = new Map<string, string>();
  if (!options.functionFaults) return wrappers;
  const bundles = new Map<string, Promise<string>>();
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const source = options.functionFaults(id);
    if (!source) continue;
    let bundle = bundles.get(source);
    if (!bundle) {
      const outfile = path.join(outDir, `${path.basename(source).replace(/\.[cm]?ts$/, '')}.mjs`);
      bundle = build({
        entryPoints: [source],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'warning',
        // Bundled AWS SDK code calls require(); an ES module has none unless it is made.
        banner: {
          js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        },
      }).then(() => outfile);
      bundles.set(source, bundle);
    }
    wrappers.set(id, await bundle);
  }
  return wrappers;
}

function createFunctions(
  template: CfnTemplate,
  resolver: TemplateResolver,
  assemblyDir: string,
  logDir: string,
  options: LocalCloudOptions,
  skipped: ReadonlySet<string>,
  wrappers: ReadonlyMap<string, string>,
  endpoints: { dynamodb: string; sqs: string; sns: string },
): Map<string, LambdaFunction> {
  const functions = new Map<string, LambdaFunction>();
  const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const arn = `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT_ID}:function:${id}`;
    resolver.define(id, { ref: id, attributes: { Arn: arn } });
  }
  // A KMS signing key stands in as a key file kept with the cloud's data (so a restart signs with
  // the same key); a function naming the key gets the file too, as <VARIABLE>_LOCAL_FILE.
  const keyFiles = new Map<string, string>();
  for (const [id] of resourcesOfType(template, 'AWS::KMS::Key')) {
    const ref = `local-kms-${id}`;
    keyFiles.set(ref, path.join(options.dataDir ?? options.workDir, 'kms', `${id}.pem`));
    resolver.define(id, { ref, attributes: { Arn: `arn:aws:kms:${LOCAL_REGION}:${ACCOUNT_ID}:key/${ref}` } });
  }
  for (const [id, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    if (skipped.has(id)) continue;
    const props = resource.Properties ?? {};
    if (!String(props.Runtime ?? '').startsWith('nodejs'))
      throw new Error(`${id} runs ${String(props.Runtime)}; the local cloud runs Node.js functions only`);
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string')
      throw new Error(`${id} has no bundled asset; the local cloud runs bundles only`);
    const variables = resolver.resolve(
      (props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
    ) as Record<string, string>;
    const memoryMb = Number(props.MemorySize ?? 128);
    const keyFileVariables = Object.fromEntries(
      Object.entries(variables).flatMap(([name, value]) => {
        const file = keyFiles.get(value);
        return file ? [[`${name}_LOCAL_FILE`, file]] : [];
      }),
    );
    const environment: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SNS: endpoints.sns,
      AWS_LAMBDA_FUNCTION_NAME: id,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...variables,
      ...keyFileVariables,
      ...options.functionEnvironment?.(id),
    };
    // Lambda shares a function's concurrency among its event sources, each within its own maximum;
    // a few worker threads stand in for it (the inbox writer has 41 sources).
    const concurrency = Math.min(
      4,
      mappings
        .filter(([, m]) => (m.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref === id)
        .reduce(
          (sum, [, m]) =>
            sum +
            Number(
              (m.Properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)
                ?.MaximumConcurrency ?? 5,
            ),
          0,
        ),
    );
    const log = createWriteStream(path.join(logDir, `${id}.log`), { flags: 'a' });
    functions.set(
      id,
      new LambdaFunction(
        {
          logicalId: id,
          codeDir: path.join(assemblyDir, assetPath),
          handler: String(props.Handler ?? 'index.handler'),
          timeoutSeconds: Number(props.Timeout ?? 3),
          memoryMb,
          environment,
          ...wrapperOf(wrappers, id),
        },
        concurrency || 8,
        { region: LOCAL_REGION, accountId: ACCOUNT_ID },
        log,
      ),
    );
  }
  return functions;
}

function functionOfArn(arn: string, functions: Map<string, LambdaFunction>): LambdaFunction {
  const name = /function:([^/:]+)/.exec(arn)?.[1] ?? '';
  const fn = functions.get(name);
  if (!fn) throw new Error(`No local function for ${arn}`);
  return fn;
}

function readEventSourceMappings(
  template: CfnTemplate,
  resolver: TemplateResolver,
  functions: Map<string, LambdaFunction>,
): { queues: EventSourceMapping[]; streams: StreamEventSourceMapping[] } {
  const queues: EventSourceMapping[] = [];
  const streams: StreamEventSourceMapping[] = [];
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const props = resource.Properties ?? {};
    const sourceArn = resolver.resolveString(props.EventSourceArn);
    const fn = functions.get(resolver.resolveString(props.FunctionName));
    if (!fn) throw new Error(`${logicalId}: unknown function`);
    const reportBatchItemFailures = ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
      'ReportBatchItemFailures',
    );
    const batchingWindowSeconds = Number(props.MaximumBatchingWindowInSeconds ?? 0);
    const physical = [...resolver.physical.values()];
    const queue = physical.find((p) => p.attributes.Arn === sourceArn && p.attributes.QueueUrl);
    if (queue) {
      queues.push({
        logicalId,
        fn,
        queueUrl: queue.ref,
        queueArn: sourceArn,
        batchSize: Number(props.BatchSize ?? 10),
        batchingWindowSeconds,
        maxConcurrency: Number(
          (props.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 5,
        ),
        reportBatchItemFailures,
      });
      continue;
    }
    if (!physical.some((p) => p.attributes.StreamArn === sourceArn))
      throw new Error(
        `${logicalId}: the local cloud polls SQS queues and DynamoDB streams only (${sourceArn})`,
      );
    const filters = (props.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)?.Filters ?? [];
    const onFailure = (props.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
      ?.OnFailure?.Destination;
    const onFailureArn = onFailure ? resolver.resolveString(onFailure) : undefined;
    const onFailureQueue = physical.find((p) => p.attributes.Arn === onFailureArn && p.attributes.QueueUrl);
    if (onFailureArn && !onFailureQueue)
      throw new Error(
        `${logicalId}: the local cloud sends failed batches to SQS queues only (${onFailureArn})`,
      );
    streams.push({
      logicalId,
      fn,
      streamArn: sourceArn,
      startingPosition: props.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      batchSize: Number(props.BatchSize ?? 100),
      batchingWindowSeconds,
      filters: filters.map((f) => JSON.parse(f.Pattern) as unknown),
      bisectBatchOnError: props.BisectBatchOnFunctionError === true,
      reportBatchItemFailures,
      maximumRetryAttempts: Number(props.MaximumRetryAttempts ?? -1),
      ...(onFailureQueue ? { onFailureQueueUrl: onFailureQueue.ref } : {}),
    });
  }
  return { queues, streams };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
