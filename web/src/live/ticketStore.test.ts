import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { ApiError, type TicketFilter } from "./api";
import { queryKeys, TicketStore, type TicketSource } from "./ticketStore";
import { ana, event, manager, ticket } from "./testing";
import type { TicketDto, UserDto } from "./types";
import type { ViewKey } from "./views";

/** A fake server: tickets by id, filtered like GET /api/tickets for the filters the views use. */
function fakeServer(initial: TicketDto[]) {
  const tickets = new Map(initial.map(t => [t.id, t]));
  const calls: string[] = [];
  const source: TicketSource = {
    allTickets: vi.fn(async (filter: TicketFilter) => {
      calls.push(`list ${JSON.stringify(filter)}`);
      return [...tickets.values()].filter(t => matches(t, filter)).sort((a, b) => b.id - a.id);
    }),
    ticket: vi.fn(async (id: number) => {
      calls.push(`ticket ${id}`);
      const found = tickets.get(id);
      if (!found) throw new ApiError(404, "Not found");
      return found;
    }),
    comments: vi.fn(async () => []),
  };
  return { tickets, calls, source };
}

function matches(t: TicketDto, filter: TicketFilter) {
  if (filter.assignee === "me" && t.assigneeId !== ana.id) return false;
  if (filter.assignee === "unassigned" && t.assigneeId !== null) return false;
  if (filter.status && !filter.status.split(",").includes(t.status)) return false;
  if (filter.teamId && t.teamId !== Number(filter.teamId)) return false;
  return true;
}

