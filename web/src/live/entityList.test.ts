import { describe, expect, it, vi } from "vitest";
import type { LeadDto } from "../leads/types";
import { EntityList } from "./entityList";
import { event } from "./testing";

const anaId = 3;

function lead(id: number, overrides: Partial<LeadDto> = {}): LeadDto {
  return {
    id, title: `Lead ${id}`, contactId: null, organizationId: null, value: 1000, currency: "EUR", ownerId: anaId,
    expectedCloseDate: null, source: "", stage: "qualified", lostReason: null, convertedAt: null, version: 1,
    createdAt: "2026-12-02T09:00:00Z", updatedAt: "2026-12-02T09:00:00Z", ...overrides,
  };
}

/** Ana's pipeline (an agent: it holds the leads she owns), over a fake server. */
function board(server: Map<number, LeadDto>) {
  const fetchOne = vi.fn(async (id: number) => server.get(id) ?? null);
  const b = new EntityList<LeadDto>("lead", async () => [...server.values()], fetchOne, l => l.ownerId === anaId,
    { lostReason: null, convertedAt: null });
  return { board: b, fetchOne };
}

const stageChanged = (seq: number, id: number, version: number, stage: string) =>
  event(seq, { type: "lead.stage_changed", entity: "lead", entityId: id, version, changes: { stage, previousStage: "qualified" } });

describe("EntityList", () => {
  it("moves a card on the next version and ignores older or repeated ones", async () => {
    const { board: b } = board(new Map([[1, lead(1)]]));
    await b.load();
    b.apply([stageChanged(10, 1, 2, "proposal")]);
    expect(b.snapshot.items[0]).toMatchObject({ stage: "proposal", version: 2 });
    b.apply([stageChanged(11, 1, 2, "lost"), stageChanged(9, 1, 1, "new")]);
    expect(b.snapshot.items[0]).toMatchObject({ stage: "proposal", version: 2 });
  });

  it("holds events that arrive during the first load and applies them after it", async () => {
    const server = new Map([[1, lead(1)]]);
    let release!: () => void;
    const gate = new Promise<void>(resolve => { release = resolve; });
    const b = new EntityList<LeadDto>("lead", async () => { await gate; return [...server.values()]; }, async () => null);
    const loading = b.load();
    b.apply([stageChanged(10, 1, 2, "proposal")]);
    expect(b.snapshot.loaded).toBe(false);
    release();
    await loading;
    expect(b.snapshot.items[0]).toMatchObject({ stage: "proposal", version: 2 });
  });

  it("fetches a lead again when a version was skipped, and drops one handed to someone else", async () => {
    const server = new Map([[1, lead(1)], [2, lead(2)]]);
    const { board: b, fetchOne } = board(server);
    await b.load();
    server.set(1, lead(1, { stage: "won", version: 4 }));
    b.apply([stageChanged(20, 1, 4, "won")]);
    await vi.waitFor(() => expect(b.snapshot.items.find(l => l.id === 1)).toMatchObject({ stage: "won", version: 4 }));
    expect(fetchOne).toHaveBeenCalledWith(1);

    b.apply([event(21, { type: "lead.assigned", entity: "lead", entityId: 2, version: 2, changes: { ownerId: 99 } })]);
    expect(b.snapshot.items.map(l => l.id)).toEqual([1]);
  });

  it("adds created leads, removes deleted ones, and lets a write's own answer win over the cache", async () => {
    const { board: b } = board(new Map([[1, lead(1)]]));
    await b.load();
    b.apply([event(30, { type: "lead.created", entity: "lead", entityId: 5, version: 1, changes: { ...lead(5), id: undefined } })]);
    expect(b.snapshot.items.map(l => l.id)).toEqual([5, 1]);
    expect(b.snapshot.items[0].lostReason).toBeNull();
    b.apply([event(31, { type: "lead.deleted", entity: "lead", entityId: 1, version: 2, changes: {} })]);
    expect(b.snapshot.items.map(l => l.id)).toEqual([5]);
    b.accept(lead(5, { stage: "proposal", version: 3 }));
    b.accept(lead(5, { stage: "new", version: 2 }));
    expect(b.snapshot.items[0]).toMatchObject({ stage: "proposal", version: 3 });
  });

  it("ignores events of other entities", async () => {
    const { board: b } = board(new Map([[1, lead(1)]]));
    await b.load();
    const before = b.snapshot;
    b.apply([event(40, { entity: "ticket", entityId: 1, version: 2, changes: { stage: "won" } })]);
    expect(b.snapshot).toBe(before);
  });
});

describe("EntityList under the valves", () => {
  const valvesSaying = (handling: "patch" | "refetch" | "ignore") =>
    ({ handlingOf: () => handling, recordFailure: vi.fn(), recordSuccess: vi.fn() });

  it("refetches by id in signal mode, once however many events arrive for it, and ignores events in poll mode", async () => {
    const server = new Map([[1, lead(1)]]);
    const { board: b, fetchOne } = board(server);
    await b.load();
    b.valves = valvesSaying("refetch");
    server.set(1, lead(1, { stage: "won", version: 3 }));
    b.apply([event(10, { type: "lead.updated", entity: "lead", entityId: 1, version: 2, changes: {} }),
      event(11, { type: "lead.updated", entity: "lead", entityId: 1, version: 3, changes: {} })]);
    await vi.waitFor(() => expect(b.snapshot.items[0]).toMatchObject({ stage: "won", version: 3 }));
    expect(fetchOne).toHaveBeenCalledTimes(1);

    b.valves = valvesSaying("ignore");
    b.apply([stageChanged(12, 1, 4, "lost")]);
    expect(b.snapshot.items[0]).toMatchObject({ stage: "won", version: 3 });
  });

  it("tells the breaker about gaps and applies that throw, and refetches those items", async () => {
    const server = new Map([[1, lead(1)], [2, lead(2)]]);
    const fetchOne = vi.fn(async (id: number) => server.get(id) ?? null);
    // A client bug that only some events reach: its rule throws on a stage it does not know.
    const b = new EntityList<LeadDto>("lead", async () => [...server.values()], fetchOne, l => {
      if ((l.stage as string) === "mystery") throw new Error("unknown stage");
      return true;
    });
    await b.load();
    const valves = valvesSaying("patch");
    b.valves = valves;
    b.apply([stageChanged(10, 1, 5, "won"), stageChanged(11, 2, 2, "mystery")]);
    expect(valves.recordFailure).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(fetchOne).toHaveBeenCalledTimes(2));
    b.apply([stageChanged(12, 2, 2, "proposal")]);
    expect(valves.recordSuccess).toHaveBeenCalledTimes(1);
  });
});
