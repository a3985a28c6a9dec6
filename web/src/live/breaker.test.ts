import { describe, expect, it } from "vitest";
import { CircuitBreaker, type BreakerState } from "./breaker";

const options = { failureThreshold: 3, windowMs: 10_000, openForMs: 30_000, probeSuccesses: 2 };

function setup() {
  let now = Date.parse("2026-12-02T12:00:00Z");
  const changes: { from: BreakerState; to: BreakerState; reason: string }[] = [];
  const breaker = new CircuitBreaker("ticket", (_, from, to, reason) => changes.push({ from, to, reason }), options, () => now);
  return { breaker, changes, advance: (ms: number) => { now += ms; } };
}

describe("CircuitBreaker", () => {
  it("opens on failures within the window, not on failures spread out", () => {
    const { breaker, changes, advance } = setup();
    breaker.recordFailure("gap");
    advance(6_000);
    breaker.recordFailure("gap");
    advance(6_000);
    breaker.recordFailure("gap");
    expect(breaker.current).toBe("closed");
    expect(breaker.appliesEvents).toBe(true);

    breaker.recordFailure("apply failed");

    expect(breaker.current).toBe("open");
    expect(breaker.appliesEvents).toBe(false);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ from: "closed", to: "open" });
    expect(changes[0].reason).toContain("3 failures within 10 s");
  });

  it("probes after its open period and closes after enough healthy events", () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("gap");
    advance(29_000);
    expect(breaker.current).toBe("open");
    breaker.recordSuccess();
    expect(breaker.current).toBe("open");

    advance(1_000);
    expect(breaker.current).toBe("half_open");
    expect(breaker.appliesEvents).toBe(true);
    breaker.recordSuccess();
    expect(breaker.current).toBe("half_open");
    breaker.recordSuccess();

    expect(breaker.current).toBe("closed");
    expect(changes.map(c => c.to)).toEqual(["open", "half_open", "closed"]);
  });

  it("opens again for a full period when a probe fails", () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("gap");
    advance(30_000);
    expect(breaker.current).toBe("half_open");

    breaker.recordFailure("apply failed");

    expect(breaker.current).toBe("open");
    expect(changes.at(-1)?.reason).toContain("failed while probing");
    advance(29_000);
    expect(breaker.current).toBe("open");
    advance(1_000);
    expect(breaker.current).toBe("half_open");
  });

  it("forgets old failures once closed, so opening again needs a fresh run", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure("gap");
    advance(30_000);
    breaker.recordSuccess();
    breaker.recordSuccess();
    expect(breaker.current).toBe("closed");

    breaker.recordFailure("gap");
    breaker.recordFailure("gap");

    expect(breaker.current).toBe("closed");
  });
});
