import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Browser, Request } from 'playwright-core';
import { bootstrapAdmin } from '../infra/local/bootstrap.ts';
import { LOCAL_CREDENTIALS, type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng } from '../shared/generator/prng.ts';
import { lawfulFigures } from '../shared/generator/tallies.ts';
import { loadElection } from '../shared/ingest/load-election.ts';
import type { ElectionDefinition } from '../shared/model/election.ts';
import { unwrap } from '../shared/model/result.ts';
import { launch } from './support/chromium.ts';

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
  unwrap(await loadElection(db, cloud.outputs.ReportsTableName ?? '', def, new Date()));
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
  await firstLoad(browser, cloud.url, council, {
    title: 'the nation view, 1366×768',
    route: '',
    ready: '.strip',
    viewport: { width: 1366, height: 768 },
  });
  const areas = tallies.slice(0, options.reports).map((t) => String(t.pollingAreaId));
  const reporter = await api.credential('REPORTER', { pollingAreaIds: areas });
  await firstLoad(browser, cloud.url, reporter, {
    title: "the reporting face (a polling area's forms), 360×780",
    route: `/report/${areas[0]}`,
    ready: '.report-form',
    viewport: { width: 360, height: 780 },
  });
  await outboxAfterOutage(browser, cloud.url, reporter, api, def, areas);
  await quietMinutes(browser, cloud.url, council);
  await freshness(browser, cloud.url, council, api, province.id, tallies.slice(0, options.reports), options);
}

