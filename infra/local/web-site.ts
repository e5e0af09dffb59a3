import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type CfnTemplate, resourcesOfType } from './template.ts';

/** The part of a cloud assembly's asset manifest that says where each file asset was staged. */
export interface AssetManifest {
  readonly files?: Record<
    string,
    {
      readonly source: { readonly path?: string; readonly packaging?: string };
      readonly destinations: Record<string, { readonly objectKey: string }>;
    }
  >;
}

/** A resource of the template the local cloud knowingly does not run, and why. */
export interface NotEmulated {
  readonly logicalId: string;
  readonly reason: string;
}

interface SiteFile {
  readonly body: Buffer;
  /** Present when CloudFront would compress it for a client that accepts gzip. */
  readonly gzipped?: Buffer;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface WebSiteDefinition {
  /** Object key → file, as the deployments leave the bucket. */
  readonly files: ReadonlyMap<string, SiteFile>;
  /** The distribution's DefaultRootObject: what `/` answers. */
  readonly rootObject: string;
  /** Path patterns of the behaviours that go to the API rather than to the bucket. */
  readonly apiPathPatterns: readonly string[];
  /** Headers the distribution's response headers policy adds to every answer. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** The functions of the template that only serve deployments (the BucketDeployment handler). */
  readonly notEmulated: readonly NotEmulated[];
}

/** CloudFront compresses only files of this size or more (and at most 10 MB). */
const MIN_COMPRESSED_BYTES = 1_000;
const MAX_COMPRESSED_BYTES = 10_000_000;

/** Media types by extension, as the deployment's `aws s3 sync` labels objects. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};
/** S3's own label for what it cannot name. */
const UNKNOWN_TYPE = 'binary/octet-stream';

/** The media types CloudFront compresses (a subset of its list: those a web app ships). */
const COMPRESSIBLE = new Set([
  'text/html',
  'text/javascript',
  'text/css',
  'text/plain',
  'application/json',
  'application/manifest+json',
  'application/xml',
  'image/svg+xml',
  'image/vnd.microsoft.icon',
  'font/ttf',
  'font/otf',
]);

/** Object metadata a deployment sets (SystemMetadata) that S3 answers as response headers. */
const METADATA_HEADERS = ['cache-control', 'content-type', 'content-language', 'content-disposition'];

interface Deployment {
  readonly logicalId: string;
  readonly serviceToken: string | undefined;
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly sourceDirs: readonly string[];
  readonly exclude: readonly string[];
  readonly include: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly dependsOn: readonly string[];
}

/**
 * The site the template deploys, read as CloudFront would serve it: the files each
 * Custom::CDKBucketDeployment copies from its source asset into the distribution's bucket (with the
 * deployment's include/exclude filters, key prefix and object metadata), the distribution's default
 * root object, the behaviours that go to the API, and its response headers policy. Undefined when
 * the template deploys no site. What cannot be read is an error, not a guess.
 */
export function readWebSite(
  template: CfnTemplate,
  assets: AssetManifest,
  assemblyDir: string,
): WebSiteDefinition | undefined {
  const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment').map(([id, resource]) =>
    readDeployment(id, resource.Properties ?? {}, resource.DependsOn, assets, assemblyDir),
  );
  if (deployments.length === 0) return undefined;
  const distribution = readDistribution(template);
  const buckets = new Set(deployments.map((d) => d.bucket));
  const bucket = distribution?.bucket ?? (buckets.size === 1 ? [...buckets][0] : undefined);
  if (!bucket)
    throw new Error(
      `Deployments fill ${buckets.size} buckets and no distribution says which one is the site`,
    );

  const files = new Map<string, SiteFile>();
  for (const deployment of inDeploymentOrder(deployments.filter((d) => d.bucket === bucket))) {
    for (const dir of deployment.sourceDirs) {
      for (const relative of filesUnder(dir)) {
        if (!passesFilters(relative, deployment.exclude, deployment.include)) continue;
        const key = `${deployment.keyPrefix}${relative}`;
        files.set(key, siteFile(readFileSync(path.join(dir, relative)), relative, deployment.metadata));
      }
    }
  }

