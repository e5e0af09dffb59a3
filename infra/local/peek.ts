import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run peek -- COUNCIL [--election demo-2026]` (or REGION:R2, PROVINCE:79): prints an
 * audience's inbox in the running local cloud, through the API and as ADMIN, oldest first.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { election: { type: 'string', default: 'demo-2026' } },
    allowPositionals: true,
  });
  const audience = positionals[0];
  if (!audience || positionals.length > 1) {
    console.error('Usage: npm run peek -- COUNCIL | REGION:<id> | PROVINCE:<id> [--election <id>]');
    return 2;
  }
  const local = path.resolve(import.meta.dirname, '../../.local');
  let url: string;
  let token: string;
  try {
    url = (JSON.parse(readFileSync(path.join(local, 'cloud.json'), 'utf8')) as { url: string }).url;
    token = readFileSync(path.join(local, 'admin-token'), 'utf8').trim();
  } catch {
    console.error('peek: no running local cloud (.local/cloud.json); start it with npm start');
    return 2;
  }
  const events: { type: string; severity: string; summary: string }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ audience, limit: '500', ...(cursor ? { after: cursor } : {}) });
    const answer = await fetch(`${url}/v1/elections/${values.election}/notifications?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await answer.json()) as { items?: typeof events; nextCursor?: string; detail?: string };
    if (!answer.ok) {
      console.error(`peek: ${answer.status} ${body.detail ?? ''}`);
      return 1;
    }
    events.push(...(body.items ?? []));
    if (!body.items?.length) break;
    cursor = body.nextCursor;
  }
  console.log(`${events.length} event(s) for ${audience} in ${values.election}`);
  for (const event of events) console.log(`${event.type} [${event.severity}] ${event.summary}`);
  return 0;
}

process.exitCode = await main();
