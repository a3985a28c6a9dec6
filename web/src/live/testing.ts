// Builders shared by the unit tests.
import type { EventEnvelope, TicketDto, UserDto } from "./types";

export const epoch = "e1";

export function event(seq: number, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    seq, epoch, type: "ticket.updated", entity: "ticket", entityId: 1, version: 2, actorId: 1,
    at: "2026-11-23T10:00:00Z", changes: {}, ...overrides,
  };
}

export function ticket(id: number, overrides: Partial<TicketDto> = {}): TicketDto {
  return {
    id, number: 1000 + id, title: `Ticket ${id}`, description: "", status: "open", priority: "normal",
    queueId: 1, teamId: 1, assigneeId: null, requesterId: 50, version: 1,
    createdAt: "2026-11-23T09:00:00Z", updatedAt: "2026-11-23T09:00:00Z", ...overrides,
  };
}

export const ana: UserDto = { id: 3, email: "ana@livedesk.test", displayName: "Ana Agent", role: "agent", teamIds: [1], active: true, version: 1 };
export const manager: UserDto = { id: 2, email: "manager@livedesk.test", displayName: "Mona Manager", role: "manager", teamIds: [], active: true, version: 1 };