  const handlerIds = new Set(deployments.flatMap((d) => (d.serviceToken ? [d.serviceToken] : [])));
  const notEmulated = [...handlerIds].map((logicalId) => ({
    logicalId,
    reason:
      "the BucketDeployment's handler (it copies the site into S3); the gateway serves those files itself",
  }));
  return {
    files,
    rootObject: distribution?.rootObject ?? 'index.html',
    apiPathPatterns: distribution?.apiPathPatterns ?? ['/v1/*'],
    responseHeaders: distribution?.responseHeaders ?? {},
    notEmulated,
  };
}

function readDeployment(
  logicalId: string,
  props: Record<string, unknown>,
  dependsOn: string | string[] | undefined,
  assets: AssetManifest,
  assemblyDir: string,
): Deployment {
  if (props.Extract === false)
    throw new Error(`${logicalId}: the local cloud serves extracted deployments only`);
  if (props.SourceMarkers || props.SourceMarkersConfig) {
    const markers = [props.SourceMarkers ?? []].flat() as Record<string, unknown>[];
    if (markers.some((m) => m && Object.keys(m).length > 0))
      throw new Error(`${logicalId}: the local cloud does not substitute deploy-time values into files`);
  }
  const objectKeys = (props.SourceObjectKeys as unknown[] | undefined) ?? [];
  const sourceDirs = objectKeys.map((objectKey) => {
    const entry = Object.values(assets.files ?? {}).find((file) =>
      Object.values(file.destinations).some((d) => d.objectKey === objectKey),
    );
    if (!entry?.source.path || entry.source.packaging === 'file')
      throw new Error(`${logicalId}: no staged directory for the source ${String(objectKey)}`);
    return path.join(assemblyDir, entry.source.path);
  });
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries((props.SystemMetadata ?? {}) as Record<string, unknown>)) {
    if (METADATA_HEADERS.includes(name.toLowerCase())) metadata[name.toLowerCase()] = String(value);
  }
  const prefix = typeof props.DestinationBucketKeyPrefix === 'string' ? props.DestinationBucketKeyPrefix : '';
  return {
    logicalId,
    serviceToken: logicalIdOf(props.ServiceToken),
    bucket: logicalIdOf(props.DestinationBucketName) ?? String(props.DestinationBucketName),
    keyPrefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    sourceDirs,
    exclude: ((props.Exclude as string[] | undefined) ?? []).map(String),
    include: ((props.Include as string[] | undefined) ?? []).map(String),
    metadata,
    dependsOn: [dependsOn ?? []].flat(),
  };
}

/** The logical id a `Ref` or `Fn::GetAtt` names. */
function logicalIdOf(value: unknown): string | undefined {
  const v = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown } | undefined;
  if (typeof v?.Ref === 'string') return v.Ref;
  const getAtt = v?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Deployments in the order CloudFormation runs them: one that depends on another after it. */
function inDeploymentOrder(deployments: readonly Deployment[]): Deployment[] {
  const ids = new Set(deployments.map((d) => d.logicalId));
  const depth = (d: Deployment, seen = new Set<string>()): number => {
    if (seen.has(d.logicalId)) return 0;
    seen.add(d.logicalId);
    const before = d.dependsOn.filter((id) => ids.has(id));
    return before.length === 0
      ? 0
      : 1 +
          Math.max(
            ...before.map((id) => depth(deployments.find((x) => x.logicalId === id) as Deployment, seen)),
          );
  };
  return [...deployments].sort((a, b) => depth(a) - depth(b));
}

/**
 * `aws s3 sync --exclude … --include …` as the deployment runs it: every file is in unless a filter
 * says otherwise, excludes are given before includes, and the last filter that matches decides.
 */
export function passesFilters(relative: string, exclude: readonly string[], include: readonly string[]) {
  let passes = true;
  for (const pattern of exclude) if (globMatches(pattern, relative)) passes = false;
  for (const pattern of include) if (globMatches(pattern, relative)) passes = true;
  return passes;
}

/** The CLI's filter patterns: `*` is any run of characters (slashes included), `?` one character. */
function globMatches(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** Every file below a directory, as slash-separated paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return filesUnder(dir, relative);
    return entry.isFile() || statSync(path.join(dir, relative)).isFile() ? [relative] : [];
  });
}

