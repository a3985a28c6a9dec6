import {
  ApiError, assignable, isStaff, ticketPriorities, ticketStatuses, useComments, useDirectory, useLiveDesk, useTicket,
  type TicketDto, type TicketPriority, type TicketStatus,
} from "../live";
import { CommentForm } from "./CommentForm";
import { timeAgo } from "../shared/format";
import { useAction } from "../shared/useAction";
import { useFlash } from "../shared/useFlash";
import { priorityLabels, statusLabels } from "./labels";

/** One ticket with its comments, live: changes by others and new comments appear without reloading. */
export function TicketDetail({ id, onClose }: { id: number; onClose: () => void }) {
  const client = useLiveDesk();
  const staff = isStaff(client.me.role);
  const { data: ticket, isPending, error } = useTicket(id);
  const { busy, error: actionError, run } = useAction();

  function act(write: (current: TicketDto) => Promise<TicketDto>) {
    if (!ticket) return;
    void run(async () => client.store.acceptWritten(await write(ticket)), caught => {
      // On 412 the ticket is refetched, so the user sees the change that beat theirs before trying again.
      if (caught instanceof ApiError && caught.isStale) void client.store.loadTicket(id);
    });
  }

  const close = <button type="button" className="link close-detail" onClick={onClose} aria-label="Close ticket">×</button>;
  if (isPending) return <div className="ticket-detail">{close}<p className="muted" role="status">Loading ticket…</p></div>;
  if (error) return <div className="ticket-detail">{close}<p className="error" role="alert">Could not load the ticket: {error.message}</p></div>;
  if (!ticket) {
    return <div className="ticket-detail">{close}<p className="muted" role="status">This ticket was deleted, or you can no longer see it.</p></div>;
  }

  return (
    <article className="ticket-detail" data-testid="ticket-detail" data-ticket-id={ticket.id}>
      <header>
        <h2><span className="number">#{ticket.number}</span> {ticket.title}</h2>
        {close}
      </header>
      <TicketFacts ticket={ticket} staff={staff} busy={busy} act={act} />
      {actionError && <p className="error" role="alert">{actionError}</p>}
      {ticket.description && <p className="description">{ticket.description}</p>}
      <Comments ticketId={ticket.id} />
      <CommentForm ticketId={ticket.id} staff={staff} />
    </article>
  );
}

function TicketFacts({ ticket, staff, busy, act }: {
  ticket: TicketDto; staff: boolean; busy: boolean; act: (write: (t: TicketDto) => Promise<TicketDto>) => void;
}) {
  const client = useLiveDesk();
  const { users, queues } = useDirectory();
  const agents = assignable(users); // active staff: a deactivated one may keep a ticket but gets no new one
  const queue = queues.find(q => q.id === ticket.queueId)?.name ?? `Queue ${ticket.queueId}`;

  if (!staff) {
    return (
      <dl className="facts">
        <dt>Status</dt><dd data-testid="ticket-status">{statusLabels[ticket.status]}</dd>
        <dt>Priority</dt><dd>{priorityLabels[ticket.priority]}</dd>
        <dt>Updated</dt><dd>{timeAgo(ticket.updatedAt)}</dd>
      </dl>
    );
  }
  return (
    <dl className="facts">
      <dt><label htmlFor="ticket-status">Status</label></dt>
      <dd>
        <select id="ticket-status" value={ticket.status} disabled={busy}
          onChange={e => act(t => client.api.setStatus(t, e.target.value as TicketStatus))}>
          {ticketStatuses.map(s => <option key={s} value={s}>{statusLabels[s]}</option>)}
        </select>
      </dd>
      <dt><label htmlFor="ticket-priority">Priority</label></dt>
      <dd>
        <select id="ticket-priority" value={ticket.priority} disabled={busy}
          onChange={e => act(t => client.api.setPriority(t, e.target.value as TicketPriority))}>
          {ticketPriorities.map(p => <option key={p} value={p}>{priorityLabels[p]}</option>)}
        </select>
      </dd>
      <dt><label htmlFor="ticket-assignee">Assignee</label></dt>
      <dd className="assignee">
        <select id="ticket-assignee" value={ticket.assigneeId ?? ""} disabled={busy}
          onChange={e => act(t => client.api.assign(t, e.target.value === "" ? null : Number(e.target.value)))}>
          <option value="">Unassigned</option>
          {ticket.assigneeId !== null && !agents.some(a => a.id === ticket.assigneeId) && (
            <option value={ticket.assigneeId}>{client.userName(ticket.assigneeId)}</option>
          )}
          {agents.map(agent => <option key={agent.id} value={agent.id}>{agent.displayName}</option>)}
        </select>
        {ticket.assigneeId !== client.me.id && (
          <button type="button" disabled={busy || ticket.assigneeId !== null} onClick={() => act(t => client.api.claim(t))}
            title={ticket.assigneeId !== null ? "Someone else has it; reassign it instead" : "Assign it to me"}>Claim</button>
        )}
      </dd>
      <dt>Queue</dt><dd>{queue}</dd>
      <dt>Requester</dt><dd>{client.userName(ticket.requesterId)}</dd>
      <dt>Updated</dt><dd>{timeAgo(ticket.updatedAt)} · version {ticket.version}</dd>
    </dl>
  );
}

function Comments({ ticketId }: { ticketId: number }) {
  const client = useLiveDesk();
  const { data: comments, isPending, error } = useComments(ticketId);
  const flash = useFlash(event => (event.type === "comment.created" && event.changes.ticketId === ticketId ? event.entityId : null));
  if (isPending) return <p className="muted" role="status">Loading comments…</p>;
  if (error) return <p className="error" role="alert">Could not load comments: {error.message}</p>;
  return (
    <ol className="comments" aria-label="Comments" data-testid="comments">
      {comments.length === 0 && <li className="muted empty">No comments yet.</li>}
      {comments.map(comment => (
        <li key={comment.id} className={`comment${comment.internal ? " internal" : ""} ${flash(comment.id)}`} data-comment-id={comment.id}>
          <div className="comment-head">
            <strong>{client.userName(comment.authorId)}</strong>
            {comment.internal && <span className="pill internal">Internal note</span>}
            <span className="muted">{timeAgo(comment.createdAt)}</span>
          </div>
          {/* Rendered as text, never as HTML: a comment is whatever someone typed. */}
          <p className="comment-body">{comment.body}</p>
        </li>
      ))}
    </ol>
  );
}
