import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FeatureFlags } from "./flags";
import { event } from "./testing";
import type { ClientReport, FlagMode } from "./types";
import { LiveValves } from "./valves";

const breaker = { failureThreshold: 3, windowMs: 10_000, openForMs: 30_000, probeSuccesses: 2 };

function setup() {
  let now = Date.parse("2026-12-02T12:00:00Z");
  const reports: ClientReport[] = [];
  const flags = new FeatureFlags();
  const valves = new LiveValves(flags, { breaker, now: () => now, report: report => { reports.push(report); } });
  let version = 0;
  const setMode = (entity: string, mode: FlagMode, pollSeconds = 30) =>
    flags.accept({ flags: { [entity]: { mode, pollSeconds, version: ++version } } });
  return { valves, reports, setMode, advance: (ms: number) => { now += ms; } };
}

describe("LiveValves", () => {
  beforeEach(() => { vi.spyOn(console, "info").mockImplementation(() => {}); });
  afterEach(() => { vi.useRealTimers(); vi.restoreAllMocks(); });

  it("patches in live mode, refetches in signal mode and ignores in poll mode, per entity type", () => {
    const { valves, setMode } = setup();
    const ticketEvent = event(10, { changes: { title: "x" } });
    const commentEvent = event(11, { entity: "comment", type: "comment.created", changes: { body: "hi" } });
    expect(valves.handlingOf(ticketEvent)).toBe("patch");

    setMode("ticket", "signal");
    expect(valves.handlingOf(ticketEvent)).toBe("refetch");
    expect(valves.handlingOf(commentEvent)).toBe("patch");

    setMode("ticket", "poll");
    expect(valves.handlingOf(ticketEvent)).toBe("ignore");
  });

  it("refetches an envelope without changes even in live mode (signal-mode replay, a switch racing its events), but not a deletion", () => {
    const { valves } = setup();
    expect(valves.handlingOf(event(10, { changes: {} }))).toBe("refetch");
    expect(valves.handlingOf(event(11, { type: "ticket.deleted", changes: {} }))).toBe("patch");
  });

  it("an open breaker turns its type to refetching, reports it, and closes after a healthy probe", () => {
    const { valves, reports, advance } = setup();
    for (let i = 0; i < 3; i++) valves.recordFailure("ticket", "version gap");
    expect(valves.handling("ticket")).toBe("refetch");
    expect(valves.handling("comment")).toBe("patch");
    expect(reports).toEqual([expect.objectContaining({ kind: "breaker_opened", entity: "ticket", count: 1 })]);
    expect(reports[0].detail).toContain("version gap");

    advance(30_000);
    expect(valves.handling("ticket")).toBe("patch"); // half-open: probing with real events
    valves.recordSuccess("ticket");
    valves.recordSuccess("ticket");

    expect(valves.breakerState("ticket")).toBe("closed");
    expect(reports.map(r => r.kind)).toEqual(["breaker_opened", "breaker_closed"]);
  });

  it("in poll mode refetches the registered views every pollSeconds, and once more when poll mode ends", async () => {
    vi.useFakeTimers();
    const { valves, setMode } = setup();
    const refetched: string[] = [];
    valves.registerView("ticket", () => { refetched.push("ticket"); });
    valves.registerView("lead", () => { refetched.push("lead"); });
    valves.start();

    setMode("ticket", "poll", 2);
    vi.advanceTimersByTime(1_700);
    expect(refetched).toEqual([]);
    vi.advanceTimersByTime(700);
    expect(refetched).toEqual(["ticket"]);
    vi.advanceTimersByTime(2_300);
    expect(refetched).toEqual(["ticket", "ticket"]);

    setMode("ticket", "live");
    expect(refetched).toEqual(["ticket", "ticket", "ticket"]); // the switch back fetches what poll mode ignored
    vi.advanceTimersByTime(10_000);
    expect(refetched).toHaveLength(3);
    valves.stop();
  });

  it("stops polling a view that is gone", () => {
    vi.useFakeTimers();
    const { valves, setMode } = setup();
    const refetch = vi.fn();
    const unregister = valves.registerView("ticket", refetch);
    valves.start();
    setMode("ticket", "poll", 2);
    unregister();
    vi.advanceTimersByTime(10_000);
    expect(refetch).not.toHaveBeenCalled();
  });
});
