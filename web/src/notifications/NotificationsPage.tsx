import { useState } from "react";
import { Link } from "react-router";
import { useAction } from "../shared/useAction";
import { useFilteredFeed, useNotificationCenter, useUnreadCount } from "./hooks";
import { NotificationItem } from "./NotificationItem";
import { typeLabels } from "./types";
import { useOpenNotification } from "./useOpenNotification";

/** Every notification (#/notifications): filtered by unread and type, paged with "load more", live like the bell. */
export function NotificationsPage() {
  const center = useNotificationCenter();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [type, setType] = useState("");
  const { feed, items, loaded, hasMore, error } = useFilteredFeed({ unread: unreadOnly, type: type || null });
  const { count, exact } = useUnreadCount();
  const open = useOpenNotification();
  const action = useAction();
  const more = useAction();

  return (
    <main className="notifications-page">
      <div className="notifications-head">
        <h2>Notifications <span className="count" data-testid="unread-count">{count}{exact ? "" : "+"} unread</span></h2>
        <Link to="/settings/notifications">Notification settings</Link>
      </div>
      <div className="notifications-toolbar">
        <label>Show <select aria-label="Show" value={unreadOnly ? "unread" : "all"} onChange={e => setUnreadOnly(e.target.value === "unread")}>
          <option value="all">All</option>
          <option value="unread">Unread only</option>
        </select></label>
        <label>Type <select aria-label="Type" value={type} onChange={e => setType(e.target.value)}>
          <option value="">All types</option>
          {Object.entries(typeLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select></label>
        <button type="button" disabled={action.busy || count === 0} onClick={() => action.run(center.readAll)}>Mark all read</button>
        <button type="button" disabled={action.busy} onClick={() => action.run(center.clearRead)}>Clear read</button>
      </div>
      {action.error && <p className="error" role="alert">{action.error}</p>}
      {error && <p className="error" role="alert">Could not load notifications: {error}</p>}
      {!loaded && !error && <p className="muted" role="status">Loading notifications…</p>}
      {loaded && items.length === 0 && <p className="muted empty">{unreadOnly || type ? "None match." : "No notifications."}</p>}
      <ul className="notification-list">
        {items.map(n => <NotificationItem key={n.id} n={n} onOpen={open} />)}
      </ul>
      {hasMore && <button type="button" disabled={more.busy} onClick={() => more.run(() => feed.loadMore())}>Load more</button>}
    </main>
  );
}
