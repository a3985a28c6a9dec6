import { createContext, useContext, useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from "react";
import { useLiveDesk } from "../live";
import { NotificationCenter } from "./center";
import type { FeedFilter, NotificationFeed } from "./feed";
import type { NotificationDto } from "./types";

const CenterContext = createContext<NotificationCenter | null>(null);

/** One notification centre per signed-in client, for every screen under it (the bell, toasts, pages). */
export function NotificationCenterProvider({ children }: { children: ReactNode }) {
  const client = useLiveDesk();
  const center = useMemo(() => new NotificationCenter(client), [client]);
  useEffect(() => {
    center.start();
    return () => center.stop();
  }, [center]);
  return <CenterContext.Provider value={center}>{children}</CenterContext.Provider>;
}

export function useNotificationCenter(): NotificationCenter {
  const center = useContext(CenterContext);
  if (!center) throw new Error("useNotificationCenter must be used inside <NotificationCenterProvider>.");
  return center;
}

export function useFeed(feed: NotificationFeed) {
  return useSyncExternalStore(feed.subscribe, () => feed.snapshot);
}

/** A list with filters for as long as the screen shows it: loaded, then kept current live. */
export function useFilteredFeed(filter: FeedFilter) {
  const center = useNotificationCenter();
  const { unread, type } = filter;
  const feed = useMemo(() => center.feed({ unread, type }), [center, unread, type]);
  useEffect(() => center.attach(feed), [center, feed]);
  return { feed, ...useFeed(feed) };
}

/** The badge: every unread one the lists show, and whether that is all of them. */
export function useUnreadCount() {
  const center = useNotificationCenter();
  useFeed(center.unread);
  return center.unreadCount;
}

export function usePreferences() {
  const center = useNotificationCenter();
  return useSyncExternalStore(listener => center.onPreferences(listener), () => center.preferences);
}

export function useArrivals(handler: (n: NotificationDto) => void) {
  const center = useNotificationCenter();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => center.onArrival(n => latest.current(n)), [center]);
}
