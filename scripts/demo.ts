import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ELECTION } from '../infra/local/demo.ts';
import { generateElection } from '../shared/generator/generate.ts';
import { createRng, type Rng } from '../shared/generator/prng.ts';
import { lawfulFigures } from '../shared/generator/tallies.ts';
import type { Contest, ElectionDefinition } from '../shared/model/election.ts';
import type { TallyFigures } from '../shared/model/report.ts';

/**
 * `npm run demo [-- --until 19] [--clients 8]`: posts an evening of reports for the demo election
 * into the running local cloud, through the API as ADMIN, so that the dashboard has a night to
 * show: turnout rounds through the day, some incidents, and counting minutes for a share of each
 * province's polling areas that differs from province to province (three report none, four report
 * all). Submission ids are derived from what they report, so running it twice changes nothing.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SLOTS = ['09', '11', '13', '15', '17', '19'] as const;
const INCIDENTS = [
  ['INTERRUPTION', 'HIGH', 'Mất điện tại điểm bỏ phiếu, đã chuyển sang đèn dự phòng.'],
  ['WEATHER', 'MEDIUM', 'Mưa lớn, cử tri đến chậm.'],
  ['EQUIPMENT', 'LOW', 'Hòm phiếu phụ bị hỏng khóa, đã thay.'],
  ['COMPLAINT', 'MEDIUM', 'Cử tri khiếu nại về danh sách cử tri.'],
  ['SECURITY', 'CRITICAL', 'Có người gây rối trật tự tại khu vực bỏ phiếu.'],
] as const;

interface Planned {
  readonly label: string;
  readonly body: Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      until: { type: 'string', default: '19' },
      clients: { type: 'string', default: '8' },
      'no-tallies': { type: 'boolean', default: false },
    },
  });
  const until = String(values.until);
  if (!SLOTS.includes(until as (typeof SLOTS)[number]))
    throw new UsageError(`--until must be one of ${SLOTS.join(', ')} (the hour of the last turnout round)`);
  const clients = Number(values.clients);
  if (!Number.isInteger(clients) || clients < 1 || clients > 64)
    throw new UsageError('--clients must be an integer from 1 to 64');
  const { url, token } = runningCloud();
  const def = generateElection(DEMO_ELECTION);
  const plan = evening(def, until, !values['no-tallies']);
  console.log(`posting ${plan.length} reports for ${def.id} to ${url} with ${clients} clients…`);
  const outcomes = await post(url, token, def.id, plan, clients);
  for (const [status, count] of [...outcomes].sort()) console.log(`  ${status}: ${count}`);
  if ([...outcomes.keys()].some((s) => !s.startsWith('2'))) process.exitCode = 1;
}

class UsageError extends Error {}

function runningCloud(): { url: string; token: string } {
  try {
    const cloud = JSON.parse(readFileSync(path.join(ROOT, '.local', 'cloud.json'), 'utf8')) as {
      url: string;
    };
    const token = readFileSync(path.join(ROOT, '.local', 'admin-token'), 'utf8').trim();
    return { url: cloud.url, token };
  } catch {
    throw new UsageError(
      'no running local cloud (.local/cloud.json, .local/admin-token): start it with npm start',
    );
  }
}

/** A submission id that names what it reports, so that a second run replays instead of adding. */
function stableId(...parts: string[]): string {
  return `demo-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32)}`;
}

