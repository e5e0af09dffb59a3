import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { rules } from 'cdk-nag';
import { Construct } from 'constructs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where `npm run build` writes the web app: index.html and hashed files under assets/. */
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

/** Files whose names change with their content: a browser may keep them for a year, unasked. */
export const HASHED_ASSETS_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Everything else (index.html first of all) is revalidated on every load, so a deploy shows at once. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** The built web app, or a clear error telling how to build it: synthesis cannot ship what is not there. */
export function webAppSource(dir = WEB_DIST): string {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(
      `The web app is not built (${path.relative(process.cwd(), dir) || dir}/index.html is missing): run \`npm run build\` first.`,
    );
  }
  return dir;
}

/**
 * The headers every answer of the site carries, beside the page's own Content-Security-Policy
 * (a meta element of index.html): what only a header can say — framing, transport, sniffing.
 */
export const SITE_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

export interface WebSiteProps {
  /** The API that CloudFront serves under /v1/*, so that the page and the API share one origin. */
  readonly api: RestApi;
}

/**
 * The dashboard: a private, encrypted bucket that only the deployment writes, filled from web/dist
 * by two deployments of the same asset so that each file set gets its own Cache-Control — hashed
 * assets immutable, the rest (index.html) no-cache — read by CloudFront through origin access
 * control, with /v1/* sent on to the API uncached, every header (Authorization, If-None-Match)
 * passed through and every answer's ETag and Cache-Control left as the API wrote them.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const source = Source.asset(webAppSource());
    // Access logs are kept in every stage, as long as the API's are needed for an audit of the night.
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL grant; S3's server access logs by policy.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access log bucket itself; logging its own accesses would log without end.',
    });
    // The files are rebuilt by every deploy; the bucket is kept (never emptied by a stack update)
    // so that a replaced deployment can never leave the site without its files.
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket as IBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A Bucket is an IBucket; only exactOptionalPropertyTypes tells `isWebsite?: boolean` apart.
    const destinationBucket = this.bucket as IBucket;
    // Hashed assets first and never pruned: a browser still holding the previous index.html can
    // load what it names while the new one is being deployed.
    const assets = new BucketDeployment(this, 'HashedAssets', {
      sources: [source],
      destinationBucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString(HASHED_ASSETS_CACHE_CONTROL)],
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [source],
      destinationBucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentHandler(this, assets);

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Election dashboard: no framing, HTTPS only, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    // A published results version never changes: the edge keeps it as long as the API says
    // (s-maxage), under a key that holds the bearer's token, so one bearer's answer serves only them.
    const versionsCache = new CachePolicy(this, 'ResultsVersionsCache', {
      comment: 'Published results versions, per bearer',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.allowList('provinceId'),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const api = new RestApiOrigin(props.api);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Election dashboard and its API on one origin',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Viewers are in Việt Nam: the edge locations of Asia are in every price class but the first.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket as IBucket,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(destinationBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        '/v1/elections/*/results/versions/*': {
          origin: api,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: versionsCache,
          responseHeadersPolicy: headers,
          compress: true,
        },
        '/v1/*': {
          origin: api,
          // Answers belong to one bearer each: nothing is kept at the edge, the API's own ETags
          // make an unchanged read a 304. With caching off, every viewer header but Host (the
          // API's own) is passed on — Authorization and If-None-Match among them.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geographic restriction: officials travel, observers read from abroad, and every read needs a bearer token.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          "A CloudFront web ACL lives in us-east-1 only; the API's regional web ACL and its throttles still judge every /v1 request, the static files are public by design.",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution uses CloudFront's own *.cloudfront.net certificate, whose viewer policy CloudFront fixes; a custom domain with its own certificate would set TLSv1.2_2021.",
      },
    );
    new CfnOutput(Stack.of(this), 'WebUrl', {
      description: 'The dashboard; its API is the same origin under /v1/',
      value: `https://${this.distribution.distributionDomainName}/`,
    });
  }
}

/**
 * BucketDeployment runs one handler per stack (a singleton aws-cdk-lib creates and maintains):
 * what cdk-nag finds there is the library's design, acknowledged finding by finding with why it
 * holds. Its wildcards are enumerated with cdk-nag's own rule and only S3 ones are acknowledged:
 * any other permission the handler might gain later still fails synthesis.
 */
function acknowledgeDeploymentHandler(scope: Construct, deployment: BucketDeployment): void {
  Validations.of(deployment.handlerRole).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "The BucketDeployment handler's role from aws-cdk-lib: AWS's basic execution policy only lets it write its own logs.",
  });
  const policy = deployment.handlerRole.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (policy instanceof CfnPolicy) {
    const findings = rules.iam.IAMNoWildcardPermissions(policy);
    const s3Findings = (Array.isArray(findings) ? findings : []).filter((finding) =>
      /^Action::s3:|^Resource::(arn:<AWS::Partition>:s3:::|<[^>]+\.Arn>\/\*$)/.test(finding),
    );
    Validations.of(policy).acknowledge(
      ...s3Findings.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'The BucketDeployment handler copies every file of the web app asset from the bootstrap assets bucket into the site bucket and prunes old ones: aws-cdk-lib grants it object-level wildcards in those two buckets only.',
      })),
    );
  }
  const handler = Stack.of(scope)
    .node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))
    ?.node.tryFindChild('Resource');
  if (handler) {
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "The BucketDeployment handler's Python runtime is chosen by aws-cdk-lib and upgraded with it; it runs at deploy time only.",
    });
  }
}
