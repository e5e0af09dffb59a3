import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../../../infra/local/template.ts';
import { passesFilters, readWebSite, StaticSite } from '../../../infra/local/web-site.ts';

const assemblyDir = mkdtempSync(path.join(tmpdir(), 'web-site-'));
afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

// A staged web app as the cloud assembly holds it: index.html, a large script, a small style sheet.
const staged = path.join(assemblyDir, 'asset.abc');
mkdirSync(path.join(staged, 'assets'), { recursive: true });
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"Tỉnh ${i}"`).join(',')}];\n`;
writeFileSync(path.join(staged, 'index.html'), '<!doctype html><title>Kết quả</title>');
writeFileSync(path.join(staged, 'assets', 'index-1a2b.js'), script);
writeFileSync(path.join(staged, 'assets', 'index-3c4d.css'), 'body{margin:0}');
writeFileSync(path.join(staged, 'robots.txt'), 'User-agent: *\n');
const assets = {
  files: { abc: { source: { path: 'asset.abc' }, destinations: { d: { objectKey: 'abc.zip' } } } },
};

const deployment = (props: Record<string, unknown>, dependsOn?: string[]) => ({
  Type: 'Custom::CDKBucketDeployment',
  Properties: {
    ServiceToken: { 'Fn::GetAtt': ['DeployHandler', 'Arn'] },
    SourceObjectKeys: ['abc.zip'],
    DestinationBucketName: { Ref: 'SiteBucket' },
    ...props,
  },
  ...(dependsOn ? { DependsOn: dependsOn } : {}),
});

const base: CfnTemplate = {
  Resources: {
    SiteBucket: { Type: 'AWS::S3::Bucket' },
    DeployHandler: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.13' } },
    HashedAssets: deployment({
      Exclude: ['*'],
      Include: ['assets/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    }),
    Pages: deployment({ Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } }, [
      'HashedAssets',
    ]),
  },
};

const withDistribution: CfnTemplate = {
  Resources: {
    ...base.Resources,
    OtherBucket: { Type: 'AWS::S3::Bucket' },
    Elsewhere: deployment({ DestinationBucketName: { Ref: 'OtherBucket' } }),
    Headers: {
      Type: 'AWS::CloudFront::ResponseHeadersPolicy',
      Properties: {
        ResponseHeadersPolicyConfig: {
          SecurityHeadersConfig: {
            ContentSecurityPolicy: { ContentSecurityPolicy: "default-src 'self'", Override: true },
            StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          },
        },
      },
    },
    Site: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          DefaultRootObject: 'index.html',
          Origins: [
            { Id: 'files', DomainName: { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] } },
            { Id: 'api', DomainName: 'abc.execute-api.ap-southeast-1.amazonaws.com', OriginPath: '/api' },
          ],
          DefaultCacheBehavior: { TargetOriginId: 'files', ResponseHeadersPolicyId: { Ref: 'Headers' } },
          CacheBehaviors: [{ PathPattern: '/v1/*', TargetOriginId: 'api' }],
        },
      },
    },
  },
};

function siteOf(template: CfnTemplate) {
  const definition = readWebSite(template, assets, assemblyDir);
  if (!definition) throw new Error('no site');
  return { definition, site: new StaticSite(definition) };
}

