import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useAction } from "../shared/useAction";
import { useFeed, useNotificationCenter, useUnreadCount } from "./hooks";
import { NotificationItem } from "./NotificationItem";
import { useOpenNotification } from "./useOpenNotification";

const shown = 50;

/** The bell: the unread count, and a drop-down of the newest notifications with what can be done to them. */
export function BellMenu() {
  const center = useNotificationCenter();
  const { items, loaded, error } = useFeed(center.recent);
  const { count } = useUnreadCount();
  const open = useOpenNotification();
  const readAll = useAction();
  const [expanded, setExpanded] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!expanded) return;
    const close = (event: MouseEvent) => { if (!menu.current?.contains(event.target as Node)) setExpanded(false); };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [expanded]);

  return (
    <div className="bell" ref={menu} onKeyDown={event => { if (event.key === "Escape") setExpanded(false); }}>
      <button type="button" aria-haspopup="dialog" aria-expanded={expanded} aria-label={`Notifications, ${count} unread`}
        onClick={() => setExpanded(!expanded)}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {count > 0 && <span className="badge" data-testid="bell-count">{count > 99 ? "99+" : count}</span>}
      </button>
      {expanded && (
        <div className="bell-menu" role="dialog" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button type="button" className="link" disabled={count === 0 || readAll.busy} onClick={() => readAll.run(center.readAll)}>Mark all read</button>
            <Link to="/notifications" onClick={() => setExpanded(false)}>See all</Link>
            <Link to="/settings/notifications" onClick={() => setExpanded(false)}>Settings</Link>
          </div>
          {readAll.error && <p className="error" role="alert">{readAll.error}</p>}
          {error && <p className="error" role="alert">Could not load notifications: {error}</p>}
          {loaded && items.length === 0 && <p className="muted empty">Nothing yet. Assignments and mentions show up here.</p>}
          <ul className="notification-list">
            {items.slice(0, shown).map(n => <NotificationItem key={n.id} n={n} onOpen={item => { setExpanded(false); open(item); }} />)}
          </ul>
        </div>
      )}
    </div>
  );
}
