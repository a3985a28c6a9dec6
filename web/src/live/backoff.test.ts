import { describe, expect, it } from "vitest";
import { backoffDelay, jittered } from "./backoff";

describe("backoff", () => {
  const options = { baseMs: 500, maxMs: 15_000, jitter: 0.5 };

  it("doubles per attempt up to the cap", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6].map(attempt => backoffDelay(attempt, options, () => 0));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it("spreads clients over the lower half of the window, so a restart does not bring them back at once", () => {
    expect(backoffDelay(3, options, () => 0.999)).toBe(2002);
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)));
    expect(samples.size).toBeGreaterThan(10);
    for (const delay of samples) expect(delay).toBeGreaterThanOrEqual(2000);
  });

  it("jitters a slow timer by ±20%", () => {
    expect(jittered(30_000, 0.2, () => 0)).toBe(24_000);
    expect(jittered(30_000, 0.2, () => 1)).toBe(36_000);
  });
});
