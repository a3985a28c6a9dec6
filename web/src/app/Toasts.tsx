import { useCallback, useEffect, useState } from "react";
import { useNotices, type Notice } from "../live";

const toastMs = 8000;

/**
 * Toasts for what needs attention now (assigned to me, an urgent ticket in my queue). When the user allowed it,
 * the browser's own notification is shown too while the tab is in the background.
 */
export function Toasts({ openTicketId, onOpen }: { openTicketId: number | null; onOpen: (ticketId: number) => void }) {
  const [toasts, setToasts] = useState<Notice[]>([]);
  const [permission, setPermission] = useState(() => ("Notification" in window ? Notification.permission : "denied"));
  const dismiss = useCallback((seq: number) => setToasts(list => list.filter(t => t.seq !== seq)), []);

  useNotices(notice => {
    // The ticket on screen already shows the change; the bell still keeps it.
    if (!notice.toast || (notice.ticketId === openTicketId && document.visibilityState === "visible")) return;
    setToasts(list => [notice, ...list.filter(t => t.seq !== notice.seq)].slice(0, 4));
    setTimeout(() => dismiss(notice.seq), toastMs);
    if (permission === "granted" && document.visibilityState !== "visible") {
      const desktop = new Notification("LiveDesk", { body: notice.text, tag: `livedesk-${notice.seq}` });
      desktop.onclick = () => { window.focus(); onOpen(notice.ticketId); };
    }
  });

  useEffect(() => {
    if (!("Notification" in window)) return;
    const sync = () => setPermission(Notification.permission);
    document.addEventListener("visibilitychange", sync);
    return () => document.removeEventListener("visibilitychange", sync);
  }, []);

  return (
    <div className="toasts" aria-live="assertive">
      {permission === "default" && (
        <button type="button" className="link desktop-alerts"
          onClick={() => void Notification.requestPermission().then(setPermission)}>Enable desktop alerts</button>
      )}
      {toasts.map(toast => (
        <div key={toast.seq} className={`toast ${toast.kind}`} role="alert">
          <button type="button" className="link" onClick={() => { dismiss(toast.seq); onOpen(toast.ticketId); }}>{toast.text}</button>
          <button type="button" className="close" aria-label="Dismiss" onClick={() => dismiss(toast.seq)}>×</button>
        </div>
      ))}
    </div>
  );
}
