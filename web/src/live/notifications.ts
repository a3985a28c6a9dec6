import type { EventEnvelope, TicketDto, UserDto } from "./types";
import { isStaff } from "./types";

export type NoticeKind = "assigned" | "mentioned" | "reply" | "urgent";

/** Something that concerns the signed-in user, for the bell and (when `toast`) a toast. */
export interface Notice {
  seq: number;
  kind: NoticeKind;
  ticketId: number;
  text: string;
  at: string;
  /** High priority: shown as a toast and, when the user allowed it, as a desktop notification. */
  toast: boolean;
  /** Whether it counts on the bell. An urgent ticket in my queue is a toast, not a bell item. */
  bell: boolean;
}

export interface NoticeContext {
  me: UserDto;
  ticket(id: number): TicketDto | undefined;
  userName(id: number | null): string;
}

/**
 * Decides which events concern the user: a ticket assigned to them, a mention, a reply on a customer's own
 * ticket, and an urgent ticket in one of their teams. Their own actions never notify them.
 */
export function noticeFor(event: EventEnvelope, context: NoticeContext): Notice | null {
  const { me } = context;
  if (event.actorId === me.id) return null;
  const changes = event.changes;
  const actor = context.userName(event.actorId);
  const make = (kind: NoticeKind, ticketId: number, text: string, toast: boolean, bell = true): Notice =>
    ({ seq: event.seq, kind, ticketId, text, at: event.at, toast, bell });

  if (event.type === "ticket.assigned" || event.type === "ticket.created") {
    const ticket = context.ticket(event.entityId);
    const label = ticketLabel(event.entityId, ticket ?? changes);
    if (changes.assigneeId === me.id && "assigneeId" in changes) {
      return make("assigned", event.entityId, `${actor} assigned ${label} to you`, true);
    }
    if (event.type === "ticket.created" && changes.priority === "urgent" && isStaff(me.role)
        && me.teamIds.includes(changes.teamId as number)) {
      return make("urgent", event.entityId, `Urgent: ${label} arrived in your queue`, true, false);
    }
    return null;
  }
  if (event.type === "ticket.priority_changed" && changes.priority === "urgent" && isStaff(me.role)) {
    const ticket = context.ticket(event.entityId);
    if (ticket && (me.teamIds.includes(ticket.teamId) || ticket.assigneeId === me.id)) {
      return make("urgent", event.entityId, `${ticketLabel(event.entityId, ticket)} is now urgent`, true, false);
    }
    return null;
  }
  if (event.type === "comment.created") {
    const ticketId = changes.ticketId as number;
    const label = ticketLabel(ticketId, context.ticket(ticketId));
    const mentioned = (changes.mentionedUserIds as number[] | undefined) ?? [];
    if (mentioned.includes(me.id)) return make("mentioned", ticketId, `${actor} mentioned you on ${label}`, true);
    if (!isStaff(me.role) && context.ticket(ticketId)?.requesterId === me.id) {
      return make("reply", ticketId, `New reply on ${label}`, true);
    }
  }
  return null;
}

function ticketLabel(id: number, ticket: { number?: unknown; title?: unknown } | undefined) {
  if (!ticket || typeof ticket.number !== "number") return `ticket ${id}`;
  return typeof ticket.title === "string" ? `#${ticket.number} “${ticket.title}”` : `#${ticket.number}`;
}
