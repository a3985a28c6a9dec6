import { clearSession, isUsable, loadSession, sessionFrom, sessionStorageKey, writeSession, type Session } from "./session";
import type { LoginResponse } from "./types";

/** What the keeper needs of the browser; tests give it a fake clock, fake locks and an in-memory store. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The session as every tab of the browser shares it (localStorage). */
export interface SessionStore {
  read(): Session | null;
  write(session: Session): void;
  clear(): void;
  /** Another tab changed the stored session (the `storage` event). */
  watch(listener: () => void): () => void;
}

/** Locks shared by every tab of the origin (the Web Locks API). */
export interface CrossTabLocks {
  /** Runs `task` while holding `name`; other tabs asking for it wait. */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Takes `name` if no tab holds it and keeps it for `ms` without making the caller wait; false when taken. */
  holdIfFree(name: string, ms: number): Promise<boolean>;
}

export interface SessionKeeperDeps {
  store: SessionStore;
  /** POST /api/auth/refresh. A failure with `status` 401 means the session is over; anything else is retried. */
  refresh(refreshToken: string): Promise<LoginResponse>;
  /** Null where the browser has no Web Locks (an insecure context: plain http to a host other than localhost). */
  locks: CrossTabLocks | null;
  clock?: Clock;
  /** Calls back when the device wakes up or the tab becomes visible again: a timer may have slept through its time. */
  onWake?: (listener: () => void) => () => void;
}

export const expiredNotice = "Your session has expired. Please sign in again.";
export const refreshLockName = "livedesk.session.refresh";
/** Held by the tab that used a refresh token, named after that token: a tab whose copy of localStorage lags behind
 * still learns, from the lock manager that all tabs share, that the token is used up. */
export const usedMarkerPrefix = "livedesk.session.used.";
const markerHoldMs = 60_000;
/** How long a tab waits for another tab's refresh to reach its copy of localStorage. */
const storedWaitMs = 10_000;
const retryDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000];

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Keeps one signed-in session fresh for a tab, and for all tabs of the browser together. It refreshes ahead of the
 * access token's expiry (session.ts, refreshDelay), and when a request or the live connection was refused. A refresh
 * token works once and a second use ends the session (docs/security.md), so across tabs exactly one refreshes: the
 * refresh runs under a Web Lock; whoever gets the lock first re-reads localStorage and skips the refresh when another
 * tab already did it; the rest pick up the new pair through the `storage` event. Within a tab concurrent asks share
 * one refresh.
 */
export class SessionKeeper {
  private current: Session;
  private readonly clock: Clock;
  private readonly refreshedListeners = new Set<(session: Session) => void>();
  private readonly endedListeners = new Set<(reason: string | null) => void>();
  private readonly heldMarkers = new Set<string>();
  private inflight: Promise<boolean> | null = null;
  private timer: unknown = null;
  private failures = 0;
  private running = false;
  private ended = false;
  private unwatch: (() => void) | null = null;
  private unwake: (() => void) | null = null;

  constructor(session: Session, private readonly deps: SessionKeeperDeps) {
    this.current = session;
    this.clock = deps.clock ?? systemClock;
  }

  get session() { return this.current; }
  get token() { return this.current.token; }
  get hasEnded() { return this.ended; }

  start() {
    if (this.running || this.ended) return;
    this.running = true;
    this.unwatch = this.deps.store.watch(() => this.storedChanged());
    this.unwake = this.deps.onWake?.(() => void this.ensureFresh()) ?? null;
    this.schedule();
  }

  stop() {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.unwatch?.();
    this.unwatch = null;
    this.unwake?.();
    this.unwake = null;
  }

  /** A new access token, refreshed here or by another tab. */
  onRefreshed(listener: (session: Session) => void) {
    this.refreshedListeners.add(listener);
    return () => { this.refreshedListeners.delete(listener); };
  }

  /** The session is over: refused by the server (reason set), or signed out in another tab (null). */
  onEnded(listener: (reason: string | null) => void) {
    this.endedListeners.add(listener);
    return () => { this.endedListeners.delete(listener); };
  }

  /** Refreshes first when the token is due (before a reconnect; after the device slept). */
  async ensureFresh(): Promise<void> {
    if (!this.ended && this.current.refreshToken && this.clock.now() >= this.current.refreshAt) await this.refresh();
  }

  /**
   * `token` was refused (a REST 401, a live connection the server would not open): true when a newer token is there
   * to retry with, because another caller or tab refreshed meanwhile or this call did.
   */
  async refreshAfterRefusal(token: string | null): Promise<boolean> {
    if (this.ended) return false;
    if (token !== this.current.token) return true;
    if (!this.current.refreshToken) {
      this.end(expiredNotice);
      return false;
    }
    return this.refresh();
  }

