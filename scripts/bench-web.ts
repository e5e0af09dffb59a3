import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page, Request } from 'playwright-core';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { lawfulFigures } from '../shared/generator/tallies.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import type { ElectionDefinition } from '../shared/model/election.ts';
import { launch } from '../test/browser/chromium.ts';
import { formatCount } from '../web/src/format.ts';

/**
 * `npm run bench:web [-- --scale 0.02 --reports 50 --poll 5]`: what the dashboard costs and how
 * fresh it is, in Debian's Chromium against a local cloud of its own — the first load's bytes and
 * requests against the budget, ten (mocked) minutes of unchanged data, and the time from a report's
 * 201 to its number on screen beside the time to its number in the API (the same reports, measured
 * side by side).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');
const ELECTION = 'bench-web';
const BUDGET = { firstLoadBytes: 150 * 1024, scriptBytes: 60 * 1024 };

interface Options {
  scale: number;
  reports: number;
  pollSeconds: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.02' },
      reports: { type: 'string', default: '50' },
      poll: { type: 'string', default: '5' },
    },
  });
  const options: Options = {
    scale: Number(values.scale),
    reports: Number(values.reports),
    pollSeconds: Number(values.poll),
  };
  const workDir = mkdtempSync(path.join(tmpdir(), 'bench-web-'));
  const cloud = await startLocalCloud({ port: 0, workDir, cacheDir: path.join(ROOT, '.cache') });
  let browser: Browser | undefined;
  try {
    browser = await launch();
    await run(cloud, browser, options);
  } finally {
    await browser?.close();
    await cloud.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function run(cloud: LocalCloud, browser: Browser, options: Options): Promise<void> {
  const token = await bootstrapAdmin(cloud);
  const def = generateElection({ id: ELECTION, scale: options.scale, seed: 2026 });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.region,
      credentials: LOCAL_CREDENTIALS,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date());
  db.destroy();
  const api = new Api(cloud.url, token);
  const council = await api.credential('COUNCIL');
  const province = busiestProvince(def, options.reports + 1);
  const tallies = talliesOf(def, province.id);
  // Something on the night already: one tally in, so that every view has figures.
  await api.report(tallies.shift());
  await api.until(`/results/provinces/${province.id}`, (b) => reportingOf(b) === 1);

  console.log(
    `web app on a local cloud: election at scale ${options.scale} (${def.pollingAreas.length} polling areas, ${def.contests.length} contests, ${def.provinces.length} provinces); Chromium ${browser.version()}`,
  );
  await firstLoad(browser, cloud.url, council);
  await quietMinutes(browser, cloud.url, council);
  await freshness(browser, cloud.url, council, api, province.id, tallies.slice(0, options.reports), options);
}

/** Every request of the first load of the nation's view, by kind, with its bytes on the wire. */
async function firstLoad(browser: Browser, url: string, token: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const done: Request[] = [];
  page.on('requestfinished', (r) => done.push(r));
  page.on('requestfailed', (r) => done.push(r));
  await page.goto(`${url}/#token=${token}&/e/${ELECTION}`);
  await page.locator('.strip').waitFor();
  await page.waitForLoadState('networkidle');
  const kinds = new Map<string, { requests: number; body: number; headers: number }>();
  for (const r of done) {
    const kind = kindOf(r);
    const sizes = await r.sizes();
    const entry = kinds.get(kind) ?? { requests: 0, body: 0, headers: 0 };
    entry.requests++;
    entry.body += sizes.responseBodySize;
    entry.headers += sizes.responseHeadersSize;
    kinds.set(kind, entry);
  }
  await context.close();
  console.log(
    '\nfirst load of the nation view (bytes on the wire; the site gzipped as CloudFront serves it):',
  );
  console.log('  kind     requests   body (KB)   headers (KB)');
  for (const kind of ['HTML', 'JS', 'CSS', 'map', 'other', 'API']) {
    const e = kinds.get(kind);
    if (!e) continue;
    console.log(
      `  ${kind.padEnd(8)} ${String(e.requests).padStart(8)} ${kb(e.body).padStart(11)} ${kb(e.headers).padStart(14)}`,
    );
  }
  const site = ['HTML', 'JS', 'CSS', 'map', 'other'].reduce((n, k) => n + (kinds.get(k)?.body ?? 0), 0);
  const script = kinds.get('JS')?.body ?? 0;
  console.log(
    `  site (HTML + JS + CSS + map): ${kb(site)} KB of ${kb(BUDGET.firstLoadBytes)} KB — ${site <= BUDGET.firstLoadBytes ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `  JavaScript: ${kb(script)} KB of ${kb(BUDGET.scriptBytes)} KB — ${script <= BUDGET.scriptBytes ? 'PASS' : 'FAIL'}`,
  );
}

function kindOf(r: Request): string {
  const { pathname } = new URL(r.url());
  if (pathname.startsWith('/v1/')) return 'API';
  if (r.resourceType() === 'document') return 'HTML';
  if (pathname.endsWith('.js')) return 'JS';
  if (pathname.endsWith('.css')) return 'CSS';
  if (pathname.endsWith('.svg') || pathname.endsWith('.json')) return 'map';
  return 'other';
}

/** Ten minutes of a quiet night on a mocked clock: what the page asks, and what it is answered. */
async function quietMinutes(browser: Browser, url: string, token: string): Promise<void> {
  const context = await browser.newContext();
  await context.clock.install();
  const page = await context.newPage();
  const answers: { status: number; body: number; headers: number }[] = [];
  const pending = new Set<Request>();
  const isApi = (r: Request) => new URL(r.url()).pathname.startsWith('/v1/');
  page.on('request', (r) => {
    if (isApi(r)) pending.add(r);
  });
  const settle = async (r: Request) => {
    if (!isApi(r)) return;
    const response = await r.response();
    const sizes = await r.sizes();
    answers.push({
      status: response?.status() ?? 0,
      body: sizes.responseBodySize,
      headers: sizes.responseHeadersSize,
    });
    pending.delete(r);
  };
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  const idle = async (atLeast: number) => {
    while (answers.length < atLeast || pending.size > 0) await new Promise((r) => setTimeout(r, 20));
  };
  await page.goto(`${url}/#token=${token}&/e/${ELECTION}`);
  await page.locator('.strip').waitFor();
  await page.waitForLoadState('networkidle');
  await idle(0);
  await page.clock.pauseAt(Date.now() + 1_000);
  await page.clock.runFor(5_000);
  await idle(answers.length + 1);
  const from = answers.length;
  for (let round = 0; round < 120; round++) {
    const before = answers.length;
    await page.clock.runFor(5_000);
    await idle(before + 1);
  }
  await context.close();
  const quiet = answers.slice(from);
  const ok = quiet.filter((a) => a.status === 200).length;
  const notModified = quiet.filter((a) => a.status === 304).length;
  const body = quiet.reduce((n, a) => n + a.body, 0);
  const headers = quiet.reduce((n, a) => n + a.headers, 0);
  console.log('\nten minutes of unchanged data (mocked clock, one round every 5 s, the nation view):');
  console.log(
    `  ${quiet.length} requests: ${notModified} answered 304, ${ok} answered 200, ${quiet.length - ok - notModified} other; ${kb(body)} KB of bodies, ${kb(headers)} KB of response headers`,
  );
}

/**
 * Reports posted one by one into a province whose view is open: for each, the seconds from its 201
 * to its count in the API (a poll every 50 ms, the baseline) and to its count on screen.
 */
async function freshness(
  browser: Browser,
  url: string,
  token: string,
  api: Api,
  provinceId: string,
  tallies: Record<string, unknown>[],
  options: Options,
): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/?poll=${options.pollSeconds}#token=${token}&/e/${ELECTION}/p/${provinceId}`);
  await page.locator('.strip').waitFor();
  const start = reportingOf(await api.get(`/results/provinces/${provinceId}`));
  const expected = Number(
    (await api.get(`/results/provinces/${provinceId}`)).bodies.NATIONAL_ASSEMBLY.pollingAreas.expected,
  );
  await onScreen(page, start, expected);
  const inApi: number[] = [];
  const inPage: number[] = [];
  for (const [i, tally] of tallies.entries()) {
    const n = start + i + 1;
    await api.report(tally);
    const accepted = performance.now();
    const [apiAt, pageAt] = await Promise.all([
      api
        .until(`/results/provinces/${provinceId}`, (b) => reportingOf(b) >= n, 50)
        .then(() => performance.now()),
      onScreen(page, n, expected).then(() => performance.now()),
    ]);
    inApi.push((apiAt - accepted) / 1000);
    inPage.push((pageAt - accepted) / 1000);
  }
  await context.close();
  const a = percentiles(inApi);
  const p = percentiles(inPage);
  console.log(
    `\nreport 201 → on screen, ${tallies.length} reports one after another into one province's open view (page polls every ${options.pollSeconds} s):`,
  );
  console.log(
    `  in the API (poll every 50 ms, baseline): p50 ${a.p50.toFixed(2)} s, p99 ${a.p99.toFixed(2)} s`,
  );
  console.log(
    `  on screen:                               p50 ${p.p50.toFixed(2)} s, p99 ${p.p99.toFixed(2)} s`,
  );
  console.log(
    `  ratio on screen / in the API: p50 ${(p.p50 / a.p50).toFixed(2)}, p99 ${(p.p99 / a.p99).toFixed(2)} (the page adds its poll interval: half of it on average)`,
  );
}

