import { useCallback, useEffect, useState } from "react";
import { raiseDesktop } from "./desktop";
import { useArrivals, useFeed, useNotificationCenter } from "./hooks";
import { presentationFor } from "./presentation";
import type { NotificationDto } from "./types";
import { useOpenNotification } from "./useOpenNotification";

const toastMs = 8000;
const permissionNow = (): NotificationPermission => ("Notification" in window ? Notification.permission : "denied");

/**
 * What arrives live is presented by its priority (presentation.ts): a toast, and for urgent and high ones in a
 * background tab the browser's desktop notification, within the user's quiet hours, do-not-disturb and desktop
 * channel. A toast goes away when its notification is read or deleted, here or in another tab.
 */
export function Toasts({ openTicketId }: { openTicketId: number | null }) {
  const center = useNotificationCenter();
  const open = useOpenNotification();
  const recent = useFeed(center.recent).items;
  const [toasts, setToasts] = useState<NotificationDto[]>([]);
  const [permission, setPermission] = useState(permissionNow);
  const dismiss = useCallback((id: number) => setToasts(list => list.filter(t => t.id !== id)), []);

  useArrivals(n => {
    const visible = document.visibilityState === "visible";
    const shown = presentationFor(n, {
      now: new Date(), hidden: !visible, permission: permissionNow(), preferences: center.preferences,
      onScreen: visible && n.entity === "ticket" && n.entityId === openTicketId,
    });
    if (shown.toast) {
      setToasts(list => [n, ...list.filter(t => t.id !== n.id)].slice(0, 4));
      setTimeout(() => dismiss(n.id), toastMs);
    }
    if (shown.desktop) void raiseDesktop(n, () => open(n));
  });

  useEffect(() => {
    if (!("Notification" in window)) return;
    const sync = () => setPermission(Notification.permission);
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
  }, []);

  const unread = new Set(recent.filter(n => n.readAt === null).map(n => n.id));
  return (
    <div className="toasts" aria-live="assertive">
      {permission === "default" && (
        <button type="button" className="link desktop-alerts"
          onClick={() => void Notification.requestPermission().then(setPermission)}>Enable desktop alerts</button>
      )}
      {toasts.filter(t => unread.has(t.id)).map(toast => (
        <div key={toast.id} className={`toast priority-${toast.priority}`} role="alert" data-notification-id={toast.id}>
          <button type="button" className="link" onClick={() => { dismiss(toast.id); open(toast); }}>{toast.title}</button>
          <button type="button" className="close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
