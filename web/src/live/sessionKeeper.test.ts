import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { refreshDelay, remainingLifetime, sessionFrom, type Session } from "./session";
import { SessionKeeper, type Clock, type CrossTabLocks, type SessionStore } from "./sessionKeeper";
import { ana, manager } from "./testing";
import type { LoginResponse, UserDto } from "./types";

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A JWT as the server writes it: `iat` and `exp` in whole seconds, rounded down. */
function jwt(issuedAtMs: number, lifetimeMs: number, id: number) {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const claims = { sub: "3", iat: Math.floor(issuedAtMs / 1000), exp: Math.floor((issuedAtMs + lifetimeMs) / 1000), jti: `t${id}` };
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.signature`;
}

/** The server: hands out pairs of `lifetimeMs` tokens; a refresh token works once, as on the real one. */
class FakeServer {
  private next = 1;
  private readonly unused = new Set<string>();
  refreshes: string[] = [];
  failNext: "network" | "refused" | null = null;

  constructor(readonly lifetimeMs: number, private readonly user: UserDto = ana) {}

  login(): LoginResponse {
    const id = this.next++;
    const refreshToken = `refresh-${id}`;
    this.unused.add(refreshToken);
    const now = Date.now();
    return {
      accessToken: jwt(now, this.lifetimeMs, id), expiresAt: new Date(now + this.lifetimeMs).toISOString(), user: this.user,
      refreshToken, sessionExpiresAt: new Date(now + 30 * 86_400_000).toISOString(),
    };
  }

  readonly refresh = async (refreshToken: string): Promise<LoginResponse> => {
    this.refreshes.push(refreshToken);
    await Promise.resolve();
    const failure = this.failNext;
    this.failNext = null;
    if (failure === "network") throw new TypeError("Failed to fetch");
    if (failure === "refused" || !this.unused.delete(refreshToken)) throw Object.assign(new Error("used"), { status: 401 });
    return this.login();
  };
}

/**
 * localStorage as tabs see it: each tab reads its own copy, which another tab's write reaches only when delivered
 * (as Chromium's per-process copies do), with the `storage` event.
 */
class FakeStorage {
  value: Session | null = null;
  private readonly tabs: { copy: Session | null; listeners: Set<() => void> }[] = [];
  autoDeliver = true;
  private pending: (() => void)[] = [];

  tab(): SessionStore {
    const tab = { copy: this.value, listeners: new Set<() => void>() };
    this.tabs.push(tab);
    const publish = (value: Session | null) => {
      tab.copy = value;
      this.value = value;
      for (const other of this.tabs.filter(t => t !== tab)) {
        const deliver = () => { other.copy = value; for (const listener of other.listeners) listener(); };
        if (this.autoDeliver) deliver(); else this.pending.push(deliver);
      }
    };
    return {
      read: () => tab.copy,
      write: session => publish(session),
      clear: () => publish(null),
      watch: listener => { tab.listeners.add(listener); return () => tab.listeners.delete(listener); },
    };
  }

  deliver() {
    const pending = this.pending;
    this.pending = [];
    for (const deliver of pending) deliver();
  }
}

/** The browser's lock manager: one for every tab of the origin. */
class FakeLocks implements CrossTabLocks {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  async exclusive<T>(name: string, task: () => Promise<T>): Promise<T> {
    while (this.held.has(name)) await new Promise<void>(resolve => this.waiting.set(name, [...(this.waiting.get(name) ?? []), resolve]));
    this.held.add(name);
    try {
      return await task();
    } finally {
      this.release(name);
    }
  }

  async holdIfFree(name: string, ms: number) {
    if (this.held.has(name)) return false;
    this.held.add(name);
    setTimeout(() => this.release(name), ms);
    return true;
  }

  private release(name: string) {
    this.held.delete(name);
    const next = this.waiting.get(name)?.shift();
    next?.();
  }
}

describe("when to refresh", () => {
  it("is at three quarters of the token's remaining life, at least a minute before its end (a short one after a quarter)", () => {
    expect(refreshDelay(15 * 60_000)).toBe(675_000);
    expect(refreshDelay(8 * 3_600_000)).toBe(6 * 3_600_000);
    expect(refreshDelay(200_000)).toBe(140_000);
    expect(refreshDelay(100_000)).toBe(40_000);
    expect(refreshDelay(2_000)).toBe(500);
    expect(refreshDelay(0)).toBe(0);
    expect(refreshDelay(-5)).toBe(0);
  });

  it("measures the life from the token's own claims, on the server's clock: whole-second exp counts, not the exact expiry", () => {
    // Issued at 10.9 s for 2 s: exp is 12 s, so it works for 1.1 s, not 2.
    const issued = Date.UTC(2026, 10, 23, 10, 0, 10, 900);
    const token = jwt(issued, 2_000, 1);
    const expiresAt = new Date(issued + 2_000).toISOString();
    // However wrong this device's clock is.
    expect(remainingLifetime(token, expiresAt, issued)).toBe(1_100);
    expect(remainingLifetime(token, expiresAt, issued + 3_600_000)).toBe(1_100);
    expect(remainingLifetime(jwt(issued, 900_000, 2), new Date(issued + 900_000).toISOString(), 0)).toBe(899_100);
    // Not a JWT: trust the clocks.
    expect(remainingLifetime("opaque", new Date(issued + 5_000).toISOString(), issued)).toBe(5_000);
  });
});

describe("the session keeper", () => {
  beforeEach(() => { vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 9, 0, 0) }); });
  afterEach(() => { vi.useRealTimers(); });

  function tab(server: FakeServer, storage: FakeStorage, locks: CrossTabLocks | null, session: Session) {
    const keeper = new SessionKeeper(session, { store: storage.tab(), refresh: server.refresh, locks, clock });
    const refreshed: string[] = [];
    const ended: (string | null)[] = [];
    keeper.onRefreshed(s => refreshed.push(s.token));
    keeper.onEnded(reason => ended.push(reason));
    return { keeper, refreshed, ended };
  }

  function signIn(server: FakeServer, storage: FakeStorage) {
    const session = sessionFrom(server.login(), Date.now());
    storage.value = session;
    return session;
  }

  it("refreshes before the token expires, again and again, each time with the newest refresh token", async () => {
    const server = new FakeServer(15 * 60_000);
    const storage = new FakeStorage();
    const one = tab(server, storage, new FakeLocks(), signIn(server, storage));
    one.keeper.start();

    await vi.advanceTimersByTimeAsync(11 * 60_000);
    expect(server.refreshes).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.refreshes).toEqual(["refresh-1"]);
    expect(one.keeper.session.refreshToken).toBe("refresh-2");
    expect(storage.value?.refreshToken).toBe("refresh-2");
    await vi.advanceTimersByTimeAsync(12 * 60_000);
    expect(server.refreshes).toEqual(["refresh-1", "refresh-2"]);
    expect(one.refreshed).toHaveLength(2);
    expect(one.ended).toEqual([]);
  });

  it("with two tabs, exactly one refreshes per token; the other takes the new pair from storage", async () => {
    const server = new FakeServer(2_000);
    const storage = new FakeStorage();
    const locks = new FakeLocks();
    const session = signIn(server, storage);
    const a = tab(server, storage, locks, session);
    const b = tab(server, storage, locks, session);
    a.keeper.start();
    b.keeper.start();

    await vi.advanceTimersByTimeAsync(20_000);

    expect(server.refreshes.length).toBeGreaterThanOrEqual(15);
    expect(new Set(server.refreshes).size).toBe(server.refreshes.length); // no refresh token used twice
    expect(a.ended).toEqual([]);
    expect(b.ended).toEqual([]);
    expect(b.keeper.token).toBe(a.keeper.token);
    expect(a.keeper.session.refreshToken).toBe(storage.value?.refreshToken);
  });

  it("a tab whose copy of localStorage lags behind does not use the refresh token again: it waits for the new pair", async () => {
    const server = new FakeServer(2_000);
    const storage = new FakeStorage();
    const locks = new FakeLocks();
    const session = signIn(server, storage);
    const a = tab(server, storage, locks, session);
    const b = tab(server, storage, locks, session);
    storage.autoDeliver = false;

    expect(await a.keeper.refresh()).toBe(true);
    // B asks before A's write reached its copy: under the lock it still reads the old pair.
    const bRefreshed = b.keeper.refresh();
    await vi.advanceTimersByTimeAsync(200);
    expect(server.refreshes).toEqual(["refresh-1"]);
    storage.deliver();
    await vi.advanceTimersByTimeAsync(100);
    expect(await bRefreshed).toBe(true);
    expect(b.keeper.token).toBe(a.keeper.token);
    expect(server.refreshes).toEqual(["refresh-1"]);
    expect(b.ended).toEqual([]);
  });

  it("concurrent refusals in one tab share one refresh, and a refusal of a token already replaced refreshes nothing", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const session = signIn(server, storage);
    const one = tab(server, storage, new FakeLocks(), session);

    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => one.keeper.refreshAfterRefusal(session.token)));
    expect(answers).toEqual([true, true, true, true, true]);
    expect(server.refreshes).toEqual(["refresh-1"]);

    expect(await one.keeper.refreshAfterRefusal(session.token)).toBe(true);
    expect(server.refreshes).toEqual(["refresh-1"]);
  });

  it("a refused refresh ends the session with a notice and clears it from storage", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const one = tab(server, storage, new FakeLocks(), signIn(server, storage));
    server.failNext = "refused";

    expect(await one.keeper.refresh()).toBe(false);
    expect(one.ended).toEqual(["Your session has expired. Please sign in again."]);
    expect(storage.value).toBeNull();
  });

  it("an unreachable server is retried later, without signing out", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const one = tab(server, storage, new FakeLocks(), signIn(server, storage));
    one.keeper.start();
    server.failNext = "network";

    expect(await one.keeper.refresh()).toBe(false);
    expect(one.ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.refreshes).toEqual(["refresh-1", "refresh-1"]);
    expect(one.keeper.session.refreshToken).toBe("refresh-2");
  });

  it("signing out in another tab, or signing in there as someone else, ends this tab's session quietly", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const session = signIn(server, storage);
    const a = tab(server, storage, new FakeLocks(), session);
    const b = tab(server, storage, new FakeLocks(), session);
    a.keeper.start();
    b.keeper.start();

    b.keeper.end(null);
    expect(a.ended).toEqual([null]);

    const c = tab(server, storage, new FakeLocks(), signIn(server, storage));
    c.keeper.start();
    const managerServer = new FakeServer(60_000, manager);
    storage.tab().write(sessionFrom(managerServer.login(), Date.now()));
    expect(c.ended).toEqual([null]);
    // The other user's sign-in stays.
    expect(storage.value?.user.id).toBe(manager.id);
  });

  it("signing out here clears the browser's session of this user, even a newer pair another tab just stored", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const session = signIn(server, storage);
    const a = tab(server, storage, new FakeLocks(), session);
    storage.autoDeliver = false;
    await vi.advanceTimersByTimeAsync(10);
    const b = tab(server, storage, new FakeLocks(), session);
    expect(await b.keeper.refresh()).toBe(true);

    a.keeper.signOut();
    expect(a.ended).toEqual([null]);
    expect(storage.value).toBeNull();
  });

  it("a session from an older dashboard without a refresh token signs in again when its token is refused", async () => {
    const server = new FakeServer(60_000);
    const storage = new FakeStorage();
    const session = { ...signIn(server, storage), refreshToken: null };
    const one = tab(server, storage, new FakeLocks(), session);

    expect(await one.keeper.refreshAfterRefusal(session.token)).toBe(false);
    expect(one.ended).toEqual(["Your session has expired. Please sign in again."]);
    expect(server.refreshes).toEqual([]);
  });
});
