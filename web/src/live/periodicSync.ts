import type { TicketFilter } from "./api";
import { jittered } from "./backoff";
import { combine } from "./digest";
import type { ClientReport, Cursor, TicketDigest } from "./types";

/** Ten minutes, as the issue asks; localStorage `livedesk.syncIntervalMs` overrides it (tests, or a support session). */
export const defaultSyncIntervalMs = 10 * 60_000;
export const syncIntervalStorageKey = "livedesk.syncIntervalMs";

export function syncIntervalMs(): number {
  try {
    const configured = Number(globalThis.localStorage?.getItem(syncIntervalStorageKey));
    if (Number.isFinite(configured) && configured >= 500) return configured;
  } catch { /* no storage (a private window's quota, a unit test): the default */ }
  return defaultSyncIntervalMs;
}

/** What the sync needs from the client; the unit tests pass fakes. */
export interface SyncDeps {
  /** The ticket views on screen now, and the filters each is loaded with. */
  openViews(): { key: string; filters: TicketFilter[] }[];
  digest(filter: TicketFilter): Promise<TicketDigest>;
  /** The cached view's count and checksum; null when it is not loaded (yet). */
  cached(key: string): { count: number; checksum: number } | null;
  cursor(): Cursor | null;
  /** Resume now, so the cursor reaches the log's head; false when not connected. */
  catchUp(): Promise<boolean>;
  /** Fetches the view again, replaces the cached one and answers how many rows differed. */
  repair(key: string): Promise<number>;
  report(report: ClientReport): void;
  /** True while views are refetched anyway (the ticket flag is poll): no need to check them. */
  skip(): boolean;
}

export interface SyncOutcome {
  key: string;
  result: "same" | "repaired" | "skipped";
  differing: number;
}

/**
 * The periodic full sync (docs/realtime-protocol.md, 11b): every few minutes, when the tab becomes visible again and
 * when the network comes back, each ticket list on screen is compared with GET /api/tickets/digest (same filters),
 * once the cursor has reached the digest's head. A difference is a drifted cache (a missed event, a bug): the list is
 * fetched again and replaced silently, and the repair is reported to the server as `cache_repaired`.
 */
export class PeriodicSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<SyncOutcome[]> | null = null;
  private started = false;
  private readonly onVisible = () => { if (document.visibilityState === "visible") void this.runNow(); };
  private readonly onOnline = () => void this.runNow();

  constructor(private readonly deps: SyncDeps, private readonly intervalMs = syncIntervalMs()) {}

  start() {
    if (this.started) return;
    this.started = true;
    document.addEventListener("visibilitychange", this.onVisible);
    window.addEventListener("online", this.onOnline);
    this.schedule();
  }

  stop() {
    this.started = false;
    clearTimeout(this.timer);
    document.removeEventListener("visibilitychange", this.onVisible);
    window.removeEventListener("online", this.onOnline);
  }

  /** One check of every open view; a request while one runs shares it. */
  runNow(): Promise<SyncOutcome[]> {
    if (!this.running) this.running = this.checkAll().finally(() => { this.running = null; });
    return this.running;
  }

  private schedule() {
    clearTimeout(this.timer);
    if (!this.started) return;
    this.timer = setTimeout(() => { void this.runNow().finally(() => this.schedule()); }, jittered(this.intervalMs, 0.1));
  }

  private async checkAll(): Promise<SyncOutcome[]> {
    if (this.deps.skip()) return [];
    const outcomes: SyncOutcome[] = [];
    for (const view of this.deps.openViews()) {
      try {
        outcomes.push(await this.check(view.key, view.filters));
      } catch {
        outcomes.push({ key: view.key, result: "skipped", differing: 0 }); // offline or refused: the next round tries again
      }
    }
    return outcomes;
  }

  /** A difference is checked twice before the list is refetched: a change committed between the digest's head and its
   * read of the tickets can make one round differ although nothing drifted. */
  private async check(key: string, filters: TicketFilter[], secondLook = false): Promise<SyncOutcome> {
    const server = combine(await Promise.all(filters.map(filter => this.deps.digest(filter))));
    if (!(await this.reached(server.head, server.epoch))) return { key, result: "skipped", differing: 0 };
    const cached = this.deps.cached(key);
    if (!cached) return { key, result: "skipped", differing: 0 };
    if (cached.count === server.count && cached.checksum === server.checksum) return { key, result: "same", differing: 0 };
    if (!secondLook) return this.check(key, filters, true);
    const differing = await this.deps.repair(key);
    if (differing > 0) {
      console.info(`LiveDesk: the periodic sync repaired ${differing} row(s) of the ${key} ticket list.`);
      this.deps.report({ kind: "cache_repaired", entity: "ticket", count: differing, detail: `view ${key}` });
    }
    return { key, result: "repaired", differing };
  }

  /** Whether the cursor has reached `head` of the same epoch, resuming once if it has not yet. */
  private async reached(head: number, epoch: string | null): Promise<boolean> {
    const ok = () => {
      const cursor = this.deps.cursor();
      return cursor !== null && cursor.epoch === epoch && cursor.seq >= head;
    };
    if (ok()) return true;
    if (!(await this.deps.catchUp())) return false;
    return ok();
  }
}
