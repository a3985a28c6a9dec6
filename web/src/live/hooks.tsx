import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";
import { usersQuery, type LiveDeskClient } from "./client";
import type { ConnectionStatus } from "./connection";
import { queryKeys } from "./ticketStore";
import type { EntityList, Versioned } from "./entityList";
import type { EventEnvelope } from "./types";
import type { ViewKey } from "./views";

const ClientContext = createContext<LiveDeskClient | null>(null);

export function LiveDeskProvider({ client, children }: { client: LiveDeskClient; children: ReactNode }) {
  return (
    <ClientContext.Provider value={client}>
      <QueryClientProvider client={client.queryClient}>{children}</QueryClientProvider>
    </ClientContext.Provider>
  );
}

export function useLiveDesk(): LiveDeskClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error("useLiveDesk must be used inside <LiveDeskProvider>.");
  return client;
}

/** A ticket view's rows, newest first, kept current by live events; its length is the view's count. */
export function useTickets(view: ViewKey) {
  const client = useLiveDesk();
  return useQuery({
    queryKey: queryKeys.view(view),
    queryFn: async () => {
      await client.firstLive;
      return client.store.loadView(view);
    },
  });
}

/**
 * One ticket, kept current by live events; `data` is null once it is deleted or out of sight. While mounted, the
 * connection is in the ticket's room, so its comments (and, for staff, internal notes) arrive live.
 */
export function useTicket(id: number) {
  const client = useLiveDesk();
  useEffect(() => client.connection.join(`ticket:${id}`), [client, id]);
  return useQuery({
    queryKey: queryKeys.ticket(id),
    queryFn: async () => {
      await client.firstLive;
      return client.store.loadTicket(id);
    },
    initialData: () => client.store.peek(id),
  });
}

export function useComments(ticketId: number) {
  const client = useLiveDesk();
  return useQuery({
    queryKey: queryKeys.comments(ticketId),
    queryFn: async () => {
      await client.firstLive;
      return client.store.loadComments(ticketId);
    },
  });
}

export function useConnectionState(): ConnectionStatus {
  const connection = useLiveDesk().connection;
  return useSyncExternalStore(listener => connection.onStatus(listener), () => connection.status);
}

/** Calls `handler` for every applied event that passes `filter` (e.g. to highlight a changed row). */
export function useLiveEvents(filter: (event: EventEnvelope) => boolean, handler: (event: EventEnvelope) => void) {
  const client = useLiveDesk();
  const latest = useRef({ filter, handler });
  latest.current = { filter, handler };
  useEffect(() => client.onEvents(events => {
    for (const event of events) if (latest.current.filter(event)) latest.current.handler(event);
  }), [client]);
}

/** The effective feature flags, current with every `feature_flag.updated` event. */
export function useFeatureFlags() {
  const flags = useLiveDesk().flags;
  return useSyncExternalStore(flags.subscribe, () => flags.snapshot);
}

/** Reference data (people, teams, queues) loaded once per session. Customers may not list users or teams. */
export function useDirectory() {
  const client = useLiveDesk();
  const staff = client.me.role !== "customer";
  const users = useQuery({ ...usersQuery(client.api), enabled: staff });
  const teams = useQuery({ queryKey: ["teams"], queryFn: () => client.api.teams(), enabled: staff });
  const queues = useQuery({ queryKey: ["queues"], queryFn: () => client.api.queues() });
  return { users: users.data ?? [], teams: teams.data ?? [], queues: queues.data ?? [] };
}

/** A screen's live list while it is mounted: loaded once the connection is live, patched by the live events of its
 * entity (or refetched, or polled, as the entity type's flag and breaker say), and loaded again after a reset (when the
 * server could not replay what was missed). */
export function useLiveList<T extends Versioned>(list: EntityList<T>) {
  const client = useLiveDesk();
  useEffect(() => {
    list.valves = client.valves;
    const stopEvents = client.onEvents(events => list.apply(events));
    const stopResets = client.onReset(() => void list.load());
    // Poll mode for the list's type: the timer loads it again instead of the events patching it.
    const stopPolling = client.valves.registerView(list.entity, () => list.load());
    void client.firstLive.then(() => list.load());
    return () => { stopEvents(); stopResets(); stopPolling(); };
  }, [list, client]);
  return useSyncExternalStore(list.subscribe, () => list.snapshot);
}
