import { useCallback } from "react";
import { useNavigate, useParams } from "react-router";
import { useLiveDesk, viewsFor } from "../live";
import { ticketsPath } from "../tickets/paths";
import { useNotificationCenter } from "./hooks";
import type { NotificationDto } from "./types";

/**
 * Opening a notification marks it read and shows what it is about: a ticket in the view on screen (or the first
 * view from another page); anything else (an announcement) on the notifications page.
 */
export function useOpenNotification() {
  const center = useNotificationCenter();
  const me = useLiveDesk().me;
  const navigate = useNavigate();
  const view = useParams().view;
  return useCallback((n: NotificationDto) => {
    // A failed mark is harmless: it stays unread, and the list says so.
    if (n.readAt === null) void center.markRead(n).catch(() => {});
    const views = viewsFor(me);
    if (n.entity === "ticket" && n.entityId !== null) navigate(ticketsPath((views.find(v => v.key === view) ?? views[0]).key, n.entityId));
    else navigate("/notifications");
  }, [center, me, navigate, view]);
}
