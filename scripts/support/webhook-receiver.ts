import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../shared/webhooks/signature.ts';

/**
 * A real HTTP endpoint for tests of webhook delivery: it verifies every request's signature the
 * way a subscriber would, records what it got, and can be told to fail so retries can be seen.
 */

export interface ReceivedWebhook {
  /** The webhook-id header, if there was one. */
  id: string | undefined;
  /** The webhook-timestamp header as seconds, if it was a number. */
  timestamp: number | undefined;
  signatureOk: boolean;
  /** Why the request was not accepted as a delivery, when it was not. */
  reason?: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  answeredStatus: number;
  /** Epoch milliseconds. */
  receivedAt: number;
}

export interface WebhookReceiverOptions {
  /** Answer the first n signed requests, across all events, with the failure status. */
  failFirst?: number;
  /** Answer every signed request with the failure status, until setAlwaysFail(false). */
  alwaysFail?: boolean;
  /** The failure status; 503 unless told. */
  status?: number;
  /** Hold every request this long before answering, as a receiver that hangs would. */
  holdMs?: number;
}

export interface WebhookReceiver {
  /** Where to deliver, e.g. http://127.0.0.1:PORT/hooks. */
  readonly url: string;
  /** Every request, in the order their bodies arrived. */
  readonly requests: readonly ReceivedWebhook[];
  setSecret(secret: string): void;
  setAlwaysFail(alwaysFail: boolean): void;
  /** The requests answered 2xx. */
  delivered(): ReceivedWebhook[];
  /** The bodies of the 2xx deliveries, one per webhook-id (the first), as a subscriber dedupes. */
  uniqueEvents(): unknown[];
  /** Resolves once the predicate holds; a predicate that throws counts as not holding yet. */
  waitFor(predicate: (receiver: WebhookReceiver) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops listening and drops kept-alive connections, so nothing keeps the test process alive. */
  close(): Promise<void>;
}

const PATH = '/hooks';
const POLL_MS = 20;

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const failureStatus = options.status ?? 503;
  let secret: string | undefined;
  let alwaysFail = options.alwaysFail ?? false;
  let failuresLeft = options.failFirst ?? 0;
  const requests: ReceivedWebhook[] = [];
  const held = new Set<NodeJS.Timeout>();

  const answer = (request: IncomingMessage, text: string): Omit<ReceivedWebhook, 'receivedAt'> => {
    const id = typeof request.headers['webhook-id'] === 'string' ? request.headers['webhook-id'] : undefined;
    const timestampText = request.headers['webhook-timestamp'];
    const timestamp =
      typeof timestampText === 'string' && /^\d+$/.test(timestampText) ? Number(timestampText) : undefined;
    const body = parseBody(text);
    const refused = (answeredStatus: number, reason: string) => ({
      id,
      timestamp,
      signatureOk: false,
      reason,
      body,
      answeredStatus,
    });

    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (path !== PATH) return refused(404, `unexpected path ${path}`);
    if (request.method !== 'POST') return refused(405, `unexpected method ${request.method}`);
    if (secret === undefined) return refused(401, 'no secret set on the receiver');
    const verification = verifyWebhook(secret, request.headers, text);
    if (!verification.ok) return refused(401, verification.reason);

    const signed = { id, timestamp, signatureOk: true, body };
    if (alwaysFail) return { ...signed, reason: 'told to always fail', answeredStatus: failureStatus };
    if (failuresLeft > 0) {
      failuresLeft--;
      return { ...signed, reason: 'told to fail the first requests', answeredStatus: failureStatus };
    }
    return { ...signed, answeredStatus: 204 };
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const record = { ...answer(request, Buffer.concat(chunks).toString('utf8')), receivedAt: Date.now() };
      requests.push(record);
      if (!options.holdMs) {
        response.writeHead(record.answeredStatus).end();
        return;
      }
      // Held: the request counts as answered only if the sender is still there to read the answer.
      const status = record.answeredStatus;
      record.answeredStatus = 0;
      record.reason = 'held';
      const timer = setTimeout(() => {
        held.delete(timer);
        if (response.destroyed || request.socket.destroyed) return;
        record.answeredStatus = status;
        response.writeHead(status).end();
      }, options.holdMs);
      held.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}${PATH}`,
    requests,
    setSecret(value) {
      secret = value;
    },
    setAlwaysFail(value) {
      alwaysFail = value;
    },
    delivered() {
      return requests.filter((r) => r.answeredStatus >= 200 && r.answeredStatus < 300);
    },
    uniqueEvents() {
      const byId = new Map<string | undefined, unknown>();
      for (const r of receiver.delivered()) if (!byId.has(r.id)) byId.set(r.id, r.body);
      return [...byId.values()];
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown;
      for (;;) {
        try {
          if (predicate(receiver)) return;
          lastError = undefined;
        } catch (error) {
          lastError = error;
        }
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      const statuses = requests.map((r) => r.answeredStatus).join(', ') || 'none';
      const cause = lastError instanceof Error ? `; the predicate last threw: ${lastError.message}` : '';
      throw new Error(
        `Webhook receiver: condition not met within ${timeoutMs} ms (${requests.length} requests, ` +
          `answered ${statuses})${cause}`,
        { cause: lastError },
      );
    },
    close() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return receiver;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
