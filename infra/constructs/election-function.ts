import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { type Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What the bundles take for the SDK's default credential chain (see the module). */
const ENV_CREDENTIALS = path.join(ROOT, 'shared', 'lambda', 'env-credentials.ts');

export interface ElectionFunctionProps {
  /** The folder under functions/ that holds the handler. */
  readonly folder: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The one name of a function: its folder under functions/ (post-report), and its construct id,
 * derived from it (PostReport), which begins its logical id. The API routes name their operationId
 * and folder together in config/api-routes.ts.
 */
export function constructIdOf(folder: string): string {
  return folder
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * A handler of functions/<folder>, bundled by the local esbuild (never Docker) as minified ESM with
 * source maps, on Node.js 22 / ARM64, with its own log group.
 */
export class ElectionFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, props: ElectionFunctionProps) {
    super(scope, constructIdOf(props.folder));
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // Its own role, allowed to write to its own log group and nothing else until grants are added.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, 'functions', props.folder, 'index.ts'),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      logGroup,
      role,
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        logLevel: LogLevel.WARNING,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // The SDK is bundled, not taken from the runtime: the code deployed is the code tested locally.
        externalModules: [],
        // A function's credentials are in its environment: the SDK's default chain is not bundled.
        esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': ENV_CREDENTIALS },
        // Some dependencies still call require(); ESM bundles need it defined.
        banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the code is built and tested for (target node22); upgrades are deliberate.',
    });
  }
}
