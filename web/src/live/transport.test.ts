import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NativeTransport, requestTimeoutMs, UnauthorizedError } from "./transport";

/** A stand-in for the browser's WebSocket: the test decides when it opens, what arrives and when it closes. */
class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onclose: ((event?: { code: number; reason: string }) => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  constructor(readonly url: URL) { FakeSocket.last = this; }
  send(data: string) { this.sent.push(data); }
  close(code: number) { this.closedWith = code; this.readyState = 3; }
  open() { this.readyState = FakeSocket.OPEN; this.onopen?.(); }
  drop(code = 1006, reason = "") { this.readyState = 3; this.onclose?.({ code, reason }); }
  receive(message: unknown) { this.onmessage?.({ data: JSON.stringify(message) }); }
}

describe("the native transport in the browser", () => {
  let closes = 0;
  const events: unknown[] = [];
  const transport = () => new NativeTransport(() => "token-1", { onEvents: batch => events.push(...batch), onClose: () => closes++ });

  /** start() first stops any previous socket, so the new one appears a moment later. */
  const socketOf = async () => {
    await vi.waitFor(() => expect(FakeSocket.last).not.toBeNull());
    return FakeSocket.last!;
  };

  beforeEach(() => {
    FakeSocket.last = null;
    closes = 0;
    events.length = 0;
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.stubGlobal("window", { location: { href: "https://desk.example/app" } });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("connects to /live/ws with the token and answers requests by id, with events in between", async () => {
    const live = transport();
    const started = live.start();
    (await socketOf()).open();
    await started;
    expect(FakeSocket.last!.url.href).toBe("wss://desk.example/live/ws?access_token=token-1");

    const resumed = live.resume({ seq: 4, epoch: "e1" });
    const request = JSON.parse(FakeSocket.last!.sent[0]);
    expect(request).toMatchObject({ type: "resume", cursor: { seq: 4, epoch: "e1" } });
    FakeSocket.last!.receive({ type: "events", events: [{ seq: 5 }] });
    FakeSocket.last!.receive({ type: "reply", id: request.id, ok: true, error: null, resume: { recovered: true, head: 5, epoch: "e1" } });
    expect(await resumed).toEqual({ recovered: true, head: 5, epoch: "e1" });
    expect(events).toEqual([{ seq: 5 }]);
  });

  it("moves the open socket to a fresh token with a reauthenticate request, answered like the others", async () => {
    const live = transport();
    const started = live.start();
    (await socketOf()).open();
    await started;

    const moved = live.reauthenticate("token-2");
    const request = JSON.parse(FakeSocket.last!.sent[0]);
    expect(request).toEqual({ type: "reauthenticate", token: "token-2", id: request.id });
    FakeSocket.last!.receive({ type: "reply", id: request.id, ok: false, error: "The access token is not valid." });
    expect(await moved).toEqual({ ok: false, error: "The access token is not valid." });
    expect(closes).toBe(0);
  });

  it("takes a link that never answers for dead: the request fails and the connection reports the close", async () => {
    const live = transport();
    const started = live.start();
    (await socketOf()).open();
    await started;
    vi.useFakeTimers();

    const subscribed = live.subscribe("ticket:7");
    const failed = expect(subscribed).rejects.toThrow("closed before the server answered");
    vi.advanceTimersByTime(requestTimeoutMs);
    await failed;
    expect(closes).toBe(1);
    expect(FakeSocket.last!.closedWith).toBe(4000);
    expect(live.connected).toBe(false);
  });

  it("keeps the server's close code and reason, so the connection can back off and say why", async () => {
    const live = transport();
    const started = live.start();
    (await socketOf()).open();
    await started;
    FakeSocket.last!.drop(4429, "Too many live connections: at most 20 per user.");
    expect(live.serverClose).toEqual({ code: 4429, reason: "Too many live connections: at most 20 per user." });
    expect(closes).toBe(1);

    const again = live.start();
    (await socketOf()).open();
    await again;
    expect(live.serverClose).toBeNull();
  });

  it("a close while a request waits fails the request instead of leaving it pending", async () => {
    const live = transport();
    const started = live.start();
    (await socketOf()).open();
    await started;
    const subscribed = live.subscribe("ticket:7");
    FakeSocket.last!.drop();
    await expect(subscribed).rejects.toThrow("closed before the server answered");
    expect(closes).toBe(1);
  });

  it("stop while the socket is still opening ends the start", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => ({ status: 200 })));
    const live = transport();
    const started = live.start();
    await socketOf();
    await live.stop();
    await expect(started).rejects.toThrow("could not be opened");
  });

  it("a socket refused at the handshake asks REST, and a 401 there means sign in again", async () => {
    const fetch = vi.fn(async () => ({ status: 401 }));
    vi.stubGlobal("fetch", fetch);
    const live = transport();
    const started = live.start();
    (await socketOf()).drop();
    await expect(started).rejects.toBeInstanceOf(UnauthorizedError);
    expect(fetch).toHaveBeenCalledWith("/api/me", { headers: { Authorization: "Bearer token-1" } });
  });
});
