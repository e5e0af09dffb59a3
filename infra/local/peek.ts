import { readFileSync } from 'node:fs';
import path from 'node:path';
import { audienceConstructId } from '../constructs/notifications.ts';

/**
 * `npm run peek -- COUNCIL` (or REGION:R2): prints the events waiting on an audience's queue in
 * the running local cloud, without consuming them.
 */
async function main(): Promise<void> {
  const audience = process.argv[2];
  if (!audience) throw new Error('Usage: npm run peek -- COUNCIL | REGION:<id>');
  const root = path.resolve(import.meta.dirname, '../..');
  const cloud = JSON.parse(readFileSync(path.join(root, '.local', 'cloud.json'), 'utf8')) as {
    endpoints: { sqs: string };
    outputs: Record<string, string>;
  };
  const queueUrl = cloud.outputs[`AudienceQueue${audienceConstructId(audience)}`];
  if (!queueUrl) throw new Error(`No queue for audience ${audience}; is the local cloud running?`);
  const name = queueUrl.split('/').pop() ?? '';
  const response = await fetch(`${cloud.endpoints.sqs}/_fauxqs/queues/${encodeURIComponent(name)}`);
  if (!response.ok) throw new Error(`The queue could not be read (${response.status})`);
  const queue = (await response.json()) as {
    messages: {
      ready: { body: string }[];
      delayed: { body: string }[];
      inflight: { message: { body: string } }[];
    };
  };
  const bodies = [
    ...queue.messages.ready,
    ...queue.messages.delayed,
    ...queue.messages.inflight.map((m) => m.message),
  ];
  console.log(`${bodies.length} event(s) waiting for ${audience}`);
  for (const { body } of bodies) console.log(JSON.stringify(JSON.parse(body), null, 2));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
