import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveDeskApi } from "./api";

describe("the REST client when the server refuses its token", () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  function server(accepted: Set<string>) {
    const seen: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (_url: string, init: RequestInit) => {
      const token = (init.headers as Record<string, string>).Authorization?.slice("Bearer ".length) ?? "";
      seen.push(token);
      return accepted.has(token)
        ? new Response(JSON.stringify({ id: 3 }), { status: 200 })
        : new Response(JSON.stringify({ title: "Sign in first." }), { status: 401 });
    }));
    return seen;
  }

  it("refreshes once and sends the request again with the fresh token", async () => {
    const seen = server(new Set(["fresh"]));
    let token = "expired";
    const signOuts: string[] = [];
    const api = new LiveDeskApi(() => token, {
      refreshAfterRefusal: async refused => { expect(refused).toBe("expired"); token = "fresh"; return true; },
      signOut: reason => signOuts.push(reason),
    });
    expect(await api.me()).toEqual({ id: 3 });
    expect(seen).toEqual(["expired", "fresh"]);
    expect(signOuts).toEqual([]);
  });

  it("signs out when even the fresh token is refused, and never loops", async () => {
    const seen = server(new Set());
    let token = "expired";
    const signOuts: string[] = [];
    const api = new LiveDeskApi(() => token, {
      refreshAfterRefusal: async () => { token = "fresh"; return true; },
      signOut: reason => signOuts.push(reason),
    });
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual(["expired", "fresh"]);
    expect(signOuts).toEqual(["Your session has expired. Please sign in again."]);
  });

  it("does not retry when no fresh token could be had", async () => {
    const seen = server(new Set());
    const api = new LiveDeskApi(() => "expired", { refreshAfterRefusal: async () => false, signOut: () => {} });
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual(["expired"]);
  });
});
