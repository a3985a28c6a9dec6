import { describe, expect, it, vi } from "vitest";

const invoked: unknown[][] = [];

// The SignalR client stands in for a hub: it records invocations and answers them.
vi.mock("@microsoft/signalr", () => {
  class FakeHub {
    state = "Connected";
    on() {}
    onclose() {}
    async start() {}
    async stop() {}
    async invoke(...args: unknown[]) {
      invoked.push(args);
      return { ok: true, error: null };
    }
  }
  class HubConnectionBuilder {
    withUrl() { return this; }
    configureLogging() { return this; }
    build() { return new FakeHub(); }
  }
  return { HubConnectionBuilder, HubConnectionState: { Connected: "Connected", Disconnected: "Disconnected" }, LogLevel: { None: 6 }, HttpError: class extends Error {} };
});

const { SignalRTransport } = await import("./transport");

describe("the SignalR transport", () => {
  it("moves the open connection to a fresh token through the hub's Reauthenticate", async () => {
    const transport = new SignalRTransport(() => "token-1", { onEvents: () => {}, onClose: () => {} });
    await transport.start();
    expect(await transport.reauthenticate("token-2")).toEqual({ ok: true, error: null });
    expect(invoked).toEqual([["Reauthenticate", "token-2"]]);
  });
});
