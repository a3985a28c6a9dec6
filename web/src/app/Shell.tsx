import { Link, Outlet, useLocation, useParams } from "react-router";
import { useMe, viewsFor } from "../live";
import { BellMenu } from "../notifications/BellMenu";
import { Toasts } from "../notifications/Toasts";
import { ticketIdFrom, ticketsPath } from "../tickets/paths";
import { ConnectionIndicator } from "./ConnectionIndicator";

/** The frame around every page: the top bar (connection, bell, who is signed in) and the page the URL names. */
export function Shell({ onSignOut }: { onSignOut: () => void }) {
  // The user as of now: a role or team change made by an admin redraws the menu without a reload.
  const me = useMe();
  const params = useParams();
  const home = viewsFor(me)[0].key;
  const openTicketId = ticketIdFrom(params.ticketId);
  const portal = me.role === "customer";
  const path = useLocation().pathname;
  const section = ["/leads", "/inbox", "/messages", "/campaigns", "/contacts", "/organizations", "/announcements", "/notifications", "/settings", "/admin"].find(prefix => path.startsWith(prefix)) ?? "tickets";
  const link = (to: string, label: string, key: string) =>
    <Link to={to} className={section === key ? "current" : undefined} aria-current={section === key ? "page" : undefined}>{label}</Link>;

  return (
    // A third column when something is open beside its list: a ticket, or a conversation.
    <div className={`shell${openTicketId || params.conversationId || params.contactId || params.organizationId ? " has-detail" : ""}`}>
      <header className="topbar">
        <Link className="brand" to={ticketsPath(home)}>LiveDesk{portal && <span className="muted"> · Support portal</span>}</Link>
        <nav className="sections" aria-label="Sections">
          {link(ticketsPath(home), portal ? "Requests" : "Tickets", "tickets")}
          {portal ? link("/messages", "Messages", "/messages") : <>{link("/inbox", "Inbox", "/inbox")}{link("/contacts", "Contacts", "/contacts")}{link("/organizations", "Organizations", "/organizations")}{link("/leads", "Pipeline", "/leads")}
            {(me.role === "manager" || me.role === "admin") && link("/campaigns", "Campaigns", "/campaigns")}
            {me.role === "admin" && link("/announcements", "Announcements", "/announcements")}
            {(me.role === "manager" || me.role === "admin") && link("/admin", "Admin", "/admin")}</>}
        </nav>
        <ConnectionIndicator />
        <div className="spacer" />
        <BellMenu />
        <span className="who" title={me.email}>{me.displayName}</span>
        <button type="button" className="link" onClick={onSignOut}>Sign out</button>
      </header>
      <Outlet />
      <Toasts openTicketId={openTicketId} />
    </div>
  );
}
