import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TicketFilter } from "./api";
import { checksumOf } from "./digest";
import { PeriodicSync, syncIntervalMs, type SyncDeps } from "./periodicSync";
import { ticket } from "./testing";
import type { ClientReport, Cursor, TicketDto } from "./types";

/** One open view ("all") over a fake server; the test corrupts the cache or holds the cursor back. */
function setup(serverTickets: TicketDto[], cachedTickets: TicketDto[] = serverTickets) {
  const state = { cache: cachedTickets, cursor: { seq: 50, epoch: "e1" } as Cursor | null, head: 50, poll: false };
  const reports: ClientReport[] = [];
  const calls: string[] = [];
  const deps: SyncDeps = {
    openViews: () => [{ key: "all", filters: [{}] }],
    digest: async (_filter: TicketFilter) => {
      calls.push("digest");
      return { count: serverTickets.length, checksum: checksumOf(serverTickets), head: state.head, epoch: "e1" };
    },
    cached: () => ({ count: state.cache.length, checksum: checksumOf(state.cache) }),
    cursor: () => state.cursor,
    catchUp: async () => { calls.push("catch up"); state.cursor = { seq: state.head, epoch: "e1" }; return true; },
    repair: async () => {
      calls.push("repair");
      const differing = state.cache.length === serverTickets.length ? 1 : Math.abs(state.cache.length - serverTickets.length);
      state.cache = serverTickets;
      return differing;
    },
    report: report => { reports.push(report); },
    skip: () => state.poll,
  };
  return { deps, state, reports, calls };
}

describe("PeriodicSync", () => {
  beforeEach(() => { vi.spyOn(console, "info").mockImplementation(() => {}); });
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

  it("leaves a cache that adds up alone", async () => {
    const { deps, reports, calls } = setup([ticket(1), ticket(2)]);
    expect(await new PeriodicSync(deps).runNow()).toEqual([{ key: "all", result: "same", differing: 0 }]);
    expect(calls).toEqual(["digest"]);
    expect(reports).toEqual([]);
  });

  it("repairs a drifted cache silently and reports how many rows differed", async () => {
    // A missed created event and a missed update.
    const { deps, state, reports, calls } = setup([ticket(1, { version: 3 }), ticket(2), ticket(3)], [ticket(1, { version: 2 }), ticket(2)]);
    const outcomes = await new PeriodicSync(deps).runNow();
    expect(outcomes).toEqual([{ key: "all", result: "repaired", differing: 1 }]);
    expect(calls).toEqual(["digest", "digest", "repair"]); // looked twice before refetching
    expect(state.cache.map(t => t.id)).toEqual([1, 2, 3]);
    expect(reports).toEqual([{ kind: "cache_repaired", entity: "ticket", count: 1, detail: "view all" }]);
  });

  it("compares only once the cursor has reached the digest's head, resuming first if it has not", async () => {
    const { deps, state, calls } = setup([ticket(1)]);
    state.head = 60;
    await new PeriodicSync(deps).runNow();
    expect(calls).toEqual(["digest", "catch up"]);
    expect(state.cursor?.seq).toBe(60);

    deps.catchUp = async () => false; // not connected: nothing to compare with
    state.head = 70;
    expect(await new PeriodicSync(deps).runNow()).toEqual([{ key: "all", result: "skipped", differing: 0 }]);
  });

  it("skips while the ticket flag is poll (the lists are refetched anyway)", async () => {
    const { deps, state, calls } = setup([ticket(1)], []);
    state.poll = true;
    expect(await new PeriodicSync(deps).runNow()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("runs on its timer, when the tab becomes visible and when the network comes back", async () => {
    vi.useFakeTimers();
    const listeners: Record<string, () => void> = {};
    const target = { addEventListener: (name: string, fn: () => void) => { listeners[name] = fn; }, removeEventListener: () => {} };
    vi.stubGlobal("window", target);
    vi.stubGlobal("document", { ...target, visibilityState: "visible" });
    const { deps, calls } = setup([ticket(1)]);
    const sync = new PeriodicSync(deps, 60_000);
    sync.start();

    await vi.advanceTimersByTimeAsync(50_000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(17_000);
    expect(calls).toEqual(["digest"]);

    listeners.visibilitychange();
    await vi.advanceTimersByTimeAsync(0);
    listeners.online();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(["digest", "digest", "digest"]);
    sync.stop();
  });

  it("takes its interval from localStorage when a test sets one, ten minutes otherwise", () => {
    const storage = new Map<string, string>();
    vi.stubGlobal("localStorage", { getItem: (key: string) => storage.get(key) ?? null });
    expect(syncIntervalMs()).toBe(600_000);
    storage.set("livedesk.syncIntervalMs", "2000");
    expect(syncIntervalMs()).toBe(2_000);
  });
});
