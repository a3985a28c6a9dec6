import { backoffDelay, defaultBackoff, jittered, type BackoffOptions } from "./backoff";
import { EventSequencer, type ResumeOutcome } from "./sequencer";
import { backOffCloseCodes, createTransport, isUnauthorized, type LiveTransport, type TransportKind } from "./transport";
import type { EventEnvelope, SignalMessage } from "./types";

/** What the connection indicator shows. */
export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

export interface ConnectionStatus {
  state: ConnectionState;
  /** When the next connection attempt is due (ms since epoch), while not live. */
  retryAt: number | null;
  /** The server's reason for turning the connection away (too many connections, flooding), to show the user. */
  reason: string | null;
}

export interface LiveConnectionOptions {
  /** The native WebSocket (default) or the SignalR hub; same protocol, the native one costs the server less. */
  transport?: TransportKind;
  /** The current access token: read on every (re)connect, and after `reauthenticate()`. */
  accessToken: () => string;
  /** Awaited (at most a few seconds) before every (re)connect: e.g. refresh a token that is due. */
  beforeConnect?: () => Promise<void>;
  /** The server refused `token` when connecting: renew it; true means a fresh one is in place, so connect again at
   * once. Without it, or when it says false, `onUnauthorized` follows. */
  renewToken?: (token: string | null) => Promise<boolean>;
  /** Events in seq order, each exactly once. */
  onEvents: (events: EventEnvelope[]) => void;
  /** The server said reset: reload everything on screen by REST. Kept events are applied after it resolves. */
  onReset: (epochChanged: boolean) => Promise<void>;
  /** The token was refused and could not be renewed: the user must sign in again. */
  onUnauthorized: () => void;
  backoff?: BackoffOptions;
  /** The slow cursor-sync timer that catches anything the live path missed. */
  resumeIntervalMs?: number;
  /** After this many failed attempts in a row the indicator says Offline rather than Reconnecting. */
  offlineAfterAttempts?: number;
}

/**
 * The dashboard's live channel: one connection (native WebSocket by default) with a cursor. It resumes after every reconnect, when the
 * tab becomes visible, when the browser comes back online and on a slow timer; it reconnects forever with jittered
 * exponential backoff; and it re-joins the rooms the screens asked for. Ordering, duplicates and buffering during a
 * Resume are the sequencer's job.
 */
export class LiveConnection {
  private readonly transport: LiveTransport;
  private readonly sequencer = new EventSequencer();
  private readonly rooms = new Map<string, number>(); // room -> how many screens want it
  private readonly subscribed = new Set<string>(); // rooms joined on the current connection
  private readonly listeners = new Set<(status: ConnectionStatus) => void>();
  private readonly signalListeners = new Set<(signal: SignalMessage) => void>();
  private statusValue: ConnectionStatus = { state: "connecting", retryAt: null, reason: null };
  private attempt = 0;
  private running = false;
  private connecting = false;
  private resuming: Promise<void> | null = null;
  /** The token the open connection was opened with or last moved to; the server closes it when that one expires. */
  private tokenInUse: string | null = null;
  private refusedInARow = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onVisible = () => { if (document.visibilityState === "visible") this.catchUp(); };
  private readonly onOnline = () => this.catchUp();
  private readonly onOffline = () => {
    if (this.statusValue.state !== "live") this.setStatus("offline", this.statusValue.retryAt, this.statusValue.reason);
  };

  constructor(private readonly options: LiveConnectionOptions) {
    const accessToken = () => {
      const token = options.accessToken();
      this.tokenInUse = token;
      return token;
    };
    this.transport = createTransport(options.transport ?? "native", accessToken, {
      onEvents: batch => this.receive(batch),
      onSignal: signal => { for (const listener of this.signalListeners) listener(signal); },
      onClose: () => this.connectionLost(),
    });
  }

  get status() { return this.statusValue; }
  get cursor() { return this.sequencer.cursor; }

  onStatus(listener: (status: ConnectionStatus) => void) {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  start() {
    if (this.running) return;
    this.running = true;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    void this.connect();
  }

  async stop() {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.syncTimer);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    await this.transport.stop();
  }