/** Every request of a view's first load, by kind, with its bytes on the wire. */
async function firstLoad(
  browser: Browser,
  url: string,
  token: string,
  view: { title: string; route: string; ready: string; viewport: { width: number; height: number } },
): Promise<void> {
  const context = await browser.newContext({ viewport: view.viewport, serviceWorkers: 'block' });
  const page = await context.newPage();
  const done: Request[] = [];
  page.on('requestfinished', (r) => done.push(r));
  page.on('requestfailed', (r) => done.push(r));
  await page.goto(`${url}/#token=${token}&/e/${ELECTION}${view.route}`);
  await page.locator(view.ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const kinds = new Map<string, { requests: number; body: number; headers: number }>();
  let apiGzipped = 0;
  for (const r of done) {
    const kind = kindOf(r);
    const sizes = await r.sizes();
    const entry = kinds.get(kind) ?? { requests: 0, body: 0, headers: 0 };
    entry.requests++;
    entry.body += sizes.responseBodySize;
    entry.headers += sizes.responseHeadersSize;
    kinds.set(kind, entry);
    // The local gateway answers the API uncompressed; CloudFront's /v1/* behaviour compresses it.
    const response = await r.response();
    if (kind === 'API' && response?.status() === 200) apiGzipped += gzipSync(await response.body()).length;
  }
  await context.close();
  console.log(`\nfirst load of ${view.title} (bytes on the wire; the site gzipped as CloudFront serves it):`);
  console.log('  kind     requests   body (KB)   headers (KB)');
  for (const kind of ['HTML', 'JS', 'CSS', 'map', 'other', 'API']) {
    const e = kinds.get(kind);
    if (!e) continue;
    console.log(
      `  ${kind.padEnd(8)} ${String(e.requests).padStart(8)} ${kb(e.body).padStart(11)} ${kb(e.headers).padStart(14)}`,
    );
  }
  console.log(`  API bodies gzipped, as CloudFront would serve them: ${kb(apiGzipped)} KB`);
  const site = ['HTML', 'JS', 'CSS', 'map', 'other'].reduce((n, k) => n + (kinds.get(k)?.body ?? 0), 0);
  // Counted strictly: the map's module is JavaScript too.
  const script = (kinds.get('JS')?.body ?? 0) + (kinds.get('map')?.body ?? 0);
  console.log(
    `  site (HTML + JS + CSS + map): ${kb(site)} KB of ${kb(BUDGET.firstLoadBytes)} KB — ${site <= BUDGET.firstLoadBytes ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `  JavaScript (the map's module included): ${kb(script)} KB of ${kb(BUDGET.scriptBytes)} KB — ${script <= BUDGET.scriptBytes ? 'PASS' : 'FAIL'}`,
  );
}

function kindOf(r: Request): string {
  const { pathname } = new URL(r.url());
  if (pathname.startsWith('/v1/')) return 'API';
  if (r.resourceType() === 'document') return 'HTML';
  // The map is drawn at build time into a module of its own: an SVG string, no map code.
  if (pathname.endsWith('.js') && pathname.includes('province-map')) return 'map';
  if (pathname.endsWith('.js')) return 'JS';
  if (pathname.endsWith('.css')) return 'CSS';
  if (pathname.endsWith('.svg') || pathname.endsWith('.json')) return 'map';
  return 'other';
}

/**
 * A reporter with no network queues one turnout report for each of its polling areas through the
 * form; then the network returns. The seconds until the whole outbox is accepted, beside the same
 * number of reports POSTed one after another by one client straight to the API (the baseline).
 */
async function outboxAfterOutage(
  browser: Browser,
  url: string,
  token: string,
  api: Api,
  def: ElectionDefinition,
  areas: readonly string[],
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await context.newPage();
  await page.goto(`${url}/#token=${token}&/e/${ELECTION}/report`);
  await page.locator('.areas').waitFor();
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await context.setOffline(true);
  for (const pa of areas) {
    await page.goto(`${url}/#/e/${ELECTION}/report/${pa}`);
    await page.locator(`#turnout-${pa}-voted`).fill('100');
    await page.getByRole('button', { name: 'Gửi báo cáo số cử tri' }).click();
    await page.locator('.sent').waitFor();
  }
  const waiting = () => page.locator('.outbox-item.state-waiting, .outbox-item.state-sending').count();
  while ((await waiting()) < areas.length) await new Promise((r) => setTimeout(r, 50));
  const back = performance.now();
  await context.setOffline(false);
  const accepted = () => page.locator('.outbox-item.state-accepted').count();
  const deadline = back + 300_000;
  while ((await accepted()) < areas.length) {
    if (performance.now() > deadline) throw new Error('the outbox was not accepted within 300 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const outbox = (performance.now() - back) / 1000;
  await context.close();

  const direct = performance.now();
  for (const pa of areas) {
    const area = def.pollingAreas.find((p) => p.id === pa);
    await api.report({
      type: 'turnout',
      submissionId: randomUUID(),
      pollingAreaId: pa,
      asOf: `${def.pollingDay}T11:00:00+07:00`,
      registeredVoters: area?.registeredVoters ?? 0,
      votersVoted: 100,
    });
  }
  const baseline = (performance.now() - direct) / 1000;
  console.log(
    `\n${areas.length} turnout reports queued offline in the reporting face, then the network back:`,
  );
  console.log(`  whole outbox accepted ${outbox.toFixed(2)} s after the network returned`);
  console.log(
    `  baseline, the same number POSTed one after another straight to the API: ${baseline.toFixed(2)} s; ratio ${(outbox / baseline).toFixed(2)}`,
  );
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
 * Reports posted one after another, at random gaps (so that they land at every phase of the page's
 * poll), into a province whose view is open. The page records every count its strip shows and when;
 * a 50 ms poll of the API records the same count there (the baseline). The i-th report is on screen
 * (in the API) when the count first reaches i.
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
  const target = start + tallies.length;
  await page.evaluate(`(() => {
    window.shownCounts = [];
    const read = () => {
      const m = /([0-9.]+) \\/ [0-9.]+ khu vực/.exec(document.querySelector('.strip')?.textContent ?? '');
      const n = m ? Number(m[1].replaceAll('.', '')) : -1;
      const last = window.shownCounts.at(-1);
      if (!last || last[1] !== n) window.shownCounts.push([Date.now(), n]);
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
  const inApi: [number, number][] = [];
  const watching = (async () => {
    for (let n = -1; n < target; ) {
      n = reportingOf(await api.get(`/results/provinces/${provinceId}`));
      if (inApi.at(-1)?.[1] !== n) inApi.push([Date.now(), n]);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const rng = createRng(2026, 'bench-web-gaps');
  const accepted: number[] = [];
  for (const tally of tallies) {
    await new Promise((r) => setTimeout(r, rng.between(0, 2_000)));
    await api.report(tally);
    accepted.push(Date.now());
  }
  await watching;
  const deadline = Date.now() + 120_000;
  let onScreen: [number, number][] = [];
  while (Date.now() < deadline) {
    onScreen = (await page.evaluate('window.shownCounts')) as [number, number][];
    if ((onScreen.at(-1)?.[1] ?? -1) >= target) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await context.close();
  const a = percentiles(lags(accepted, inApi, start));
  const p = percentiles(lags(accepted, onScreen, start));
  console.log(
    `\nreport 201 → on screen: ${tallies.length} reports at random gaps of 0–2 s into one province's open view (the page polls every ${options.pollSeconds} s):`,
  );
  console.log(
    `  in the API (poll every 50 ms, baseline): p50 ${a.p50.toFixed(2)} s, p99 ${a.p99.toFixed(2)} s`,
  );
  console.log(
    `  on screen:                               p50 ${p.p50.toFixed(2)} s, p99 ${p.p99.toFixed(2)} s`,
  );
  console.log(
    `  on screen / in the API: p50 ${(p.p50 / a.p50).toFixed(2)}, p99 ${(p.p99 / a.p99).toFixed(2)} (a poll of ${options.pollSeconds} s adds ${(options.pollSeconds / 2).toFixed(1)} s on average, ${options.pollSeconds} s at most)`,
  );
}

/** For the i-th accepted report, the seconds until the count first reached start + i. */
function lags(accepted: readonly number[], timeline: readonly [number, number][], start: number): number[] {
  return accepted.map((at, i) => {
    const seen = timeline.find(([, n]) => n >= start + i + 1);
    if (!seen) throw new Error(`count ${start + i + 1} never seen`);
    return (seen[0] - at) / 1000;
  });
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

  async credential(role: string, scope: Record<string, unknown> = {}): Promise<string> {
    const response = await fetch(`${this.url}/v1/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role, scope, label: 'bench:web', mode: 'LIVE' }),
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
