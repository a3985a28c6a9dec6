import type { EventEnvelope } from "../live";
import { isSignalOnly } from "../live/valves";
import type { NotificationDto, NotificationPage } from "./types";

/** Which notifications a feed holds: the server's own list filters. */
export interface FeedFilter {
  unread?: boolean;
  type?: string | null;
}

export interface FeedSnapshot {
  /** What the list shows now: matching, not snoozed, newest first. */
  items: NotificationDto[];
  loaded: boolean;
  /** The server has older ones than `items` ("load more"). */
  hasMore: boolean;
  error: string | null;
}

type Listener = () => void;

const aggregate = (event: EventEnvelope) =>
  event.type === "notification.read_all" || (event.type === "notification.deleted" && event.changes.cleared === "read");

/** Shown now: not snoozed into the future. The server leaves those out of its lists and its count in exactly this way. */
export const showing = (n: NotificationDto, now: number) => n.snoozedUntil === null || Date.parse(n.snoozedUntil) <= now;

/**
 * One list of the user's notifications (the bell's newest ones, every unread one for the badge, a page with filters),
 * loaded by REST in pages newest first and kept current by the `notification.*` events of the user's own room.
 *
 * - A notification's own event is applied when its version is the cached one + 1; an older or repeated one is
 *   ignored; one that skips a version means something was missed, so the feed loads again (the API has no GET for
 *   one notification).
 * - `read_all` and a clear name a `throughId` instead of notifications: they mark read (each one's version + 1, as the
 *   server does) or drop every cached one up to it. Seen twice, the second is ignored by seq.
 * - Events that arrive while a page is loading are held and applied after it by the same rules, so none falls
 *   between the two. A held `read_all` or clear cannot be told apart from one the page already reflects, so the
 *   feed loads again instead of guessing.
 * - Everything the feed knows is kept, also what its filter hides now (a read one in an unread list, a snoozed one),
 *   so a later event finds it. The window is every id down to `floor`: below it the feed shows nothing.
 */
export class NotificationFeed {
  private items = new Map<number, NotificationDto>();
  /** Deleted ids: a late or repeated event must not bring one back. */
  private readonly gone = new Set<number>();
  private held: EventEnvelope[] | null = null;
  private floor = Number.POSITIVE_INFINITY;
  private nextBefore: number | null = null;
  private lastAggregateSeq = 0;
  private loading: Promise<void> | null = null;
  private loadAgain = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  snapshot: FeedSnapshot = { items: [], loaded: false, hasMore: false, error: null };