  /** Joins a room for as long as the returned function is not called; a join catches the room up by cursor. */
  /** Someone else's ephemeral signals (typing) in the rooms this connection is in. */
  onSignal(listener: (signal: SignalMessage) => void) {
    this.signalListeners.add(listener);
    return () => { this.signalListeners.delete(listener); };
  }

  /** Sends an ephemeral signal to a joined room; when not live it is simply not sent (a late "typing" is worthless). */
  signal(room: string, name: string) {
    if (this.isLive() && this.subscribed.has(room)) void this.transport.signal(room, name).catch(() => {});
  }

  join(room: string): () => void {
    const count = this.rooms.get(room) ?? 0;
    this.rooms.set(room, count + 1);
    if (count === 0 && this.isLive()) {
      void this.invokeSubscribe(room).then(() => this.resume()).catch(() => {});
    }
    return () => {
      const left = (this.rooms.get(room) ?? 1) - 1;
      if (left > 0) return void this.rooms.set(room, left);
      this.rooms.delete(room);
      this.subscribed.delete(room);
      if (this.isLive()) void this.transport.unsubscribe(room).catch(() => {});
    };
  }

  /** Catch up now: Resume if connected, otherwise try to connect at once instead of waiting for the backoff. */
  catchUp() {
    if (!this.running) return;
    if (this.isLive()) void this.resume().catch(() => {});
    else {
      this.attempt = 0;
      clearTimeout(this.retryTimer);
      void this.connect();
    }
  }

  /**
   * The access token was refreshed: move the open connection to it (`reauthenticate`), so the server does not close
   * it when the old one expires. If the server refuses, the connection starts over with the fresh token and resumes
   * from the cursor. Not live: the next connect takes the fresh token anyway.
   */
  async reauthenticate(): Promise<void> {
    if (!this.running || !this.isLive()) return;
    const token = this.options.accessToken();
    if (token === this.tokenInUse) return;
    let refusal: string | null;
    try {
      const result = await this.transport.reauthenticate(token);
      if (result.ok) {
        this.tokenInUse = token;
        return;
      }
      refusal = result.error;
    } catch {
      return; // the connection broke meanwhile: its reconnect takes the fresh token
    }
    console.info(`LiveDesk: the live connection could not move to the fresh token (${refusal}); reconnecting.`);
    void this.transport.stop();
  }

  /** Resume now and wait for it, e.g. so the cursor reaches a head the periodic sync read. Not connected: waits up to
   * `timeoutMs` for the connection to come back first; false if it does not. */
  async catchUpNow(timeoutMs = 15_000): Promise<boolean> {
    if (!this.running) return false;
    if (!this.isLive() && !(await this.whenLive(timeoutMs))) return false;
    await this.resume();
    return this.isLive();
  }

  private whenLive(timeoutMs: number): Promise<boolean> {
    return new Promise(resolve => {
      const timer = setTimeout(() => { stop(); resolve(false); }, timeoutMs);
      const stop = this.onStatus(status => {
        if (status.state !== "live") return;
        clearTimeout(timer);
        stop();
        resolve(true);
      });
    });
  }

  private isLive() {
    return this.transport.connected && !this.connecting;
  }

  private async connect() {
    if (!this.running || this.connecting) return;
    this.connecting = true;
    clearTimeout(this.retryTimer);
    if (this.statusValue.state !== "connecting" && this.statusValue.state !== "offline") this.setStatus("reconnecting", null, this.statusValue.reason);
    try {
      if (this.options.beforeConnect) await Promise.race([this.options.beforeConnect().catch(() => {}), delay(5_000)]);
      // Buffer from the first byte: live events for the automatic rooms can arrive before Resume answers.
      this.sequencer.beginResume();
      this.subscribed.clear();
      await this.transport.start();
      for (const room of this.rooms.keys()) await this.invokeSubscribe(room);
      await this.runResume();
      // A screen may have asked for a room while we were connecting.
      const late = [...this.rooms.keys()].filter(room => !this.subscribed.has(room));
      for (const room of late) await this.invokeSubscribe(room);
      if (late.length > 0) await this.runResume();
      this.connecting = false;
      this.attempt = 0;
      this.refusedInARow = 0;
      this.setStatus("live", null, null);
      this.scheduleSync();
      // The token was refreshed while this connection was opening with the one before.
      void this.reauthenticate();
    } catch (error) {
      this.sequencer.abortResume();
      // Still "connecting" while stopping, so the close handler leaves the retry to us (one timer, not two).
      await this.transport.stop().catch(() => {});
      this.connecting = false;
      if (isUnauthorized(error)) {
        // Once renewed and still refused is not an expired token: the user must sign in again.
        if (this.refusedInARow++ === 0 && this.options.renewToken && await this.options.renewToken(this.tokenInUse)) {
          if (this.running) void this.connect();
          return;
        }
        this.running = false;
        this.options.onUnauthorized();
        return;
      }
      this.scheduleRetry();
    }
  }

