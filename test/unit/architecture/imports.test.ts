import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers, and the one direction imports may run between them: the pure domain imports only
 * itself; adapters (DynamoDB, SQS, SNS, HTTP) and use cases build on the domain; handlers, the
 * stack and the tools sit on top. Nothing the system runs imports the tools (the generator, the
 * benchmarks, the tests).
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');

type Layer = 'domain' | 'adapter' | 'usecase' | 'entry' | 'tool' | 'test' | 'web';

const LAYER_OF: [prefix: string, layer: Layer][] = [
  ['shared/model/', 'domain'],
  ['shared/law/', 'domain'],
  ['shared/tabulation/', 'domain'],
  ['shared/events/', 'domain'],
  ['shared/checks/', 'domain'],
  ['shared/concurrency/', 'domain'],
  ['shared/store/', 'adapter'],
  ['shared/messaging/', 'adapter'],
  ['shared/http/', 'adapter'],
  ['shared/lambda/', 'adapter'],
  ['shared/credentials/', 'usecase'],
  ['shared/ingest/', 'usecase'],
  ['shared/aggregation/', 'usecase'],
  ['shared/notifications/', 'usecase'],
  ['shared/webhooks/', 'usecase'],
  ['shared/results/', 'usecase'],
  ['shared/transparency/', 'usecase'],
  ['shared/log/', 'domain'],
  ['shared/signing/', 'adapter'],
  ['config/', 'domain'],
  ['functions/', 'entry'],
  // The local stand-ins for AWS are a tool of this machine, never deployed.
  ['infra/local/', 'tool'],
  ['infra/', 'entry'],
  ['shared/generator/', 'tool'],
  ['scripts/', 'tool'],
  ['test/', 'test'],
  ['web/', 'web'],
];

/** Which layers each layer may import. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  domain: ['domain'],
  adapter: ['domain', 'adapter'],
  usecase: ['domain', 'adapter', 'usecase'],
  entry: ['domain', 'adapter', 'usecase', 'entry'],
  tool: ['domain', 'adapter', 'usecase', 'entry', 'tool', 'web'],
  // Tests may use anything; nothing that ships or measures depends on a test.
  test: ['domain', 'adapter', 'usecase', 'entry', 'tool', 'test', 'web'],
  // The web app runs the domain's own rules; it never reaches an adapter or a use case.
  web: ['domain', 'web'],
};

function layerOf(file: string): Layer | undefined {
  return LAYER_OF.find(([prefix]) => file.startsWith(prefix))?.[1];
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx)$/.test(name)) out.push(rel);
  }
  return out;
}

/** Every relative import of every source file, resolved to a path from the root. */
function imports(): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const file of ['shared', 'config', 'functions', 'infra', 'scripts', 'test', 'web'].flatMap(sources)) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] ?? ''));
      edges.push({ from: file, to: target });
    }
  }
  return edges;
}

describe('the layers', () => {
  const edges = imports();

  it('finds the imports it judges', () => {
    // A guard on the guard: a broken pattern would find nothing and pass everything.
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'functions/post-report/index.ts', to: 'shared/http/handler.ts' });
  });

  it('run one way only: no import reaches a layer above its own', () => {
    const wrong = edges
      .map(({ from, to }) => ({ from, to, a: layerOf(from), b: layerOf(to) }))
      .filter(({ a, b }) => a !== undefined && b !== undefined && !MAY_IMPORT[a].includes(b))
      .map(({ from, to, a, b }) => `${from} (${a}) → ${to} (${b})`);
    expect(wrong).toEqual([]);
  });
});
