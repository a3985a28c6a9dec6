import { describe, expect, it } from "vitest";
import { noticeFor, type NoticeContext } from "./notifications";
import { ana, event, ticket } from "./testing";
import type { UserDto } from "./types";

const carla: UserDto = { id: 5, email: "carla@customer.test", displayName: "Carla", role: "customer", teamIds: [] };
const context = (me: UserDto): NoticeContext => ({
  me,
  ticket: id => ticket(id, { requesterId: carla.id, title: "Printer" }),
  userName: id => (id === 2 ? "Mona" : `User ${id}`),
});

describe("noticeFor", () => {
  it("rings the bell and toasts when someone assigns a ticket to me", () => {
    const notice = noticeFor(event(10, { type: "ticket.assigned", entityId: 7, actorId: 2, changes: { assigneeId: ana.id } }), context(ana));
    expect(notice).toMatchObject({ kind: "assigned", ticketId: 7, bell: true, toast: true, text: "Mona assigned #1007 “Printer” to you" });
  });

  it("stays quiet about my own actions and about assignments to others", () => {
    expect(noticeFor(event(10, { type: "ticket.assigned", actorId: ana.id, changes: { assigneeId: ana.id } }), context(ana))).toBeNull();
    expect(noticeFor(event(11, { type: "ticket.assigned", actorId: 2, changes: { assigneeId: 4 } }), context(ana))).toBeNull();
    expect(noticeFor(event(12, { type: "ticket.assigned", actorId: 2, changes: { assigneeId: null } }), context(ana))).toBeNull();
  });

  it("notifies a mention, and tells a customer about a reply on their ticket", () => {
    const comment = (mentioned: number[]) => event(10, {
      type: "comment.created", entity: "comment", entityId: 40, actorId: 2,
      changes: { ticketId: 7, body: "hi", internal: false, mentionedUserIds: mentioned },
    });
    expect(noticeFor(comment([ana.id]), context(ana))).toMatchObject({ kind: "mentioned", ticketId: 7, bell: true });
    expect(noticeFor(comment([]), context(ana))).toBeNull();
    expect(noticeFor(comment([]), context(carla))).toMatchObject({ kind: "reply", ticketId: 7, bell: true });
  });

  it("toasts an urgent ticket arriving in my team's queue without counting it on the bell", () => {
    const created = event(10, { type: "ticket.created", entityId: 8, actorId: 2, changes: { number: 1008, priority: "urgent", teamId: 1, assigneeId: null } });
    expect(noticeFor(created, { ...context(ana), ticket: () => undefined })).toMatchObject({ kind: "urgent", toast: true, bell: false });
    const elsewhere = event(11, { type: "ticket.created", entityId: 9, actorId: 2, changes: { priority: "urgent", teamId: 2, assigneeId: null } });
    expect(noticeFor(elsewhere, context(ana))).toBeNull();
  });
});