  /** Refreshes now; concurrent calls in this tab share one refresh. True when a fresh token is in place. */
  refresh(): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    this.inflight ??= this.refreshOnce().finally(() => { this.inflight = null; });
    return this.inflight;
  }

  /** The session is over (refused, or signed out elsewhere): stop refreshing and tell the app. */
  end(reason: string | null) {
    this.finish(reason, stored => stored.user.id === this.current.user.id && stored.receivedAt <= this.current.receivedAt);
  }

  /** The user signed out here: the browser's session of this user goes, even a newer pair another tab stored. */
  signOut() {
    this.finish(null, stored => stored.user.id === this.current.user.id);
  }

  private finish(reason: string | null, clears: (stored: Session) => boolean) {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    // Never a sign-in of someone else made in another tab.
    const stored = this.deps.store.read();
    if (stored && clears(stored)) this.deps.store.clear();
    for (const listener of this.endedListeners) listener(reason);
  }

  private async refreshOnce(): Promise<boolean> {
    const stale = this.current;
    const task = () => this.refreshUnderLock(stale);
    return this.deps.locks ? this.deps.locks.exclusive(refreshLockName, task) : task();
  }

  private async refreshUnderLock(stale: Session): Promise<boolean> {
    if (this.ended) return false;
    // Another tab may have refreshed while this one waited for the lock.
    if (this.adoptStored() || this.current !== stale) return true;
    const refreshToken = stale.refreshToken;
    if (!refreshToken) return false;
    const marker = usedMarkerPrefix + fingerprint(refreshToken);
    if (!this.heldMarkers.has(marker)) {
      if (this.deps.locks && !(await this.deps.locks.holdIfFree(marker, markerHoldMs))) {
        // Another tab used this token, and its answer has not reached our copy of localStorage yet.
        return this.awaitStored(stale);
      }
      this.heldMarkers.add(marker);
      this.clock.setTimeout(() => this.heldMarkers.delete(marker), markerHoldMs);
    }
    let login: LoginResponse;
    try {
      login = await this.deps.refresh(refreshToken);
    } catch (error) {
      if (isRefusal(error)) {
        if (this.adoptStored()) return true;
        this.end(expiredNotice);
      } else {
        this.scheduleRetry();
      }
      return false;
    }
    const next = sessionFrom(login, this.clock.now());
    this.deps.store.write(next);
    this.adopt(next);
    return true;
  }

  /** Waits for the session another tab stored; a retry follows if it never comes (that tab's refresh failed). */
  private async awaitStored(stale: Session): Promise<boolean> {
    const deadline = this.clock.now() + storedWaitMs;
    while (this.clock.now() < deadline && !this.ended) {
      if (this.adoptStored() || this.current !== stale) return true;
      await new Promise<void>(resolve => this.clock.setTimeout(resolve, 50));
    }
    this.scheduleRetry();
    return false;
  }

  /** Takes the stored session when it is a newer one of the same user; true when it did. */
  private adoptStored(): boolean {
    const stored = this.deps.store.read();
    if (!stored || stored.user.id !== this.current.user.id || stored.refreshToken === this.current.refreshToken
      || stored.receivedAt < this.current.receivedAt) return false;
    if (!isUsable(stored, this.clock.now())) return false;
    this.adopt(stored);
    return true;
  }

  private adopt(session: Session) {
    this.current = session;
    this.failures = 0;
    this.schedule();
    for (const listener of this.refreshedListeners) listener(session);
  }

  /** The `storage` event: another tab refreshed, signed out, or signed in as someone else. */
  private storedChanged() {
    if (this.ended) return;
    const stored = this.deps.store.read();
    if (!stored) return this.end(null);
    if (stored.user.id !== this.current.user.id) return this.end(null);
    this.adoptStored();
  }

  private schedule() {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.running || this.ended || !this.current.refreshToken) return;
    let delay = Math.max(0, this.current.refreshAt - this.clock.now());
    // Without Web Locks nothing stops two tabs from refreshing at once; spreading them over part of the margin lets
    // the first one's answer reach the others (the storage event) before their own time comes. Rarely, two still
    // collide, and the session ends (docs/security.md).
    if (!this.deps.locks) delay += Math.random() * Math.min(60_000, Math.max(0, this.current.validUntil - this.current.refreshAt) / 2);
    this.timer = this.clock.setTimeout(() => void this.refresh(), delay);
  }

  /** The server could not be reached (or was busy): try again soon, the token may still have a while. */
  private scheduleRetry() {
    if (!this.running || this.ended) return;
    this.clock.clearTimeout(this.timer);
    const delay = retryDelaysMs[Math.min(this.failures, retryDelaysMs.length - 1)];
    this.failures++;
    this.timer = this.clock.setTimeout(() => void this.refresh(), delay);
  }
}

/** 401: the token is unknown, used before, or its session ended; 400: it is not even well-formed. */
function isRefusal(error: unknown) {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return status === 401 || status === 400;
}

/** A short name for a refresh token (FNV-1a), so lock names do not carry the secret itself. */
export function fingerprint(token: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    hash ^= token.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0") + token.length.toString(16);
}

/** The browser's pieces: localStorage and its `storage` event, the Web Locks API, visibility and online events. */
export function browserSessionDeps(refresh: (refreshToken: string) => Promise<LoginResponse>): SessionKeeperDeps {
  return {
    refresh,
    store: {
      read: () => loadSession(),
      write: writeSession,
      clear: clearSession,
      watch: listener => {
        const onStorage = (event: StorageEvent) => { if (event.key === sessionStorageKey || event.key === null) listener(); };
        window.addEventListener("storage", onStorage);
        return () => window.removeEventListener("storage", onStorage);
      },
    },
    locks: typeof navigator !== "undefined" && navigator.locks ? webLocks(navigator.locks) : null,
    onWake: listener => {
      const onVisible = () => { if (document.visibilityState === "visible") listener(); };
      document.addEventListener("visibilitychange", onVisible);
      window.addEventListener("online", listener);
      return () => {
        document.removeEventListener("visibilitychange", onVisible);
        window.removeEventListener("online", listener);
      };
    },
  };
}

export function webLocks(locks: LockManager): CrossTabLocks {
  return {
    // The lock is held until the task's promise settles; request() resolves with what it resolved with.
    exclusive: <T,>(name: string, task: () => Promise<T>) => locks.request(name, task) as unknown as Promise<T>,
    holdIfFree: (name, ms) => new Promise<boolean>(resolve => {
      void locks.request(name, { ifAvailable: true }, lock => {
        resolve(lock !== null);
        return lock ? new Promise<void>(release => setTimeout(release, ms)) : undefined;
      });
    }),
  };
}
