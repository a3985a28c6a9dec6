import { QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api";
import { FeatureFlags } from "./flags";
import { queryKeys, TicketStore, type TicketSource } from "./ticketStore";
import { event, manager, ticket } from "./testing";
import type { ClientReport, CommentDto, FlagMode, TicketDto } from "./types";
import { LiveValves } from "./valves";

/** A server whose ticket GETs the test can hold open, to see refetches coalesce. */
function fakeServer(initial: TicketDto[]) {
  const tickets = new Map(initial.map(t => [t.id, t]));
  const comments: CommentDto[] = [];
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  const source: TicketSource = {
    allTickets: async () => { calls.push("list"); return [...tickets.values()].sort((a, b) => b.id - a.id); },
    ticket: async (id: number) => {
      calls.push(`ticket ${id}`);
      const answer = tickets.get(id); // read when the request arrives, as a server would
      if (gate) await gate;
      if (!answer) throw new ApiError(404, "Not found");
      return answer;
    },
    comments: async ticketId => { calls.push(`comments ${ticketId}`); return comments.filter(c => c.ticketId === ticketId); },
  };
  const hold = () => { let release!: () => void; gate = new Promise(r => { release = r; }); return () => { gate = null; release(); }; };
  return { tickets, comments, calls, source, hold };
}

const breaker = { failureThreshold: 3, windowMs: 10_000, openForMs: 30_000, probeSuccesses: 2 };

async function setup(initial: TicketDto[]) {
  let now = Date.parse("2026-12-02T12:00:00Z");
  const server = fakeServer(initial);
  const reports: ClientReport[] = [];
  const flags = new FeatureFlags();
  const valves = new LiveValves(flags, { breaker, now: () => now, report: r => { reports.push(r); } });
  const queryClient = new QueryClient();
  const store = new TicketStore(queryClient, manager, server.source, () => 0, valves);
  queryClient.setQueryData(queryKeys.view("all"), await store.loadView("all"));
  server.calls.length = 0;
  let flagVersion = 0;
  const setMode = (entity: string, mode: FlagMode) => flags.accept({ flags: { [entity]: { mode, pollSeconds: 2, version: ++flagVersion } } });
  const view = () => queryClient.getQueryData<TicketDto[]>(queryKeys.view("all"))!;
  const cached = (id: number) => queryClient.getQueryData<TicketDto>(queryKeys.ticket(id));
  return { server, reports, valves, store, queryClient, setMode, view, cached, advance: (ms: number) => { now += ms; } };
}

describe("TicketStore under the valves", () => {
  beforeEach(() => { vi.spyOn(console, "info").mockImplementation(() => {}); });
  afterEach(() => { vi.restoreAllMocks(); });

  it("in signal mode refetches the ticket instead of patching, one GET at a time however many events arrive", async () => {
    const s = await setup([ticket(1, { version: 1 }), ticket(2)]);
    s.setMode("ticket", "signal");
    s.server.tickets.set(1, ticket(1, { version: 2, title: "second" }));
    const release = s.server.hold();

    s.store.apply([event(10, { entityId: 1, version: 2, changes: {} })]);
    // Two more changes while that GET is in flight: they ask for one follow-up, not two GETs.
    s.server.tickets.set(1, ticket(1, { version: 4, title: "fourth" }));
    s.store.apply([event(11, { entityId: 1, version: 3, changes: {} }), event(12, { entityId: 1, version: 4, changes: {} })]);
    expect(s.server.calls).toEqual(["ticket 1"]);
    release();

    await vi.waitFor(() => expect(s.cached(1)).toMatchObject({ version: 4, title: "fourth" }));
    await s.store.settled();
    expect(s.server.calls).toEqual(["ticket 1", "ticket 1"]);
    expect(s.view().find(t => t.id === 1)).toMatchObject({ version: 4, title: "fourth" });
  });

  it("in signal mode a created ticket is fetched and listed, a deleted one is dropped without a GET", async () => {
    const s = await setup([ticket(1)]);
    s.setMode("ticket", "signal");
    s.server.tickets.set(5, ticket(5, { title: "new one" }));

    s.store.apply([event(10, { type: "ticket.created", entityId: 5, version: 1, changes: {} }),
      event(11, { type: "ticket.deleted", entityId: 1, version: 2, changes: {} })]);

    await vi.waitFor(() => expect(s.view().map(t => t.id)).toEqual([5]));
    expect(s.server.calls).toEqual(["ticket 5"]);
  });

  it("back in live mode it patches again, without a GET", async () => {
    const s = await setup([ticket(1, { version: 1 })]);
    s.setMode("ticket", "signal");
    s.setMode("ticket", "live");
    s.store.apply([event(10, { entityId: 1, version: 2, changes: { title: "patched" } })]);
    expect(s.cached(1)).toMatchObject({ version: 2, title: "patched" });
    expect(s.server.calls).toEqual([]);
  });

  it("in poll mode ignores ticket events and lets the poll refetch the views", async () => {
    const s = await setup([ticket(1, { version: 1 })]);
    s.setMode("ticket", "poll");
    s.store.apply([event(10, { entityId: 1, version: 2, changes: { title: "ignored" } })]);
    expect(s.cached(1)).toMatchObject({ version: 1 });
    expect(s.server.calls).toEqual([]);
  });

  it("opens the breaker on events that fail to apply, still ends with the right view by refetching, and closes after a healthy period", async () => {
    const s = await setup([ticket(1, { version: 1 }), ticket(2, { version: 1 }), ticket(3, { version: 1 })]);
    for (const id of [1, 2, 3]) s.server.tickets.set(id, ticket(id, { version: 2, title: `fixed ${id}` }));

    // A broken release: envelopes the client cannot apply (changes is not an object).
    s.store.apply([1, 2, 3].map(id => event(9 + id, { entityId: id, version: 2, changes: null as unknown as Record<string, unknown> })));

    expect(s.valves.breakerState("ticket")).toBe("open");
    expect(s.reports).toEqual([expect.objectContaining({ kind: "breaker_opened", entity: "ticket" })]);
    await vi.waitFor(() => expect(s.view().map(t => t.title)).toEqual(["fixed 3", "fixed 2", "fixed 1"]));

    // While open, even good events are refetched rather than patched.
    s.server.calls.length = 0;
    s.server.tickets.set(1, ticket(1, { version: 3, title: "from REST" }));
    s.store.apply([event(20, { entityId: 1, version: 3, changes: { title: "from the event" } })]);
    await vi.waitFor(() => expect(s.cached(1)).toMatchObject({ version: 3, title: "from REST" }));
    expect(s.server.calls).toEqual(["ticket 1"]);

    // After the open period it probes with real events, and closes after enough healthy ones.
    s.advance(30_000);
    s.server.calls.length = 0;
    s.store.apply([event(21, { entityId: 2, version: 3, changes: { title: "probe 1" } }),
      event(22, { entityId: 3, version: 3, changes: { title: "probe 2" } })]);
    expect(s.valves.breakerState("ticket")).toBe("closed");
    expect(s.reports.map(r => r.kind)).toEqual(["breaker_opened", "breaker_closed"]);
    expect(s.view().map(t => t.title)).toEqual(["probe 2", "probe 1", "from REST"]);
    expect(s.server.calls).toEqual([]);
  });

  it("counts version gaps against the breaker, but not a version REST already showed", async () => {
    const s = await setup([ticket(1, { version: 5 }), ticket(2, { version: 5 })]);
    s.store.apply([event(10, { entityId: 1, version: 4, changes: { title: "old" } }), event(11, { entityId: 1, version: 5, changes: {} })]);
    expect(s.valves.breakerState("ticket")).toBe("closed");

    s.store.apply([event(12, { entityId: 1, version: 8, changes: { title: "a" } }), event(13, { entityId: 2, version: 9, changes: { title: "b" } }),
      event(14, { entityId: 2, version: 12, changes: { title: "c" } })]);
    expect(s.valves.breakerState("ticket")).toBe("open");
    expect(s.reports[0].detail).toContain("version gap");
  });

  it("in signal mode refetches the comment lists on screen, once per batch", async () => {
    const s = await setup([ticket(1)]);
    s.queryClient.setQueryData(queryKeys.comments(1), await s.store.loadComments(1));
    s.server.calls.length = 0;
    s.setMode("comment", "signal");
    s.server.comments.push({ id: 40, ticketId: 1, authorId: 2, body: "hi", internal: false, mentionedUserIds: [], createdAt: "2026-12-02T12:00:00Z" });

    const invalidate = vi.spyOn(s.queryClient, "invalidateQueries");
    s.store.apply([event(10, { type: "comment.created", entity: "comment", entityId: 40, version: 1, changes: {} }),
      event(11, { type: "comment.created", entity: "comment", entityId: 41, version: 1, changes: {} })]);
    await vi.waitFor(() => expect(invalidate).toHaveBeenCalledTimes(1));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queryKeys.allComments });
    // Patching was not attempted: the list holds nothing the envelope did not carry.
    expect(s.queryClient.getQueryData<CommentDto[]>(queryKeys.comments(1))).toEqual([]);
  });
});

describe("TicketStore.repairView", () => {
  it("replaces a corrupted view with the server's, trusting REST even over a cached version that is ahead", async () => {
    const s = await setup([ticket(1, { version: 2 }), ticket(2, { version: 1 }), ticket(3, { version: 1 })]);
    const good = s.store.cachedDigest("all");
    // Corrupt the cache on purpose: a row lost, one with a version from nowhere.
    s.queryClient.setQueryData(queryKeys.view("all"), s.view().filter(t => t.id !== 2).map(t => (t.id === 3 ? { ...t, version: 9, title: "bogus" } : t)));
    expect(s.store.cachedDigest("all")).not.toEqual(good);

    expect(await s.store.repairView("all")).toBe(2);

    expect(s.view().map(t => [t.id, t.version, t.title])).toEqual([[3, 1, "Ticket 3"], [2, 1, "Ticket 2"], [1, 2, "Ticket 1"]]);
    expect(s.store.cachedDigest("all")).toEqual(good);
  });
});
