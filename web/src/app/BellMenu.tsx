import { useEffect, useRef, useState } from "react";
import { useBell, useLiveDesk } from "../live";
import { timeAgo } from "../shared/format";

/** The notification bell: unread count, and a dropdown of recent items that concern me. */
export function BellMenu({ onOpen }: { onOpen: (ticketId: number) => void }) {
  const bell = useLiveDesk().bell;
  const { items, unread } = useBell();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => { if (!menu.current?.contains(event.target as Node)) setOpen(false); };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  return (
    <div className="bell" ref={menu} onKeyDown={event => { if (event.key === "Escape") setOpen(false); }}>
      <button type="button" aria-haspopup="true" aria-expanded={open} aria-label={`Notifications, ${unread} unread`}
        onClick={() => { setOpen(!open); if (!open) bell.markAllRead(); }}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unread > 0 && <span className="badge" data-testid="bell-count">{unread}</span>}
      </button>
      {open && (
        <div className="bell-menu" role="menu" aria-label="Recent notifications">
          {items.length === 0 && <p className="muted empty">Nothing yet. Assignments and mentions show up here.</p>}
          {items.map(item => (
            <button type="button" role="menuitem" key={`${item.seq}-${item.kind}`} className={`bell-item ${item.kind}`}
              onClick={() => { setOpen(false); onOpen(item.ticketId); }}>
              <span>{item.text}</span>
              <span className="muted">{timeAgo(item.at)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