describe('readWebSite', () => {
  it('lays out the bucket as the deployments fill it, each file set with its own Cache-Control', () => {
    const { definition } = siteOf(base);
    expect([...definition.files.keys()].sort()).toEqual([
      'assets/index-1a2b.js',
      'assets/index-3c4d.css',
      'index.html',
      'robots.txt',
    ]);
    expect(definition.files.get('index.html')?.headers['cache-control']).toBe('no-cache');
    expect(definition.files.get('robots.txt')?.headers['cache-control']).toBe('no-cache');
    expect(definition.files.get('assets/index-1a2b.js')?.headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
  });

  it('names the deployment handler as not run here, and is absent without a deployment', () => {
    expect(siteOf(base).definition.notEmulated.map((n) => n.logicalId)).toEqual(['DeployHandler']);
    expect(readWebSite({ Resources: { SiteBucket: { Type: 'AWS::S3::Bucket' } } }, assets, assemblyDir)).toBe(
      undefined,
    );
  });

  it("serves the distribution's bucket, root object, API paths and response headers", () => {
    const { definition, site } = siteOf(withDistribution);
    expect(definition.apiPathPatterns).toEqual(['/v1/*']);
    expect(site.serves('/v1/health')).toBe(false);
    expect(site.serves('/v1/elections/x/results?provinceId=01')).toBe(false);
    expect(site.serves('/')).toBe(true);
    expect(site.serves('/assets/index-1a2b.js')).toBe(true);
    const answer = site.answer('GET', '/', {});
    expect(answer.headers).toMatchObject({
      'content-security-policy': "default-src 'self'",
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
  });

  it('refuses to guess which bucket is the site when deployments fill two and no distribution says', () => {
    const { Site: _site, Headers: _headers, ...twoBuckets } = withDistribution.Resources;
    expect(() => readWebSite({ Resources: twoBuckets }, assets, assemblyDir)).toThrow(
      /which one is the site/,
    );
  });

  it('refuses a source it cannot find in the assembly', () => {
    const broken = {
      Resources: { ...base.Resources, Pages: deployment({ SourceObjectKeys: ['nope.zip'] }) },
    };
    expect(() => readWebSite(broken, assets, assemblyDir)).toThrow(/no staged directory/);
  });
});

describe('passesFilters', () => {
  it('keeps everything by default; the last matching filter decides, includes after excludes', () => {
    expect(passesFilters('index.html', [], [])).toBe(true);
    expect(passesFilters('assets/a/b.js', ['*'], ['assets/*'])).toBe(true);
    expect(passesFilters('index.html', ['*'], ['assets/*'])).toBe(false);
    expect(passesFilters('assets/x.js', ['assets/*'], [])).toBe(false);
    expect(passesFilters('a?c', ['a?c'], [])).toBe(false);
    expect(passesFilters('abbc', ['a?c'], [])).toBe(true);
  });
});

describe('StaticSite', () => {
  const { site } = siteOf(withDistribution);

  it('answers / with the root object, its type, no-cache and an S3-style ETag', () => {
    const answer = site.answer('GET', '/?utm=1', {});
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(answer.body?.toString()).toContain('Kết quả');
  });

  it('answers 304 with no body to a matching If-None-Match, weak or in a list', () => {
    const { etag } = site.answer('GET', '/index.html', {}).headers;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = site.answer('GET', '/index.html', { 'if-none-match': ifNoneMatch });
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
      expect(again.headers.etag).toBe(etag);
    }
    expect(site.answer('GET', '/index.html', { 'if-none-match': '"other"' }).status).toBe(200);
  });

  it('gzips a compressible file of 1,000 bytes or more for a client that accepts it, as CloudFront does', () => {
    const plain = site.answer('GET', '/assets/index-1a2b.js', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    const gzipped = site.answer('GET', '/assets/index-1a2b.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(gzipped.headers['content-length'])).toBeLessThan(script.length / 2);
    expect(gunzipSync(gzipped.body ?? Buffer.alloc(0)).toString()).toBe(script);
    expect(
      site.answer('GET', '/assets/index-1a2b.js', { 'accept-encoding': 'gzip;q=0, br' }).headers[
        'content-encoding'
      ],
    ).toBeUndefined();
    // Under 1,000 bytes CloudFront sends the file as it is.
    const small = site.answer('GET', '/assets/index-3c4d.css', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers['content-type']).toBe('text/css');
  });

  it('answers HEAD with the headers only', () => {
    const head = site.answer('HEAD', '/assets/index-1a2b.js', {});
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(script));
  });

  it('refuses dot segments, backslashes, NULs and broken escapes instead of normalising them', () => {
    for (const url of [
      '/assets/../index.html',
      '/assets/%2e%2e/index.html',
      '/%2E%2E/%2E%2E/package.json',
      '/assets/./index-1a2b.js',
      '/assets%5c..%5cindex.html',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      const answer = site.answer('GET', url, {});
      expect(answer.status, url).toBe(400);
      expect(answer.body?.toString()).not.toContain('Kết quả');
    }
  });

  it('answers 404 for a key the bucket does not hold, and 403 for other methods', () => {
    for (const url of ['/nope', '/assets/', '/assets', '/Index.html', '//index.html']) {
      expect(site.answer('GET', url, {}).status, url).toBe(404);
    }
    const post = site.answer('POST', '/index.html', {});
    expect(post.status).toBe(403);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
