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
  const path = useLocation().pathname;
  const section = ["/leads", "/inbox", "/messages", "/campaigns", "/contacts", "/organizations"].find(prefix => path.startsWith(prefix)) ?? "tickets";
  const link = (to: string, label: string, key: string) =>
    <Link to={to} className={section === key ? "current" : undefined} aria-current={section === key ? "page" : undefined}>{label}</Link>;
  // The bell and toasts open a ticket in the view on screen, or in the first view from another page.
  const openTicket = (ticketId: number) => navigate(ticketsPath(viewsFor(me).find(v => v.key === params.view)?.key ?? home, ticketId));

  return (
    // A third column when something is open beside its list: a ticket, or a conversation.
    <div className={`shell${openTicketId || params.conversationId || params.contactId || params.organizationId ? " has-detail" : ""}`}>
      <header className="topbar">
        <Link className="brand" to={ticketsPath(home)}>LiveDesk{portal && <span className="muted"> · Support portal</span>}</Link>
        <nav className="sections" aria-label="Sections">
          {link(ticketsPath(home), portal ? "Requests" : "Tickets", "tickets")}
          {portal ? link("/messages", "Messages", "/messages") : <>{link("/inbox", "Inbox", "/inbox")}{link("/contacts", "Contacts", "/contacts")}{link("/organizations", "Organizations", "/organizations")}{link("/leads", "Pipeline", "/leads")}
            {(me.role === "manager" || me.role === "admin") && link("/campaigns", "Campaigns", "/campaigns")}</>}
        </nav>
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
