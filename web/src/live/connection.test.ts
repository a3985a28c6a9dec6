import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveTransport, TransportHandlers } from "./transport";
import type { Cursor, SubscribeResult } from "./types";

/** The wire, as the test scripts it: which tokens it connected with, and what reauthenticate answers. */
class FakeTransport implements LiveTransport {
  static last: FakeTransport;
  connected = false;
  serverClose: { code: number; reason: string } | null = null;
  connectedWith: string[] = [];
  reauthenticated: string[] = [];
  reauthenticateAnswer: SubscribeResult = { ok: true, error: null };
  /** How many of the next starts the server refuses (401), across transports. */
  static refusedStarts = 0;

  constructor(private readonly accessToken: () => string, private readonly handlers: TransportHandlers) {
    FakeTransport.last = this;
  }

  async start() {
    this.serverClose = null;
    const token = this.accessToken();
    if (FakeTransport.refusedStarts > 0) {
      FakeTransport.refusedStarts--;
      throw new Error("401: the access token was refused");
    }
    this.connectedWith.push(token);
    this.connected = true;
  }

  async stop() {
    if (!this.connected) return;
    this.connected = false;
    this.handlers.onClose();
  }

  /** The server closed the connection (its token expired). */
  drop() {
    this.connected = false;
    this.handlers.onClose();
  }

  async subscribe() { return { ok: true, error: null }; }
  async unsubscribe() { return { ok: true, error: null }; }
  async signal() { return { ok: true, error: null }; }
  async resume(cursor: Cursor | null) { return { recovered: true, head: cursor?.seq ?? 10, epoch: "e1" }; }

  async reauthenticate(token: string) {
    this.reauthenticated.push(token);
    return this.reauthenticateAnswer;
  }
}

vi.mock("./transport", async importOriginal => ({
  ...(await importOriginal<typeof import("./transport")>()),
  createTransport: (_kind: string, accessToken: () => string, handlers: TransportHandlers) => new FakeTransport(accessToken, handlers),
}));

const { LiveConnection } = await import("./connection");

describe("the live connection across token refreshes", () => {
  let token = "token-1";
  let resets = 0;
  let signedOut = 0;

  beforeEach(() => {
    token = "token-1";
    resets = 0;
    signedOut = 0;
    const listeners = { addEventListener: () => {}, removeEventListener: () => {} };
    vi.stubGlobal("window", listeners);
    vi.stubGlobal("document", { ...listeners, visibilityState: "visible" });
    vi.stubGlobal("navigator", { onLine: true });
  });
  afterEach(() => { vi.unstubAllGlobals(); });

  function connection(renewToken?: (refused: string | null) => Promise<boolean>) {
    const live = new LiveConnection({
      accessToken: () => token,
      renewToken,
      onEvents: () => {},
      onReset: async () => { resets++; },
      onUnauthorized: () => { signedOut++; },
      backoff: { baseMs: 1, maxMs: 2, jitter: 0 },
      resumeIntervalMs: 3_600_000,
    });
    live.start();
    return live;
  }

  const live = (connection: { status: { state: string } }) => vi.waitFor(() => expect(connection.status.state).toBe("live"));

  it("moves the open connection to a refreshed token without reconnecting", async () => {
    const c = connection();
    await live(c);
    token = "token-2";
    await c.reauthenticate();
    token = "token-3";
    await c.reauthenticate();

    expect(FakeTransport.last.reauthenticated).toEqual(["token-2", "token-3"]);
    expect(FakeTransport.last.connectedWith).toEqual(["token-1"]);
    await c.stop();
  });

  it("when the server refuses the move, or closes for expiry anyway, it reconnects with the fresh token and resumes without a reset", async () => {
    const c = connection();
    await live(c);
    token = "token-2";
    FakeTransport.last.reauthenticateAnswer = { ok: false, error: "The access token is not valid." };
    await c.reauthenticate();
    await vi.waitFor(() => expect(FakeTransport.last.connectedWith).toEqual(["token-1", "token-2"]));
    await live(c);

    token = "token-3";
    FakeTransport.last.drop();
    await vi.waitFor(() => expect(FakeTransport.last.connectedWith).toEqual(["token-1", "token-2", "token-3"]));
    await live(c);
    expect(resets).toBe(0);
    expect(signedOut).toBe(0);
    await c.stop();
  });

  it("a token refused at connect is renewed once and the connect retried; refused again, the user signs in again", async () => {
    const renewals: (string | null)[] = [];
    const c = connection(async refused => {
      renewals.push(refused);
      token = "token-2";
      return true;
    });
    await live(c);
    FakeTransport.refusedStarts = 1;
    FakeTransport.last.drop();
    await vi.waitFor(() => expect(FakeTransport.last.connectedWith).toEqual(["token-1", "token-2"]));
    expect(renewals).toEqual(["token-1"]);
    expect(signedOut).toBe(0);
    await c.stop();

    // A fresh token refused too is not an expired one.
    FakeTransport.refusedStarts = 2;
    connection(async () => true);
    await vi.waitFor(() => expect(signedOut).toBe(1));
  });
});

describe("the live connection turned away by the server's limits", () => {
  beforeEach(() => {
    const listeners = { addEventListener: () => {}, removeEventListener: () => {} };
    vi.stubGlobal("window", listeners);
    vi.stubGlobal("document", { ...listeners, visibilityState: "visible" });
    vi.stubGlobal("navigator", { onLine: true });
    vi.spyOn(console, "info").mockImplementation(() => {});
  });
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); vi.restoreAllMocks(); });

  const tooMany = "Too many live connections: at most 20 per user (tabs, devices and integrations together). Close one and try again.";

  async function liveConnection() {
    const c = new LiveConnection({
      accessToken: () => "token-1", onEvents: () => {}, onReset: async () => {}, onUnauthorized: () => {},
      backoff: { baseMs: 100, maxMs: 60_000, jitter: 0 }, resumeIntervalMs: 3_600_000,
    });
    c.start();
    await vi.waitFor(() => expect(c.status.state).toBe("live"));
    vi.useFakeTimers();
    return c;
  }

  it("an ordinary drop is retried at once, with the shortest delay", async () => {
    const c = await liveConnection();
    FakeTransport.last.drop();
    expect(c.status).toMatchObject({ state: "reconnecting", reason: null });
    expect(c.status.retryAt! - Date.now()).toBe(100);
    await c.stop();
  });

  for (const [code, reason] of [[4429, tooMany], [4408, "Too many live requests after being told to slow down; reconnect later."]] as const) {
    it(`closed with ${code}, it waits the longest delay and shows the server's reason instead of retrying in a tight loop`, async () => {
      const c = await liveConnection();
      const transport = FakeTransport.last;
      transport.serverClose = { code, reason };
      transport.drop();

      expect(c.status).toMatchObject({ state: "reconnecting", reason });
      expect(c.status.retryAt! - Date.now()).toBe(60_000);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(transport.connectedWith).toHaveLength(1);

      await vi.advanceTimersByTimeAsync(1_000);
      expect(transport.connectedWith).toHaveLength(2);
      expect(c.status).toMatchObject({ state: "live", reason: null });
      await c.stop();
    });
  }
});
