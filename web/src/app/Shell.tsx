import { Link, Outlet, useLocation, useNavigate, useParams } from "react-router";
import { useLiveDesk, viewsFor } from "../live";
import { ticketIdFrom, ticketsPath } from "../tickets/paths";
import { BellMenu } from "./BellMenu";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { Toasts } from "./Toasts";

/** The frame around every page: the top bar (connection, bell, who is signed in) and the page the URL names. */
export function Shell({ onSignOut }: { onSignOut: () => void }) {
  const me = useLiveDesk().me;
  const params = useParams();
  const navigate = useNavigate();
  const home = viewsFor(me)[0].key;
  const openTicketId = ticketIdFrom(params.ticketId);
  const portal = me.role === "customer";
  const onLeads = useLocation().pathname.startsWith("/leads");
  // The bell and toasts open a ticket in the view on screen, or in the first view from another page.
  const openTicket = (ticketId: number) => navigate(ticketsPath(viewsFor(me).find(v => v.key === params.view)?.key ?? home, ticketId));

  return (
    <div className={`shell${openTicketId ? " has-detail" : ""}`}>
      <header className="topbar">
        <Link className="brand" to={ticketsPath(home)}>LiveDesk{portal && <span className="muted"> · Support portal</span>}</Link>
        {!portal && (
          <nav className="sections" aria-label="Sections">
            <Link to={ticketsPath(home)} className={onLeads ? undefined : "current"}>Tickets</Link>
            <Link to="/leads" className={onLeads ? "current" : undefined} aria-current={onLeads ? "page" : undefined}>Pipeline</Link>
          </nav>
        )}
        <ConnectionIndicator />
        <div className="spacer" />
        <BellMenu onOpen={openTicket} />
        <span className="who" title={me.email}>{me.displayName}</span>
        <button type="button" className="link" onClick={onSignOut}>Sign out</button>
      </header>
      <Outlet />
      <Toasts openTicketId={openTicketId} onOpen={openTicket} />
    </div>
  );
}
