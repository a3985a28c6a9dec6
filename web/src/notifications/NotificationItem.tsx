import { useState } from "react";
import { timeAgo } from "../shared/format";
import { useAction } from "../shared/useAction";
import { snoozeChoices } from "./choices";
import { useNotificationCenter } from "./hooks";
import { typeLabel, type NotificationDto } from "./types";

/** One notification with what can be done to it: open it (which reads it), mark it read or unread, snooze, delete. */
export function NotificationItem({ n, onOpen }: { n: NotificationDto; onOpen: (n: NotificationDto) => void }) {
  const center = useNotificationCenter();
  const action = useAction();
  const [snoozing, setSnoozing] = useState(false);
  const unread = n.readAt === null;

  return (
    <li className={`notification ${unread ? "unread" : "read"} priority-${n.priority}`} data-notification-id={n.id}>
      <button type="button" className="notification-open" onClick={() => onOpen(n)}>
        <span className="notification-title">
          {unread && <span className="unread-dot" role="img" aria-label="Unread" />}
          {n.title}
        </span>
        {n.body && <span className="notification-body">{n.body}</span>}
        <span className="muted notification-meta">{typeLabel(n.type)} · {timeAgo(n.createdAt)}</span>
      </button>
      <div className="notification-actions">
        <button type="button" className="link" disabled={action.busy}
          onClick={() => action.run(() => (unread ? center.markRead(n) : center.markUnread(n)))}>{unread ? "Mark read" : "Mark unread"}</button>
        <button type="button" className="link" aria-expanded={snoozing} disabled={action.busy} onClick={() => setSnoozing(!snoozing)}>Snooze</button>
        <button type="button" className="link" disabled={action.busy} onClick={() => action.run(() => center.remove(n))}>Delete</button>
      </div>
      {snoozing && (
        <div className="snooze-choices" role="group" aria-label="Snooze until">
          {snoozeChoices(new Date()).map(choice => (
            <button key={choice.label} type="button" disabled={action.busy}
              onClick={() => action.run(async () => { await center.snooze(n, choice.until); setSnoozing(false); })}>{choice.label}</button>
          ))}
        </div>
      )}
      {action.error && <p className="error" role="alert">{action.error}</p>}
    </li>
  );
}
