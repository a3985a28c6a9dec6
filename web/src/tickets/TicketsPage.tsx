import { Link, Navigate, useNavigate, useParams } from "react-router";
import { useMe, useTickets, viewsFor, type ViewKey } from "../live";
import { NewTicketForm } from "./NewTicketForm";
import { ticketIdFrom, ticketsPath } from "./paths";
import { TicketDetail } from "./TicketDetail";
import { TicketList } from "./TicketList";

/** A ticket view (#/mine, #/team, ...) with its list, and the ticket open beside it (#/mine/37). */
export function TicketsPage() {
  const me = useMe();
  const params = useParams();
  const navigate = useNavigate();
  const available = viewsFor(me);
  const view = available.find(v => v.key === params.view);
  const ticketId = ticketIdFrom(params.ticketId);
  // An unknown view (or one this role does not have) goes to the first the user has, keeping the open ticket.
  if (!view) return <Navigate to={ticketsPath(available[0].key, ticketId)} replace />;
  const open = (id: number | null) => navigate(ticketsPath(view.key, id));

  return (
    <>
      <nav className="views" aria-label="Ticket views">
        {available.map(v => <ViewLink key={v.key} view={v.key} label={v.label} current={v.key === view.key} ticketId={ticketId} />)}
        {me.role === "customer" && <NewTicketForm onCreated={id => open(id)} />}
      </nav>
      <main className="list-pane">
        <TicketList view={view.key} title={view.label} selectedId={ticketId} onOpen={id => open(id)} />
      </main>
      {ticketId && (
        <section className="detail-pane" aria-label="Ticket detail">
          <TicketDetail key={ticketId} id={ticketId} onClose={() => open(null)} />
        </section>
      )}
    </>
  );
}

/** A view's menu entry. Its count is the length of the same cached list the view shows, so the two always agree. */
function ViewLink({ view, label, current, ticketId }: { view: ViewKey; label: string; current: boolean; ticketId: number | null }) {
  const tickets = useTickets(view);
  return (
    <Link to={ticketsPath(view, ticketId)} className={current ? "current" : undefined} aria-current={current ? "page" : undefined} data-view={view}>
      <span>{label}</span>
      <span className="count" data-testid={`count-${view}`}>{tickets.data ? tickets.data.length : "…"}</span>
    </Link>
  );
}