  constructor(
    private readonly fetchPage: (filter: FeedFilter, before: number | null) => Promise<NotificationPage>,
    readonly filter: FeedFilter = {},
    /** Pages fetched by load(): 1 for a list with "load more", several for the unread set behind the badge. */
    private readonly initialPages = 1,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  /** Every matching one is loaded (no older page on the server). */
  get complete() { return this.snapshot.loaded && this.nextBefore === null; }

  peek(id: number): NotificationDto | undefined {
    return this.items.get(id);
  }

  /** (Re)loads from the newest page; a load asked for while one runs happens once more after it. */
  load(): Promise<void> {
    if (this.loading) {
      this.loadAgain = true;
      return this.loading;
    }
    this.loading = this.runLoad().finally(() => { this.loading = null; });
    return this.loading;
  }

  /** The next older page, added below what is there. */
  async loadMore() {
    if (this.nextBefore === null || this.held) return;
    this.held = [];
    try {
      const page = await this.fetchPage(this.filter, this.nextBefore);
      for (const item of page.items) this.merge(item);
      this.setWindow(page);
      this.snapshot = { ...this.snapshot, error: null };
    } catch (error) {
      this.snapshot = { ...this.snapshot, error: message(error) };
    }
    if (this.releaseHeld()) await this.load();
  }

  apply(events: readonly EventEnvelope[]) {
    // notification_list: the bulk events (read_all, a clear), whose id is the user's.
    const mine = events.filter(e => e.entity === "notification" || e.entity === "notification_list");
    if (mine.length === 0) return;
    if (this.held) {
      this.held.push(...mine);
      return;
    }
    let reload = false;
    for (const event of mine) reload = this.applyOne(event) || reload;
    this.publish();
    if (reload) void this.load();
  }

  /** A notification a REST call just answered with: at least as new as what the cache has. */
  accept(item: NotificationDto) {
    this.merge(item);
    this.publish();
  }

  /** Deleted by this tab (the DELETE answered 204); the event that follows is then a repeat. */
  forget(id: number) {
    this.gone.add(id);
    this.items.delete(id);
    this.publish();
  }

  dispose() {
    clearTimeout(this.wakeTimer);
    this.listeners.clear();
  }

  private async runLoad() {
    do {
      this.loadAgain = false;
      this.held = [];
      try {
        const items: NotificationDto[] = [];
        let page: NotificationPage = { items: [], nextBefore: null };
        let before: number | null = null;
        for (let n = 0; n < this.initialPages; n++) {
          page = await this.fetchPage(this.filter, before);
          items.push(...page.items);
          before = page.nextBefore;
          if (before === null) break;
        }
        this.items = new Map(items.filter(item => !this.gone.has(item.id)).map(item => [item.id, item]));
        this.setWindow(page);
        this.snapshot = { ...this.snapshot, loaded: true, error: null };
      } catch (error) {
        this.snapshot = { ...this.snapshot, error: message(error) };
      }
      if (this.releaseHeld()) this.loadAgain = true;
    } while (this.loadAgain);
  }

  /** Applies what arrived during a load; true when the feed must load again. */
  private releaseHeld(): boolean {
    const held = this.held ?? [];
    this.held = null;
    let reload = false;
    for (const event of held) {
      // The page may or may not include it: only a fresh load tells.
      if (aggregate(event) && event.seq > this.lastAggregateSeq) reload = true;
      reload = this.applyOne(event) || reload;
    }
    this.publish();
    return reload;
  }

  private setWindow(page: NotificationPage) {
    this.nextBefore = page.nextBefore;
    // Every matching one with id >= nextBefore is loaded now (pages are "id < before", newest first).
    this.floor = page.nextBefore ?? 0;
  }

  private merge(item: NotificationDto) {
    if (this.gone.has(item.id)) return;
    const cached = this.items.get(item.id);
    if (!cached || item.version > cached.version) this.items.set(item.id, item);
  }

  /** Applies one event; true when the feed must load again to be right. */
  private applyOne(event: EventEnvelope): boolean {
    // Signal mode (an admin's feature flag): nothing to patch with, so the feed loads again.
    if (isSignalOnly(event)) return true;
    const changes = event.changes;
    if (aggregate(event)) {
      if (event.seq <= this.lastAggregateSeq) return false;
      this.lastAggregateSeq = event.seq;
      const through = Number(changes.throughId);
      for (const [id, n] of this.items) {
        if (id > through) continue;
        if (event.type === "notification.read_all" && n.readAt === null) {
          this.items.set(id, { ...n, readAt: String(changes.readAt), version: n.version + 1 });
        } else if (event.type === "notification.deleted" && n.readAt !== null) {
          this.items.delete(id);
          this.gone.add(id);
        }
      }
      return false;
    }

    const id = event.entityId;
    if (this.gone.has(id)) return false;
    const cached = this.items.get(id);
    switch (event.type) {
      case "notification.created":
        if (!cached) this.items.set(id, fromCreated(event));
        return false;
      case "notification.deleted":
        this.gone.add(id);
        this.items.delete(id);
        return false;
    }
    if (!cached) {
      // Older than the window (nothing shown there), or left out by the last load (snoozed then, or hidden by the
      // filter). Only an unread list must show one it did not load: it became unread.
      return event.type === "notification.unread" && this.filter.unread === true && id >= this.floor;
    }
    if (event.version <= cached.version) return false;
    if (event.version > cached.version + 1) return true;
    const next = { ...cached, version: event.version };
    if (event.type === "notification.read" || event.type === "notification.unread") next.readAt = (changes.readAt as string | null) ?? null;
    if (event.type === "notification.snoozed") next.snoozedUntil = (changes.snoozedUntil as string | null) ?? null;
    this.items.set(id, next);
    return false;
  }

  private matches(n: NotificationDto, now: number) {
    return n.id >= this.floor && showing(n, now)
      && (!this.filter.unread || n.readAt === null) && (!this.filter.type || n.type === this.filter.type);
  }

  private publish() {
    const now = this.now();
    const items = [...this.items.values()].filter(n => this.matches(n, now)).sort((a, b) => b.id - a.id);
    this.snapshot = { items, loaded: this.snapshot.loaded, hasMore: this.nextBefore !== null, error: this.snapshot.error };
    this.scheduleWake(now);
    for (const listener of this.listeners) listener();
  }

  /**
   * A snoozed one comes back by itself, without an event: at the earliest snooze end this feed knows of, it loads
   * again (REST is the truth, and so any other one whose time is up comes back too).
   */
  private scheduleWake(now: number) {
    clearTimeout(this.wakeTimer);
    let next = Number.POSITIVE_INFINITY;
    for (const n of this.items.values()) {
      const until = n.snoozedUntil === null ? NaN : Date.parse(n.snoozedUntil);
      if (until > now && until < next) next = until;
    }
    // A second late, so the server (whose clock decides) surely shows it again. setTimeout holds at most ~24.8 days and
    // a snooze may be 30: a far one fires early, loads, and is armed again.
    if (next !== Number.POSITIVE_INFINITY) this.wakeTimer = setTimeout(() => void this.load(), Math.min(next - now + 1000, 2 ** 31 - 1));
  }
}

function fromCreated(event: EventEnvelope): NotificationDto {
  const c = event.changes;
  return {
    id: event.entityId, type: String(c.type), priority: c.priority as NotificationDto["priority"], title: String(c.title ?? ""),
    body: String(c.body ?? ""), entity: (c.entity as string | null) ?? null, entityId: (c.entityId as number | null) ?? null,
    sourceSeq: Number(c.sourceSeq), actorId: (c.actorId as number | null) ?? null, createdAt: String(c.createdAt),
    readAt: (c.readAt as string | null) ?? null, snoozedUntil: (c.snoozedUntil as string | null) ?? null, version: event.version,
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
