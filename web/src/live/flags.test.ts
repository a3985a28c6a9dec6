import { describe, expect, it } from "vitest";
import { FeatureFlags } from "./flags";
import { event } from "./testing";
import type { FlagMode } from "./types";

const flagEvent = (seq: number, entity: string, mode: FlagMode, version: number, pollSeconds = 30) =>
  event(seq, { type: "feature_flag.updated", entity: "feature_flag", entityId: 1, version, changes: { entity, mode, pollSeconds, updatedAt: "2026-12-02T12:00:00Z" } });

describe("FeatureFlags", () => {
  it("takes the REST flags, follows flag events, and tells who listens which type switched", () => {
    const flags = new FeatureFlags();
    const switched: string[] = [];
    flags.onChange((entity, from, to) => switched.push(`${entity}: ${from.mode} → ${to.mode}`));
    expect(flags.mode("ticket")).toBe("live");

    flags.accept({ flags: { ticket: { mode: "signal", pollSeconds: 30, version: 2 }, comment: { mode: "live", pollSeconds: 30, version: 0 } } });
    flags.applyEvents([event(10, { entity: "ticket" }), flagEvent(11, "ticket", "poll", 3, 5)]);

    expect(flags.get("ticket")).toEqual({ mode: "poll", pollSeconds: 5, version: 3 });
    expect(flags.mode("comment")).toBe("live");
    expect(switched).toEqual(["ticket: live → signal", "ticket: signal → poll"]);
  });

  it("never lets an older answer undo a newer flag", () => {
    const flags = new FeatureFlags();
    flags.applyEvents([flagEvent(11, "ticket", "signal", 4)]);
    // GET /api/admin/flags read before that change, answering late.
    flags.accept({ flags: { ticket: { mode: "live", pollSeconds: 30, version: 3 } } });
    expect(flags.mode("ticket")).toBe("signal");
  });
});
