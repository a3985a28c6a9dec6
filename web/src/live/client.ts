import { QueryClient } from "@tanstack/react-query";
import { LiveDeskApi } from "./api";
import { LiveConnection } from "./connection";
import type { Session } from "./session";
import { TicketStore } from "./ticketStore";
import type { EventEnvelope, UserDto } from "./types";
import { isStaff } from "./types";

export const usersQuery = (api: LiveDeskApi) => ({ queryKey: ["users"], queryFn: () => api.users() });

type EventListener = (events: EventEnvelope[]) => void;
type ResetListener = () => void;

/**
 * Everything one signed-in user's screens share: the REST client, the live connection and the query cache that the
 * live events keep current. Screens use it through the hooks in hooks.ts; features (notifications) listen to its
 * events and resets.
 */
export class LiveDeskClient {
  readonly api: LiveDeskApi;
  readonly queryClient: QueryClient;
  readonly store: TicketStore;
  readonly connection: LiveConnection;
  readonly me: UserDto;
  /** Resolves once the first Resume answered: lists load only after it, so no event falls between the two. */
  readonly firstLive: Promise<void>;
  private readonly eventListeners = new Set<EventListener>();
  private readonly resetListeners = new Set<ResetListener>();

  constructor(session: Session, onSignedOut: (reason: string) => void) {
    this.me = session.user;
    const expired = () => onSignedOut("Your session has expired. Please sign in again.");
    this.api = new LiveDeskApi(() => session.token, expired);
    this.queryClient = new QueryClient({
      defaultOptions: {
        // Live events keep the cache current; refetching on focus or on a timer would only hide bugs.
        queries: { staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: 2 },
      },
    });
    this.store = new TicketStore(this.queryClient, this.me, this.api, () => this.connection.cursor?.seq ?? 0);
    let markLive!: () => void;
    this.firstLive = new Promise(resolve => { markLive = resolve; });
    this.connection = new LiveConnection({
      accessToken: () => session.token,
      onEvents: events => this.applyEvents(events),
      onReset: async epochChanged => {
        for (const listener of this.resetListeners) listener();
        await this.store.reload(epochChanged);
      },
      onUnauthorized: expired,
    });
    const unsubscribe = this.connection.onStatus(status => {
      if (status.state === "live") { markLive(); unsubscribe(); }
    });
  }

  start() {
    this.connection.start();
    // Names for every screen, read from the same cache entry through useDirectory.
    if (isStaff(this.me.role)) void this.queryClient.prefetchQuery(usersQuery(this.api));
  }

  async stop() {
    await this.connection.stop();
    this.queryClient.clear();
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

  private applyEvents(events: EventEnvelope[]) {
    this.store.apply(events);
    for (const listener of this.eventListeners) listener(events);
  }
}