function siteFile(body: Buffer, relative: string, metadata: Readonly<Record<string, string>>): SiteFile {
  const contentType =
    metadata['content-type'] ?? CONTENT_TYPES[path.extname(relative).toLowerCase()] ?? UNKNOWN_TYPE;
  const compressible =
    COMPRESSIBLE.has(contentType.split(';')[0]?.trim() ?? '') &&
    body.length >= MIN_COMPRESSED_BYTES &&
    body.length <= MAX_COMPRESSED_BYTES;
  return {
    body,
    ...(compressible ? { gzipped: gzipSync(body, { level: 9 }) } : {}),
    // S3's ETag of an object uploaded in one part: the MD5 of its bytes.
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    headers: { ...metadata, 'content-type': contentType },
  };
}

interface Distribution {
  readonly bucket: string | undefined;
  readonly rootObject: string | undefined;
  readonly apiPathPatterns: readonly string[];
  readonly responseHeaders: Readonly<Record<string, string>>;
}

/** The one CloudFront distribution of the template, if any: which bucket it serves, and the rest. */
function readDistribution(template: CfnTemplate): Distribution | undefined {
  const distributions = resourcesOfType(template, 'AWS::CloudFront::Distribution');
  if (distributions.length === 0) return undefined;
  if (distributions.length > 1) throw new Error('The local cloud serves one distribution per template');
  const config = (distributions[0]?.[1].Properties?.DistributionConfig ?? {}) as {
    DefaultRootObject?: string;
    Origins?: { Id: string; DomainName: unknown; S3OriginConfig?: unknown }[];
    DefaultCacheBehavior?: { TargetOriginId: string; ResponseHeadersPolicyId?: unknown };
    CacheBehaviors?: { PathPattern: string; TargetOriginId: string }[];
  };
  const origins = config.Origins ?? [];
  const bucketOf = (originId: string | undefined) => {
    const origin = origins.find((o) => o.Id === originId);
    const id = logicalIdOf(origin?.DomainName);
    return id && template.Resources[id]?.Type === 'AWS::S3::Bucket' ? id : undefined;
  };
  const defaultBehaviour = config.DefaultCacheBehavior;
  const bucket = bucketOf(defaultBehaviour?.TargetOriginId);
  if (!bucket)
    throw new Error("The distribution's default behaviour does not serve a bucket of the template");
  const apiPathPatterns = (config.CacheBehaviors ?? [])
    .filter((b) => bucketOf(b.TargetOriginId) === undefined)
    .map((b) => b.PathPattern);
  return {
    bucket,
    rootObject: config.DefaultRootObject,
    apiPathPatterns,
    responseHeaders: responseHeadersOf(template, logicalIdOf(defaultBehaviour?.ResponseHeadersPolicyId)),
  };
}

/** The headers a response headers policy of the template sets on every answer. */
function responseHeadersOf(template: CfnTemplate, policyId: string | undefined): Record<string, string> {
  const policy = policyId ? template.Resources[policyId] : undefined;
  if (!policy) return {};
  const config = (policy.Properties?.ResponseHeadersPolicyConfig ?? {}) as {
    SecurityHeadersConfig?: {
      ContentSecurityPolicy?: { ContentSecurityPolicy: string };
      StrictTransportSecurity?: {
        AccessControlMaxAgeSec: number;
        IncludeSubdomains?: boolean;
        Preload?: boolean;
      };
      ContentTypeOptions?: unknown;
      FrameOptions?: { FrameOption: string };
      ReferrerPolicy?: { ReferrerPolicy: string };
      XSSProtection?: { Protection: boolean; ModeBlock?: boolean };
    };
    CustomHeadersConfig?: { Items?: { Header: string; Value: string }[] };
  };
  const security = config.SecurityHeadersConfig ?? {};
  const headers: Record<string, string> = {};
  if (security.ContentSecurityPolicy)
    headers['content-security-policy'] = security.ContentSecurityPolicy.ContentSecurityPolicy;
  if (security.StrictTransportSecurity) {
    const hsts = security.StrictTransportSecurity;
    headers['strict-transport-security'] = [
      `max-age=${hsts.AccessControlMaxAgeSec}`,
      ...(hsts.IncludeSubdomains ? ['includeSubDomains'] : []),
      ...(hsts.Preload ? ['preload'] : []),
    ].join('; ');
  }
  if (security.ContentTypeOptions) headers['x-content-type-options'] = 'nosniff';
  if (security.FrameOptions) headers['x-frame-options'] = security.FrameOptions.FrameOption;
  if (security.ReferrerPolicy) headers['referrer-policy'] = security.ReferrerPolicy.ReferrerPolicy;
  if (security.XSSProtection)
    headers['x-xss-protection'] = security.XSSProtection.Protection
      ? `1${security.XSSProtection.ModeBlock ? '; mode=block' : ''}`
      : '0';
  for (const item of config.CustomHeadersConfig?.Items ?? []) headers[item.Header.toLowerCase()] = item.Value;
  return headers;
}

