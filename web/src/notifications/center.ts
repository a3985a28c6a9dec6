import type { EventEnvelope, LiveDeskClient } from "../live";
import { notificationsApi, type NotificationsApi } from "./api";
import { NotificationFeed, showing, type FeedFilter } from "./feed";
import type { NotificationDto, NotificationPreferences } from "./types";

/** The unread set behind the badge is loaded whole up to this many; beyond it the badge says "99+" anyway. */
const unreadCap = 500;
const recentSize = 50;

type Listener = () => void;

/**
 * One signed-in user's notification centre in this tab: the bell's newest notifications, every unread one (the
 * badge is their number, so it always equals the list: both come from the same rows and the same events), the
 * preferences, and any list a page shows. It applies the `notification.*` events of the user's room to all of them,
 * loads them again after a reset, and tells the toasts what arrived.
 */
export class NotificationCenter {
  readonly api: NotificationsApi;
  /** The newest ones, read or not: the bell's drop-down. */
  readonly recent: NotificationFeed;
  /** Every unread one: the badge. */
  readonly unread: NotificationFeed;
  private readonly feeds = new Set<NotificationFeed>();
  private readonly arrivalListeners = new Set<(n: NotificationDto) => void>();
  private readonly preferenceListeners = new Set<Listener>();
  private preferencesValue: NotificationPreferences | null = null;
  private stops: (() => void)[] = [];

  constructor(private readonly client: LiveDeskClient, private readonly now: () => number = Date.now) {
    this.api = notificationsApi(client.api);
    this.recent = this.feed({}, 1, recentSize);
    this.unread = this.feed({ unread: true }, unreadCap / 100, 100);
  }

  /** A list with filters for a page: `attach` it to keep it current while the page shows it. */
  feed(filter: FeedFilter, pages = 1, limit = recentSize) {
    return new NotificationFeed((f, before) => this.api.page({ ...f, before, limit }), filter, pages, this.now);
  }

  start() {
    if (this.stops.length > 0) return;
    this.stops = [
      this.client.onEvents(events => this.applyEvents(events)),
      this.client.onReset(() => { for (const feed of this.feeds) void feed.load(); void this.loadPreferences().catch(() => {}); }),
      this.attach(this.recent),
      this.attach(this.unread),
      // More unread ones than were loaded, and most of those read meanwhile: load the rest so the count stays exact.
      this.unread.subscribe(() => {
        const { loaded, items } = this.unread.snapshot;
        if (loaded && !this.unread.complete && items.length < unreadCap - 100) void this.unread.load();
      }),
    ];
    void this.client.firstLive.then(() => this.loadPreferences()).catch(() => {}); // the next reset or page load tries again
  }

  stop() {
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  /** Keeps a feed current (events, resets, this tab's own changes) until the returned function is called. */
  attach(feed: NotificationFeed) {
    this.feeds.add(feed);
    void this.client.firstLive.then(() => { if (this.feeds.has(feed)) void feed.load(); });
    return () => { this.feeds.delete(feed); if (feed !== this.recent && feed !== this.unread) feed.dispose(); };
  }

  /** The unread count and whether it is exact (every unread one is loaded). */
  get unreadCount() {
    return { count: this.unread.snapshot.items.length, exact: this.unread.complete || !this.unread.snapshot.loaded };
  }

  get preferences() { return this.preferencesValue; }

  onPreferences(listener: Listener) {
    this.preferenceListeners.add(listener);
    return () => { this.preferenceListeners.delete(listener); };
  }

  /** A notification that arrived live and is still unread after its batch: what the toasts present. */
  onArrival(listener: (n: NotificationDto) => void) {
    this.arrivalListeners.add(listener);
    return () => { this.arrivalListeners.delete(listener); };
  }

  async loadPreferences() {
    this.acceptPreferences(await this.api.preferences(), true);
  }

  /** Preferences from the server (a GET, a PUT's answer, an event): never an older version over a newer one, except
   * that a reload (after a 412 or a reset) takes whatever the server says. */
  acceptPreferences(preferences: NotificationPreferences, reload = false) {
    if (!reload && this.preferencesValue && preferences.version <= this.preferencesValue.version) return;
    this.preferencesValue = preferences;
    for (const listener of this.preferenceListeners) listener();
  }

  markRead = (n: NotificationDto) => this.change(this.api.read(n.id));
  markUnread = (n: NotificationDto) => this.change(this.api.unread(n.id));
  snooze = (n: NotificationDto, until: Date) => this.change(this.api.snooze(n.id, until));
  // read-all and clear answer only a count: their event (in a moment, to every tab alike) updates the lists.
  readAll = async () => { await this.api.readAll(); };
  clearRead = async () => { await this.api.clearRead(); };

  async remove(n: NotificationDto) {
    await this.api.remove(n.id);
    for (const feed of this.feeds) feed.forget(n.id);
  }

  private async change(request: Promise<NotificationDto>) {
    const changed = await request;
    for (const feed of this.feeds) feed.accept(changed);
  }

  private applyEvents(events: EventEnvelope[]) {
    for (const feed of this.feeds) feed.apply(events);
    for (const event of events) {
      if (event.type === "notification_preferences.updated") {
        this.acceptPreferences({ ...(event.changes as unknown as Omit<NotificationPreferences, "version">), version: event.version });
      }
    }
    // What a reconnect replays is history (the bell has it); only what arrives while connected is news.
    if (this.client.connection.status.state !== "live") return;
    for (const event of events) {
      if (event.type !== "notification.created") continue;
      const n = this.recent.peek(event.entityId);
      if (n && n.readAt === null && showing(n, this.now())) for (const listener of this.arrivalListeners) listener(n);
    }
  }
}