/** Resolves when the strip says `n / expected khu vực`, watched by the page itself on every change. */
async function onScreen(page: Page, n: number, expected: number): Promise<void> {
  const text = JSON.stringify(`${formatCount(n)} / ${formatCount(expected)} khu vực`);
  const shown = page.evaluate(`new Promise((resolve) => {
    const shown = () => document.querySelector('.strip')?.textContent.includes(${text});
    if (shown()) return resolve(true);
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); resolve(true); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  })`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${text} not on screen within 120 s`)), 120_000);
  });
  try {
    await Promise.race([shown, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The province with the most polling areas voting for the National Assembly. */
function busiestProvince(def: ElectionDefinition, needed: number) {
  const communes = new Map(def.communes.map((c) => [c.id, c.provinceId]));
  const counts = new Map<string, number>();
  for (const pa of def.pollingAreas) {
    const p = communes.get(pa.communeId) ?? '';
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [id, count] = [...counts].sort((x, y) => y[1] - x[1])[0] ?? ['', 0];
  if (count < needed) throw new Error(`no province has ${needed} polling areas at this scale; raise --scale`);
  const found = def.provinces.find((p) => p.id === id);
  if (!found) throw new Error(`province ${id} is not defined`);
  return found;
}

/** A lawful National Assembly tally for each polling area of the province. */
function talliesOf(def: ElectionDefinition, provinceId: string): Record<string, unknown>[] {
  const rng = createRng(2026, 'bench-web');
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  const communes = new Set(def.communes.filter((c) => c.provinceId === provinceId).map((c) => c.id));
  return def.pollingAreas
    .filter((pa) => communes.has(pa.communeId))
    .flatMap((pa) => {
      const contest = pa.contestIds
        .map((id) => contests.get(id))
        .find((c) => c?.body === 'NATIONAL_ASSEMBLY');
      if (!contest) return [];
      return [
        {
          type: 'tally',
          submissionId: randomUUID(),
          pollingAreaId: pa.id,
          contestId: contest.id,
          version: 1,
          ...lawfulFigures(contest, pa.registeredVoters, rng),
        },
      ];
    });
}

// biome-ignore lint/suspicious/noExplicitAny: an API answer read by field name
const reportingOf = (body: any): number =>
  Number(body?.bodies?.NATIONAL_ASSEMBLY?.pollingAreas?.reporting ?? -1);

class Api {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: an API answer read by field name
  async get(path: string): Promise<any> {
    const response = await fetch(`${this.url}/v1/elections/${ELECTION}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return response.json();
  }

  // biome-ignore lint/suspicious/noExplicitAny: an API answer read by field name
  async until(path: string, accept: (body: any) => boolean, everyMs = 200): Promise<void> {
    const deadline = performance.now() + 120_000;
    while (!accept(await this.get(path))) {
      if (performance.now() > deadline) throw new Error(`${path} did not change within 120 s`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async report(body: Record<string, unknown> | undefined): Promise<void> {
    const response = await fetch(`${this.url}/v1/elections/${ELECTION}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`report answered ${response.status}: ${await response.text()}`);
  }

  async credential(role: string): Promise<string> {
    const response = await fetch(`${this.url}/v1/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role, scope: {}, label: 'bench:web', mode: 'LIVE' }),
    });
    if (response.status !== 201) throw new Error(`credential answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
