import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useDirectory, useLiveDesk, useTickets, type TicketDto, type ViewKey } from "../live";
import { timeAgo } from "../shared/format";
import { useFlash } from "../shared/useFlash";
import { priorityLabels, statusLabels } from "./labels";

interface Props {
  view: ViewKey;
  title: string;
  selectedId: number | null;
  onOpen: (id: number) => void;
}

/**
 * A live ticket view. Rows are keyed by id and ordered newest first by id, so a change updates its row in place
 * (briefly highlighted) and never reorders the list or moves the scroll position. Arrow keys, j/k, Home and End move
 * through the rows; Enter opens one.
 */
export function TicketList({ view, title, selectedId, onOpen }: Props) {
  const { data: tickets, isPending, error, refetch } = useTickets(view);
  const client = useLiveDesk();
  const { queues } = useDirectory(); // also re-renders the rows once people's names are loaded
  const queueNames = new Map(queues.map(q => [q.id, q.name]));
  // Customers see whether someone is on it, not who.
  const assigneeLabel = (id: number | null) => client.me.role === "customer"
    ? (id === null ? "Waiting for an agent" : "An agent is on it")
    : (id === null ? "Unassigned" : client.userName(id));
  const flash = useFlash(event => (event.entity === "ticket" ? event.entityId : null));
  const [active, setActive] = useState<number | null>(selectedId);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => { if (selectedId !== null) setActive(selectedId); }, [selectedId]);
  useEffect(() => {
    list.current?.querySelector(`[data-ticket-id="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  function onKeyDown(event: KeyboardEvent) {
    if (!tickets || tickets.length === 0) return;
    const index = tickets.findIndex(t => t.id === active);
    const move = (to: number) => { event.preventDefault(); setActive(tickets[Math.max(0, Math.min(tickets.length - 1, to))].id); };
    switch (event.key) {
      case "ArrowDown": case "j": return move(index + 1);
      case "ArrowUp": case "k": return move(index < 0 ? 0 : index - 1);
      case "Home": return move(0);
      case "End": return move(tickets.length - 1);
      case "Enter": if (active !== null) { event.preventDefault(); onOpen(active); } return;
    }
  }

  return (
    <section className="ticket-list" aria-labelledby="list-title">
      <h2 id="list-title">{title} <span className="count" data-testid="list-count">{tickets?.length ?? ""}</span></h2>
      {isPending && <p className="muted" role="status">Loading tickets…</p>}
      {error && (
        <p className="error" role="alert">
          Could not load this view: {error.message} <button type="button" className="link" onClick={() => void refetch()}>Try again</button>
        </p>
      )}
      {tickets && tickets.length === 0 && <p className="muted empty">No tickets here right now.</p>}
      {tickets && tickets.length > 0 && (
        <ul ref={list} role="listbox" tabIndex={0} aria-label={title} data-testid="ticket-list"
          aria-activedescendant={active !== null ? `ticket-row-${active}` : undefined} onKeyDown={onKeyDown}>
          {tickets.map(ticket => (
            <TicketRow key={ticket.id} ticket={ticket} flash={flash(ticket.id)} active={ticket.id === active}
              queue={queueNames.get(ticket.queueId)} assignee={assigneeLabel(ticket.assigneeId)}
              selected={ticket.id === selectedId} onOpen={() => { setActive(ticket.id); onOpen(ticket.id); }} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TicketRow({ ticket, queue, assignee, flash, active, selected, onOpen }: {
  ticket: TicketDto; queue: string | undefined; assignee: string; flash: string; active: boolean; selected: boolean;
  onOpen: () => void;
}) {
  return (
    <li id={`ticket-row-${ticket.id}`} role="option" aria-selected={selected} data-ticket-id={ticket.id}
      className={["ticket-row", `priority-${ticket.priority}`, flash, active ? "active" : ""].join(" ")} onClick={onOpen}>
      <span className="number">#{ticket.number}</span>
      <span className="title">{ticket.title}</span>
      <span className={`pill status-${ticket.status}`}>{statusLabels[ticket.status]}</span>
      <span className={`pill priority-${ticket.priority}`}>{priorityLabels[ticket.priority]}</span>
      <span className="meta muted">
        {queue && <>{queue} · </>}
        {assignee} · {timeAgo(ticket.updatedAt)}
      </span>
    </li>
  );
}
