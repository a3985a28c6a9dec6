import { useEffect } from "react";
import { useLiveDesk, useTickets, viewsFor, type ViewKey } from "../live";
import { BellMenu } from "./BellMenu";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { NewTicketForm } from "./NewTicketForm";
import { navigate, routeHref, useRoute } from "./route";
import { TicketDetail } from "./TicketDetail";
import { TicketList } from "./TicketList";
import { Toasts } from "./Toasts";

export function Shell({ onSignOut }: { onSignOut: () => void }) {
  const client = useLiveDesk();
  const me = client.me;
  const available = viewsFor(me);
  const route = useRoute();
  const view = available.find(v => v.key === route.view) ?? available[0];
  const portal = me.role === "customer";

  useEffect(() => {
    if (route.view !== view.key) navigate(view.key, route.ticketId);
  }, [route.view, route.ticketId, view.key]);

  return (
    <div className={`shell${route.ticketId ? " has-detail" : ""}`}>
      <header className="topbar">
        <a className="brand" href={routeHref(available[0].key)}>LiveDesk{portal && <span className="muted"> · Support portal</span>}</a>
        <ConnectionIndicator />
        <div className="spacer" />
        <BellMenu onOpen={ticketId => navigate(view.key, ticketId)} />
        <span className="who" title={me.email}>{me.displayName}</span>
        <button type="button" className="link" onClick={onSignOut}>Sign out</button>
      </header>
      <nav className="views" aria-label="Ticket views">
        {available.map(v => <ViewLink key={v.key} view={v.key} label={v.label} current={v.key === view.key} ticketId={route.ticketId} />)}
        {portal && <NewTicketForm onCreated={id => navigate(view.key, id)} />}
      </nav>
      <main className="list-pane">
        <TicketList view={view.key} title={view.label} selectedId={route.ticketId} onOpen={id => navigate(view.key, id)} />
      </main>
      {route.ticketId && (
        <section className="detail-pane" aria-label="Ticket detail">
          <TicketDetail key={route.ticketId} id={route.ticketId} onClose={() => navigate(view.key)} />
        </section>
      )}
      <Toasts openTicketId={route.ticketId} onOpen={ticketId => navigate(view.key, ticketId)} />
    </div>
  );
}

/** A view's menu entry. Its count is the length of the same cached list the view shows, so the two always agree. */
function ViewLink({ view, label, current, ticketId }: { view: ViewKey; label: string; current: boolean; ticketId: number | null }) {
  const tickets = useTickets(view);
  return (
    <a href={routeHref(view, ticketId)} className={current ? "current" : undefined} aria-current={current ? "page" : undefined} data-view={view}>
      <span>{label}</span>
      <span className="count" data-testid={`count-${view}`}>{tickets.data ? tickets.data.length : "…"}</span>
    </a>
  );
}
