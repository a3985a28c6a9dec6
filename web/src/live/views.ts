import type { TicketFilter } from "./api";
import type { TicketDto, TicketStatus, UserDto } from "./types";
import { isStaff } from "./types";

export type ViewKey = "mine" | "unassigned" | "team" | "all" | "requested";

/**
 * A ticket view: the server filters that load it, and the same rule as a predicate, so a live event can move a
 * ticket in or out without reloading the list. The two must agree exactly; the browser tests compare a view with
 * GET /api/tickets after a burst of changes.
 */
export interface ViewDefinition {
  key: ViewKey;
  label: string;
  /** One request per filter; the results are merged (an agent in two teams loads each team's queue). */
  filters(me: UserDto): TicketFilter[];
  includes(ticket: TicketDto, me: UserDto): boolean;
}

/** Statuses that still need someone's work: what "open" means in the agents' views. */
export const workingStatuses: readonly TicketStatus[] = ["new", "open", "in_progress", "pending"];
const working = (ticket: TicketDto) => workingStatuses.includes(ticket.status);
const workingFilter = workingStatuses.join(",");

/**
 * The server's visibility rule (docs/api.md, "Roles and visibility"). Events also reach someone who just lost
 * sight of a ticket, so that they can drop it; this keeps such a ticket out of every view.
 */
export function canSee(ticket: TicketDto, me: UserDto): boolean {
  switch (me.role) {
    case "admin":
    case "manager":
      return true;
    case "agent":
      return me.teamIds.includes(ticket.teamId) || ticket.assigneeId === me.id;
    case "customer":
      return ticket.requesterId === me.id;
  }
}

export const views: Record<ViewKey, ViewDefinition> = {
  mine: {
    key: "mine",
    label: "My open tickets",
    filters: () => [{ assignee: "me", status: workingFilter }],
    includes: (t, me) => t.assigneeId === me.id && working(t),
  },
  unassigned: {
    key: "unassigned",
    label: "Unassigned",
    filters: () => [{ assignee: "unassigned", status: workingFilter }],
    includes: t => t.assigneeId === null && working(t),
  },
  team: {
    key: "team",
    label: "My team's queues",
    filters: me => me.teamIds.map(teamId => ({ teamId: String(teamId), status: workingFilter })),
    includes: (t, me) => me.teamIds.includes(t.teamId) && working(t),
  },
  all: {
    key: "all",
    label: "All tickets",
    filters: () => [{}],
    includes: () => true,
  },
  requested: {
    key: "requested",
    label: "My requests",
    filters: () => [{}],
    includes: (t, me) => t.requesterId === me.id,
  },
};

/** The views a user gets, in menu order. Customers get the portal's single list. */
export function viewsFor(me: UserDto): ViewDefinition[] {
  if (!isStaff(me.role)) return [views.requested];
  const list = [views.mine, views.unassigned];
  if (me.teamIds.length > 0) list.push(views.team);
  if (me.role === "manager" || me.role === "admin") list.push(views.all);
  return list;
}

export function inView(view: ViewDefinition, ticket: TicketDto, me: UserDto) {
  return canSee(ticket, me) && view.includes(ticket, me);
}

/** Lists are newest first by id, as the server pages them; an update never moves a row. */
export function byNewest(a: TicketDto, b: TicketDto) {
  return b.id - a.id;
}
