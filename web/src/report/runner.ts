import { awaitingProof, drain, type OutboxItem, type OutboxStore, outcomeOf } from './outbox.ts';
import { fetchProof } from './proof.ts';

/**
 * Runs the outbox in the page: a pass when a report is added, when the network comes back, when
 * the tab opens and when the next retry is due. Passes never overlap — in this tab by a flag,
 * across tabs by a Web Lock — and every change is told to the other tabs, so that two tabs show the
 * same outbox. Two tabs that still send the same item send the same submissionId: one version.
 */
const LOCK = 'election-night-outbox';
const CHANNEL = 'election-night-outbox';
/** A leaf is in a signed checkpoint a second or two after its 201: ask again this often meanwhile. */
const PROOF_RETRY_MS = 4_000;

export class OutboxRunner {
  private items: OutboxItem[] = [];
  private readonly listeners = new Set<() => void>();
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private proofTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly channel: BroadcastChannel | undefined;
  /** Why nothing can be sent now, if so: the token was refused. */
  blocked: 'unauthorized' | undefined;

  /**
   * `proofs`: whether this credential may read the election's log (every role that reads results):
   * then each receipt's inclusion proof is fetched, checked and kept with it.
   */
  constructor(
    private readonly store: OutboxStore,
    private readonly token: string,
    private readonly proofs = false,
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
    clearTimeout(this.proofTimer);
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
    const withLock = (work: () => Promise<void>) =>
      typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request(LOCK, work) : work();
    await withLock(run);
    if (this.proofs) await withLock(() => this.collectProofs());
    await this.reload();
  }

  /** Asks for the proof of every receipt still without one; what is not yet logged is asked again soon. */
  private async collectProofs(): Promise<void> {
    clearTimeout(this.proofTimer);
    let waiting = false;
    for (const item of awaitingProof(await this.store.all())) {
      const leafHash = item.receipt?.leafHash ?? '';
      let next: OutboxItem;
      try {
        const outcome = await fetchProof(item.electionId, item.id, leafHash, this.token);
        next =
          outcome.kind === 'proved'
            ? { ...item, proof: outcome.proof }
            : outcome.kind === 'failed'
              ? { ...item, proofProblem: outcome.reason }
              : { ...item, proofTries: (item.proofTries ?? 0) + 1 };
      } catch {
        next = { ...item, proofTries: (item.proofTries ?? 0) + 1 };
      }
      if (!next.proof && !next.proofProblem) waiting = true;
      await this.store.put(next);
      this.channel?.postMessage('changed');
    }
    if (waiting) this.proofTimer = setTimeout(() => this.kick(), PROOF_RETRY_MS);
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