  private connectionLost() {
    clearTimeout(this.syncTimer);
    this.sequencer.abortResume();
    if (!this.running || this.connecting) return; // connect() handles its own failures
    this.scheduleRetry();
  }

  private scheduleRetry() {
    if (!this.running) return;
    const backoff = this.options.backoff ?? defaultBackoff;
    // Turned away for too many connections or for flooding: retrying soon would only be turned away again (and add to
    // the load that caused it), so wait the longest delay, and keep saying why until a connection succeeds.
    const refusal = this.transport.serverClose;
    const turnedAway = refusal !== null && backOffCloseCodes.includes(refusal.code);
    const delay = backoffDelay(turnedAway ? Math.max(this.attempt, maxAttempt(backoff)) : this.attempt, backoff);
    this.attempt++;
    const offline = !navigator.onLine || this.attempt > (this.options.offlineAfterAttempts ?? 4);
    if (turnedAway) console.info(`LiveDesk: the server turned the live connection away (${refusal.code}: ${refusal.reason}); retrying in ${Math.round(delay / 1000)} s.`);
    this.setStatus(offline ? "offline" : "reconnecting", Date.now() + delay, turnedAway ? refusal.reason : null);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private scheduleSync() {
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      if (this.isLive()) void this.resume().catch(() => {});
      this.scheduleSync();
    }, jittered(this.options.resumeIntervalMs ?? 30_000));
  }

  /** One Resume at a time; a request during one waits for it and then resumes again with the newer cursor. */
  private async resume(): Promise<void> {
    while (this.resuming) await this.resuming.catch(() => {});
    this.resuming = this.runResume().finally(() => { this.resuming = null; });
    try {
      await this.resuming;
    } catch {
      // The connection broke mid-Resume; dropping it makes the reconnect path resume from the same cursor.
      this.sequencer.abortResume();
      void this.transport.stop();
    }
  }

  private async runResume() {
    const cursor = this.sequencer.beginResume();
    const result = await this.transport.resume(cursor);
    await this.deliver(this.sequencer.completeResume(result));
  }

  private async deliver(outcome: ResumeOutcome) {
    if (outcome.reset) await this.options.onReset(outcome.epochChanged);
    if (outcome.events.length > 0) this.options.onEvents(outcome.events);
  }

  private receive(batch: EventEnvelope[]) {
    const outcome = this.sequencer.receive(batch);
    if (outcome.events.length > 0) this.options.onEvents(outcome.events);
    if (outcome.needsResume) void this.resume();
  }

  private async invokeSubscribe(room: string) {
    const result = await this.transport.subscribe(room);
    this.subscribed.add(room);
    // A refused room (e.g. a ticket that was just moved away) is not an error for the connection.
    if (!result.ok) console.info(`LiveDesk: not subscribed to ${room}: ${result.error}`);
  }

  private setStatus(state: ConnectionState, retryAt: number | null, reason: string | null) {
    this.statusValue = { state, retryAt, reason };
    for (const listener of this.listeners) listener(this.statusValue);
  }
}

/** The first attempt whose backoff is the maximum delay. */
function maxAttempt(backoff: { baseMs: number; maxMs: number }) {
  return Math.max(0, Math.ceil(Math.log2(backoff.maxMs / backoff.baseMs)));
}

const delay = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
