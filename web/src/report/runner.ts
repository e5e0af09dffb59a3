import { drain, type OutboxItem, type OutboxStore, outcomeOf } from './outbox.ts';

/**
 * Runs the outbox in the page: a pass when a report is added, when the network comes back, when
 * the tab opens and when the next retry is due. Passes never overlap — in this tab by a flag,
 * across tabs by a Web Lock — and every change is told to the other tabs, so that two tabs show the
 * same outbox. Two tabs that still send the same item send the same submissionId: one version.
 */
const LOCK = 'election-night-outbox';
const CHANNEL = 'election-night-outbox';

export class OutboxRunner {
  private items: OutboxItem[] = [];
  private readonly listeners = new Set<() => void>();
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly channel: BroadcastChannel | undefined;
  /** Why nothing can be sent now, if so: the token was refused. */
  blocked: 'unauthorized' | undefined;

  constructor(
    private readonly store: OutboxStore,
    private readonly token: string,
  ) {
    this.channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);
    this.channel?.addEventListener('message', () => void this.reload());
    addEventListener('online', this.onOnline);
  }

  /** The network is back: what waited for a retry goes now, not at its backed-off time. */
  private readonly onOnline = () => void this.retryNow();

  async retryNow(): Promise<void> {
    const now = Date.now();
    for (const item of await this.store.all())
      if (item.state === 'WAITING' && item.notBefore > now) await this.store.put({ ...item, notBefore: now });
    this.kick();
  }

  stop(): void {
    removeEventListener('online', this.onOnline);
    this.channel?.close();
    clearTimeout(this.timer);
  }

  all(): readonly OutboxItem[] {
    return this.items;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps a new item on disk first, then tries to send it. */
  async add(item: OutboxItem): Promise<void> {
    await this.store.put(item);
    await this.reload();
    this.channel?.postMessage('changed');
    this.kick();
  }

  /** A pass now, or right after the one under way. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async reload(): Promise<void> {
    this.items = (await this.store.all()).sort((a, b) => b.createdAt - a.createdAt);
    for (const listener of this.listeners) listener();
  }

  private async pass(): Promise<void> {
    clearTimeout(this.timer);
    const run = async () => {
      const result = await drain(
        {
          all: () => this.store.all(),
          put: async (item) => {
            await this.store.put(item);
            await this.reload();
            this.channel?.postMessage('changed');
          },
        },
        (item) => this.send(item),
        () => Date.now(),
      );
      this.blocked = result.stoppedBy === 'unauthorized' ? 'unauthorized' : undefined;
      if (result.nextAt !== undefined)
        this.timer = setTimeout(() => this.kick(), Math.max(0, result.nextAt - Date.now()));
    };
    if (typeof navigator !== 'undefined' && navigator.locks) await navigator.locks.request(LOCK, run);
    else await run();
    await this.reload();
  }

  private async send(item: OutboxItem) {
    const response = await fetch(`/v1/elections/${encodeURIComponent(item.electionId)}/reports`, {
      method: 'POST',
      cache: 'no-store',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(item.report),
    });
    return outcomeOf(response, Date.now());
  }
}
