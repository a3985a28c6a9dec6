import { QueryClient } from "@tanstack/react-query";
import { LiveDeskApi } from "./api";
import { LiveConnection } from "./connection";
import { FeatureFlags } from "./flags";
import { PeriodicSync } from "./periodicSync";
import type { Session } from "./session";
import { browserSessionDeps, SessionKeeper } from "./sessionKeeper";
import { installTestHooks } from "./testHooks";
import { queryKeys, TicketStore } from "./ticketStore";
import type { EventEnvelope, UserDto } from "./types";
import { isStaff } from "./types";
import { LiveValves } from "./valves";
import { views, type ViewKey } from "./views";

export const usersQuery = (api: LiveDeskApi) => ({ queryKey: ["users"], queryFn: () => api.users() });

type EventListener = (events: EventEnvelope[]) => void;
type ResetListener = () => void;

/**
 * Everything one signed-in user's screens share: the REST client, the live connection, the query cache that the
 * live events keep current, and the session keeper that renews the access token before it expires (and moves the
 * live connection to each new one). Screens use it through the hooks in hooks.ts; features (notifications) listen to
 * its events and resets.
 */
export class LiveDeskClient {
  readonly api: LiveDeskApi;
  readonly keeper: SessionKeeper;
  readonly queryClient: QueryClient;
  readonly store: TicketStore;
  readonly connection: LiveConnection;
  readonly me: UserDto;
  /** The admins' feature flags and the circuit breakers: how each entity type's events reach the cache. */
  readonly flags = new FeatureFlags();
  readonly valves: LiveValves;
  /** The periodic full sync of the ticket lists on screen against the server's digests. */
  readonly sync: PeriodicSync;
  /** Resolves once the first Resume answered: lists load only after it, so no event falls between the two. */
  readonly firstLive: Promise<void>;
  private readonly eventListeners = new Set<EventListener>();
  private readonly resetListeners = new Set<ResetListener>();

  /** `onSignedOut` is called once, when the session is over: refused by the server (with the reason to show), or
   * signed out in another tab (null). */
  constructor(session: Session, onSignedOut: (reason: string | null) => void, keeper?: SessionKeeper) {
    this.me = session.user;
    this.keeper = keeper ?? new SessionKeeper(session, browserSessionDeps(refreshToken => LiveDeskApi.refresh(refreshToken)));
    this.keeper.onEnded(reason => onSignedOut(reason));
    const expired = () => this.keeper.end("Your session has expired. Please sign in again.");
    this.api = new LiveDeskApi(() => this.keeper.token, {
      refreshAfterRefusal: token => this.keeper.refreshAfterRefusal(token),
      signOut: reason => this.keeper.end(reason),
    });
    this.queryClient = new QueryClient({
      defaultOptions: {
        // Live events keep the cache current; refetching on focus or on a timer would only hide bugs.
        queries: { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: 2 },
      },
    });
    this.valves = new LiveValves(this.flags, { report: report => this.api.report(report) });
    this.store = new TicketStore(this.queryClient, this.me, this.api, () => this.connection.cursor?.seq ?? 0, this.valves);
    let markLive!: () => void;
    this.firstLive = new Promise(resolve => { markLive = resolve; });
    this.connection = new LiveConnection({
      accessToken: () => this.keeper.token,
      beforeConnect: () => this.keeper.ensureFresh(),
      renewToken: token => this.keeper.refreshAfterRefusal(token),
      onEvents: events => this.applyEvents(events),
      onReset: async epochChanged => {
        // The flags may have changed while we could not hear it: the views reload under the current ones.
        await this.loadFlags();
        for (const listener of this.resetListeners) listener();
        await this.store.reload(epochChanged);
      },
      onUnauthorized: expired,
    });
    const unsubscribe = this.connection.onStatus(status => {
      if (status.state === "live") { markLive(); unsubscribe(); }
    });
    // A new token (this tab's refresh or another tab's): the open connection moves to it rather than closing.
    this.keeper.onRefreshed(() => void this.connection.reauthenticate());
    this.sync = new PeriodicSync({
      openViews: () => this.openTicketViews().map(key => ({ key, filters: views[key].filters(this.me) })),
      digest: filter => this.api.ticketDigest(filter),
      cached: key => this.store.cachedDigest(key as ViewKey),
      cursor: () => this.connection.cursor,
      catchUp: () => this.connection.catchUpNow(),
      repair: key => this.store.repairView(key as ViewKey),
      report: report => this.valves.report(report),
      skip: () => this.flags.mode("ticket") === "poll",
    });
  }

  start() {
    this.keeper.start();
    void this.loadFlags();
    this.valves.start();
    this.connection.start();
    this.sync.start();
    installTestHooks(this);
    // Names for every screen, read from the same cache entry through useDirectory.
    if (isStaff(this.me.role)) void this.queryClient.prefetchQuery(usersQuery(this.api));
  }

  async stop() {
    this.keeper.stop();
    this.valves.stop();
    this.sync.stop();
    await this.connection.stop();
    this.queryClient.clear();
  }

  /** The Sign out button: ends the session on the server too, so its tokens stop working at once. */
  async signOut() {
    const logout = this.api.logout().catch(() => {}); // best effort: the server may be unreachable
    this.keeper.signOut();
    await logout;
  }

  userName(id: number | null): string {
    if (id === null) return "Someone";
    if (id === this.me.id) return "You";
    const user = this.queryClient.getQueryData<UserDto[]>(usersQuery(this.api).queryKey)?.find(u => u.id === id);
    return user?.displayName ?? (isStaff(this.me.role) ? `User ${id}` : "Support");
  }

  onEvents(listener: EventListener) {
    this.eventListeners.add(listener);
    return () => { this.eventListeners.delete(listener); };
  }

  /** The server could not replay what was missed: every screen's own data must be fetched again. */
  onReset(listener: ResetListener) {
    this.resetListeners.add(listener);
    return () => { this.resetListeners.delete(listener); };
  }

  /** The user's own access changed (role, teams; access.ts): every screen fetches its data again, as after a reset. */
  refetchForNewAccess() {
    for (const listener of this.resetListeners) listener();
    return this.store.reload(false);
  }

  /** Reads the effective flags; unreachable, the ones known (or live) stay, and the flag events keep them current. */
  private async loadFlags() {
    try {
      this.flags.accept(await this.api.flags());
    } catch {
      // Offline or an older server: keep what we have.
    }
  }

  /** The ticket lists on screen (their counts included): what the periodic sync checks. */
  private openTicketViews(): ViewKey[] {
    return this.queryClient.getQueryCache().findAll({ queryKey: queryKeys.views, type: "active" })
      .map(query => query.queryKey[1] as ViewKey)
      .filter(key => key in views);
  }

  private applyEvents(events: EventEnvelope[]) {
    // Flags first: a batch that switches a type and then carries its events is handled under the new mode.
    this.flags.applyEvents(events);
    this.store.apply(events);
    for (const listener of this.eventListeners) listener(events);
  }
}