export interface SiteAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** CloudFront's path patterns: `*` any run of characters, `?` one; case matters. */
function pathPatternMatches(pattern: string, pathname: string): boolean {
  return globMatches(pattern.startsWith('/') ? pattern : `/${pattern}`, pathname);
}

/**
 * Serves the site's files as CloudFront in front of the bucket would: GET and HEAD only, the
 * object's own metadata as headers, its S3 ETag and 304 on a matching If-None-Match, gzip for a
 * client that accepts it, 404 for a key the bucket does not hold. A request names a key, never a
 * file: the answer comes from the map read at start, so no path can leave the site.
 */
export class StaticSite {
  constructor(private readonly site: WebSiteDefinition) {}

  /** Whether a path goes to the bucket (the default behaviour) rather than to the API. */
  serves(rawPath: string): boolean {
    const pathname = rawPath.split('?')[0] ?? '/';
    return !this.site.apiPathPatterns.some((pattern) => pathPatternMatches(pattern, pathname));
  }

  /** The headers of the response headers policy, for every answer through the distribution. */
  get responseHeaders(): Readonly<Record<string, string>> {
    return this.site.responseHeaders;
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const answer = this.answer(request.method ?? 'GET', request.url ?? '/', request.headers);
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  }

  /** The answer to a request for a path: status, headers and the bytes to send (none for HEAD or 304). */
  answer(
    httpMethod: string,
    url: string,
    requestHeaders: Readonly<Record<string, string | string[] | undefined>>,
  ): SiteAnswer {
    const method = httpMethod.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD')
      return this.error(403, 'This path answers GET and HEAD only.', { allow: 'GET, HEAD' });
    const key = this.keyOf(url);
    if (key === 'invalid') return this.error(400, 'The path is not a file of this site.');
    const file = key === undefined ? undefined : this.site.files.get(key);
    if (!file) return this.error(404, 'No such file.');

    const headers: Record<string, string> = {
      ...this.site.responseHeaders,
      ...file.headers,
      etag: file.etag,
      ...(file.gzipped ? { vary: 'Accept-Encoding' } : {}),
    };
    if (etagMatches(requestHeaders['if-none-match'], file.etag)) {
      delete headers['content-type'];
      return { status: 304, headers };
    }
    const gzip = file.gzipped !== undefined && acceptsGzip(requestHeaders['accept-encoding']);
    const body = gzip && file.gzipped ? file.gzipped : file.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    return { status: 200, headers, ...(method === 'HEAD' ? {} : { body }) };
  }

  /**
   * The object key of a request path, undefined when it cannot name one, 'invalid' when it tries a
   * dot segment, a backslash or a NUL (never normalised into another key).
   */
  private keyOf(url: string): string | undefined | 'invalid' {
    const rawPath = url.split('?')[0] ?? '/';
    if (rawPath === '/' || rawPath === '') return this.site.rootObject;
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return 'invalid';
    }
    const segments = decoded.slice(1).split('/');
    if (segments.some((s) => s === '.' || s === '..' || s.includes('\\') || s.includes('\0')))
      return 'invalid';
    return segments.join('/');
  }

  private error(status: number, message: string, extra: Record<string, string> = {}): SiteAnswer {
    const body = Buffer.from(`${message}\n`);
    return {
      status,
      headers: {
        ...this.site.responseHeaders,
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(body.length),
        'cache-control': 'no-store',
        ...extra,
      },
      body,
    };
  }
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  return [header ?? '']
    .flat()
    .join(',')
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      if (coding !== 'gzip' && coding !== '*') return false;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return q === undefined || Number(q.slice(2)) > 0;
    });
}

function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const weak = (tag: string) => tag.trim().replace(/^W\//, '');
  return [header]
    .flat()
    .join(',')
    .split(',')
    .some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}