async function storeWith(me: UserDto, server: ReturnType<typeof fakeServer>, viewKeys: ViewKey[], seq = { value: 0 }) {
  const queryClient = new QueryClient();
  const store = new TicketStore(queryClient, me, server.source, () => seq.value);
  for (const key of viewKeys) {
    queryClient.setQueryData(queryKeys.view(key), await store.loadView(key));
  }
  const view = (key: ViewKey) => queryClient.getQueryData<TicketDto[]>(queryKeys.view(key))!.map(t => t.id);
  return { queryClient, store, view };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe("TicketStore", () => {
  it("moves an assigned ticket between views from the event alone, without refetching any list", async () => {
    const server = fakeServer([ticket(1), ticket(2), ticket(3, { assigneeId: ana.id })]);
    const { store, view } = await storeWith(ana, server, ["mine", "unassigned", "team"]);
    server.calls.length = 0;

    store.apply([event(10, { type: "ticket.assigned", entityId: 2, version: 2, changes: { assigneeId: ana.id } })]);

    expect(view("mine")).toEqual([3, 2]);
    expect(view("unassigned")).toEqual([1]);
    expect(view("team")).toEqual([3, 2, 1]);
    expect(server.calls).toEqual([]);
  });

  it("never moves a ticket's version backwards, whether the older copy comes from an event or from REST", async () => {
    const server = fakeServer([ticket(1, { version: 5, title: "v5" })]);
    const { store, queryClient } = await storeWith(ana, server, ["team"]);
    const current = () => queryClient.getQueryData<TicketDto>(queryKeys.ticket(1))!;

    store.apply([event(10, { entityId: 1, version: 4, changes: { title: "v4" } })]);
    expect(current()).toMatchObject({ version: 5, title: "v5" });

    store.apply([event(11, { entityId: 1, version: 6, changes: { title: "v6" } })]);
    expect(current()).toMatchObject({ version: 6, title: "v6" });

    // A REST answer that was read before that change lands late: it must not undo it.
    server.tickets.set(1, ticket(1, { version: 5, title: "v5" }));
    expect(await store.loadTicket(1)).toMatchObject({ version: 6, title: "v6" });
    expect(current()).toMatchObject({ version: 6, title: "v6" });
  });

  it("refetches only the single ticket when an event skips a version", async () => {
    const server = fakeServer([ticket(1, { version: 1 })]);
    const { store, view, queryClient } = await storeWith(ana, server, ["team"]);
    server.calls.length = 0;
    server.tickets.set(1, ticket(1, { version: 3, title: "fresh", priority: "urgent" }));

    store.apply([event(10, { type: "ticket.priority_changed", entityId: 1, version: 3, changes: { priority: "urgent" } })]);
    await flush();

    expect(server.calls).toEqual(["ticket 1"]);
    expect(queryClient.getQueryData<TicketDto>(queryKeys.ticket(1))).toMatchObject({ version: 3, title: "fresh" });
    expect(view("team")).toEqual([1]);
  });

  it("fetches a ticket it has never seen when it is assigned to me, and shows it in My open tickets", async () => {
    const server = fakeServer([]);
    const { store, view } = await storeWith(ana, server, ["mine"]);
    server.tickets.set(9, ticket(9, { teamId: 2, assigneeId: ana.id, version: 4 }));

    store.apply([event(10, { type: "ticket.assigned", entityId: 9, version: 4, changes: { assigneeId: ana.id } })]);
    await flush();

    expect(server.calls.at(-1)).toBe("ticket 9");
    expect(view("mine")).toEqual([9]);
  });

  it("drops a ticket from every view when it moves out of sight, and a deleted ticket never comes back", async () => {
    const server = fakeServer([ticket(1), ticket(2)]);
    const { store, view } = await storeWith(ana, server, ["team", "unassigned"]);

    store.apply([event(10, { entityId: 1, version: 2, changes: { teamId: 2, queueId: 2 } })]);
    expect(view("team")).toEqual([2]);
    expect(view("unassigned")).toEqual([2]);

    store.apply([event(11, { type: "ticket.deleted", entityId: 2, version: 2, changes: {} })]);
    store.apply([event(12, { type: "ticket.updated", entityId: 2, version: 3, changes: { title: "late" } })]);
    expect(await store.loadTicket(2)).toBeNull();
    expect(view("team")).toEqual([]);
  });

  it("inserts created tickets in id order, so rows never jump", async () => {
    const server = fakeServer([ticket(5), ticket(3)]);
    const { store, view } = await storeWith(manager, server, ["all"]);
    const created = (seq: number, id: number) => event(seq, {
      type: "ticket.created", entityId: id, version: 1, changes: { ...ticket(id), id: undefined, version: undefined },
    });

    store.apply([created(10, 7), created(11, 4), created(12, 7)]);

    expect(view("all")).toEqual([7, 5, 4, 3]);
  });

  it("keeps events applied while a list was loading, so the list is complete when it lands", async () => {
    const server = fakeServer([ticket(1)]);
    const seq = { value: 10 };
    const { store, queryClient } = await storeWith(manager, server, [], seq);
    let release!: () => void;
    const gate = new Promise<void>(resolve => { release = resolve; });
    const snapshot = [...server.tickets.values()];
    server.source.allTickets = async () => { await gate; return snapshot; }; // the server read happened before the event

    const loading = store.loadView("all");
    store.apply([event(11, { type: "ticket.created", entityId: 2, version: 1, changes: { ...ticket(2) } })]);
    seq.value = 11;
    release();
    queryClient.setQueryData(queryKeys.view("all"), await loading);

    expect(queryClient.getQueryData<TicketDto[]>(queryKeys.view("all"))!.map(t => t.id)).toEqual([2, 1]);
  });

  it("on reset keeps the newest version it knows until REST brings a newer one", async () => {
    const server = fakeServer([ticket(1, { version: 2 })]);
    const { store, queryClient } = await storeWith(ana, server, ["team"]);
    store.apply([event(10, { entityId: 1, version: 3, changes: { title: "live" } })]);

    await store.reload(false);
    expect(queryClient.getQueryData<TicketDto>(queryKeys.ticket(1))).toMatchObject({ version: 3, title: "live" });

    // After a new epoch (a new database) versions start again, so what REST says wins.
    await store.reload(true);
    expect(await store.loadTicket(1)).toMatchObject({ version: 2 });
  });

  it("adds a comment event to a loaded comment list once", async () => {
    const server = fakeServer([ticket(1)]);
    const { store, queryClient } = await storeWith(ana, server, []);
    queryClient.setQueryData(queryKeys.comments(1), await store.loadComments(1));
    const comment = (seq: number) => event(seq, {
      type: "comment.created", entity: "comment", entityId: 40, version: 1,
      changes: { ticketId: 1, authorId: 2, body: "hi", internal: false, mentionedUserIds: [], createdAt: "2026-11-23T10:00:00Z" },
    });

    store.apply([comment(10)]);
    store.apply([comment(10)]);

    expect(queryClient.getQueryData<unknown[]>(queryKeys.comments(1))).toEqual([
      expect.objectContaining({ id: 40, ticketId: 1, body: "hi" }),
    ]);
  });
});
