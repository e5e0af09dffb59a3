import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../build-app.ts';
import type { CfnTemplate } from './template.ts';
import type { AssetManifest } from './web-site.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What the synthesized app is made from: a change to any of these synthesizes it again. */
const INPUTS = ['functions', 'shared', 'config', 'infra', 'web/dist', 'package-lock.json'];
/** Assemblies kept besides the current one, for other checkouts of other commits. */
const KEPT = 4;

export interface Synthesized {
  /** The assembly's folder: its template, its bundled functions and its staged files. */
  readonly dir: string;
  readonly template: CfnTemplate;
  readonly assets: AssetManifest;
}

/**
 * The CDK app synthesized for a stage, reused from the cache while none of its sources changed:
 * bundling every function takes most of a local cloud's start, and the tests start several. A
 * new assembly is synthesized to a folder of its own and renamed into place, so clouds starting
 * side by side never read a half-written one.
 */
export function synthesizedApp(cacheDir: string, stage: string): Synthesized {
  const root = path.join(cacheDir, 'assemblies');
  const dir = path.join(root, `${stage}-${sourceHash(stage)}`);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const temp = `${dir}.${process.pid}.${Date.now()}`;
    synthesize(temp, stage);
    try {
      renameSync(temp, dir);
    } catch {
      // Another cloud renamed the same assembly into place first.
      rmSync(temp, { recursive: true, force: true });
    }
    prune(root, dir);
  }
  return { dir, ...readAssembly(dir) };
}

function synthesize(outdir: string, stage: string): void {
  // The CLI sets this itself; the local cloud finds each bundle through it.
  const context = { stage, 'aws:cdk:enable-asset-metadata': true };
  buildApp(new App({ outdir, context })).app.synth();
}

function readAssembly(dir: string): { template: CfnTemplate; assets: AssetManifest } {
  const stacks = new CloudAssembly(dir).stacksRecursively;
  if (stacks.length !== 1) throw new Error(`${dir} holds ${stacks.length} stacks; the local cloud runs one`);
  const [artifact] = stacks;
  if (!artifact) throw new Error(`${dir} holds no stack`);
  // Where each file asset (the web app's files among them) was staged in the assembly.
  const manifest = artifact.dependencies.find((d) => d.manifest.type === 'cdk:asset-manifest');
  const file = (manifest?.manifest.properties as { file?: string } | undefined)?.file;
  const assets = file ? (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as AssetManifest) : {};
  return { template: artifact.template as CfnTemplate, assets };
}

/** A hash of every input file's path and contents, and the stage. */
function sourceHash(stage: string): string {
  const hash = createHash('sha256').update(stage);
  const visit = (relative: string) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        visit(path.join(relative, name));
      }
      return;
    }
    hash.update(`\u0000${relative}\u0000`).update(readFileSync(full));
  };
  for (const input of INPUTS) visit(input);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Keeps the newest few assemblies. A folder another cloud is writing (its name ends in a pid and a
 * time) is left alone, unless it is an hour old: what a cloud killed while synthesizing leaves.
 */
function prune(root: string, current: string): void {
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    const started = /\.\d+\.(\d+)$/.exec(name)?.[1];
    if (started && Date.now() - Number(started) > 3_600_000)
      rmSync(path.join(root, name), { recursive: true, force: true });
  }
  const finished = readdirSync(root)
    .filter((name) => /^[a-z]+-[0-9a-f]{16}$/.test(name) && path.join(root, name) !== current)
    .map((name) => ({ name, at: statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of finished.slice(KEPT))
    rmSync(path.join(root, name), { recursive: true, force: true });
}