function evening(def: ElectionDefinition, until: string, withTallies: boolean): Planned[] {
  const rng = createRng(DEMO_ELECTION.seed, 'demo-evening');
  const communeProvince = new Map(def.communes.map((c) => [c.id, c.provinceId]));
  const contests = new Map(def.contests.map((c) => [c.id, c]));
  // How much of each province has counted: none, all, or somewhere between.
  const counted = new Map(
    def.provinces.map((p, i) => [p.id, i % 11 === 3 ? 0 : i % 7 === 0 ? 1 : rng.between(0.15, 0.95)]),
  );
  const plan: Planned[] = [];
  const rounds = SLOTS.slice(0, SLOTS.indexOf(until as (typeof SLOTS)[number]) + 1);
  for (const pa of def.pollingAreas) {
    const pace = rng.between(0.9, 1);
    rounds.forEach((slot, i) => {
      const share = Math.min(0.99, ((i + 1) / SLOTS.length) * pace);
      plan.push({
        label: `turnout ${slot}:00`,
        body: {
          type: 'turnout',
          submissionId: stableId(def.id, 'turnout', pa.id, slot),
          pollingAreaId: pa.id,
          asOf: `${def.pollingDay}T${slot}:00:00+07:00`,
          registeredVoters: pa.registeredVoters,
          votersVoted: Math.floor(pa.registeredVoters * share),
        },
      });
    });
  }
  def.pollingAreas.slice(0, INCIDENTS.length * 2).forEach((pa, i) => {
    const [category, severity, description] = INCIDENTS[i % INCIDENTS.length] ?? INCIDENTS[0];
    plan.push({
      label: 'incident',
      body: {
        type: 'incident',
        submissionId: stableId(def.id, 'incident', pa.id, String(i)),
        pollingAreaId: pa.id,
        category,
        severity,
        occurredAt: `${def.pollingDay}T${String(8 + i).padStart(2, '0')}:30:00+07:00`,
        description,
      },
    });
  });
  if (!withTallies) return plan;
  for (const pa of def.pollingAreas) {
    const province = communeProvince.get(pa.communeId);
    const share = (province && counted.get(province)) ?? 0;
    if (!rng.chance(share)) continue;
    for (const contestId of pa.contestIds) {
      const contest = contests.get(contestId);
      if (!contest) continue;
      plan.push({
        label: 'tally',
        body: {
          type: 'tally',
          submissionId: stableId(def.id, 'tally', pa.id, contestId, '1'),
          pollingAreaId: pa.id,
          contestId,
          version: 1,
          ...decisiveFigures(contest, pa.registeredVoters, rng),
        },
      });
    }
  }
  return plan;
}

/**
 * Lawful minutes where the voters mostly agree: the ballot totals of lawfulFigures, and votes that
 * favour as many candidates as there are seats (45–85 % of the valid ballots each, the others
 * 5–35 %), so that most contests elect and a few need an additional election, as on a real night.
 */
function decisiveFigures(contest: Contest, registeredVoters: number, rng: Rng): TallyFigures {
  const figures = lawfulFigures(contest, registeredVoters, rng);
  const valid = figures.validBallots;
  const seats = Math.min(contest.seats, contest.candidates.length);
  // The same candidates lead in every polling area of a contest, as they would in a real unit.
  const leaders = createRng(DEMO_ELECTION.seed, `demo-leaders-${contest.id}`).shuffle([
    ...contest.candidates,
  ]);
  const favoured = new Set(leaders.slice(0, seats).map((c) => c.id));
  const votes = contest.candidates.map((c) =>
    Math.floor(valid * (favoured.has(c.id) ? rng.between(0.45, 0.85) : rng.between(0.05, 0.35))),
  );
  // Σ votes must lie between the valid ballots (one name each) and seats × valid (full ballots).
  const total = votes.reduce((a, b) => a + b, 0);
  const target = Math.min(seats * valid, Math.max(valid, total));
  const scaled = votes.map((v) => Math.floor((v * target) / Math.max(1, total)));
  let missing = target - scaled.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % scaled.length) {
    if ((scaled[i] ?? 0) < valid) {
      scaled[i] = (scaled[i] ?? 0) + 1;
      missing--;
    }
  }
  return {
    ...figures,
    candidateVotes: Object.fromEntries(contest.candidates.map((c, i) => [c.id, scaled[i] ?? 0])),
  };
}

/** Sends the plan in order with a few concurrent clients; counts the answers by status. */
async function post(
  url: string,
  token: string,
  electionId: string,
  plan: readonly Planned[],
  clients: number,
): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  let next = 0;
  let refusals = 0;
  const worker = async () => {
    while (next < plan.length) {
      const item = plan[next++];
      if (!item) break;
      const response = await send(`${url}/v1/elections/${electionId}/reports`, token, item.body);
      const key = `${item.label} ${response.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (response.status >= 300 && refusals++ < 5)
        console.error(`  ${item.label}: ${response.status} ${await response.text()}`);
      else await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return outcomes;
}

/** One report, resent with the same submissionId while the gateway says to slow down. */
async function send(url: string, token: string, body: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if ((response.status !== 429 && response.status !== 503) || attempt === 8) return response;
    await response.arrayBuffer();
    const wait = Number(response.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, (wait + Math.random()) * 1000));
  }
}

main().catch((error) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
