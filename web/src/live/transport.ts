import { HttpError, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import type { Cursor, EventEnvelope, ResumeResult, SignalMessage, SubscribeResult } from "./types";

/** Which framing of the live protocol to speak (docs/realtime-protocol.md). Same requests, envelopes and cursors. */
export type TransportKind = "native" | "signalr";

/** How the server closed the last connection, when it said why (native close code and reason). */
export interface ServerClose {
  code: number;
  reason: string;
}

/** Close codes that mean "not now": too many connections of this user (4429), or this one flooded requests (4408).
 * docs/realtime-protocol.md, 12. Limits. */
export const backOffCloseCodes: readonly number[] = [4429, 4408];

/** One connection's wire: start, the requests, and events in the order the server sent them. */
export interface LiveTransport {
  readonly connected: boolean;
  /** The server's reason for closing the last connection, if it gave one; cleared when a connection starts. */
  readonly serverClose: ServerClose | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  subscribe(room: string): Promise<SubscribeResult>;
  unsubscribe(room: string): Promise<SubscribeResult>;
  resume(cursor: Cursor | null): Promise<ResumeResult>;
  /** An ephemeral signal (typing) to a room this connection is in. */
  signal(room: string, name: string): Promise<SubscribeResult>;
  /** Moves the open connection to a fresh access token of the same user, so the server does not close it when the
   * old one expires. */
  reauthenticate(token: string): Promise<SubscribeResult>;
}

export interface TransportHandlers {
  onEvents: (batch: EventEnvelope[]) => void;
  /** Someone else's ephemeral signal in one of this connection's rooms. */
  onSignal?: (signal: SignalMessage) => void;
  /** Once per started connection, when it closes for any reason. */
  onClose: () => void;
}

/** The token was refused: the user must sign in again. */
export class UnauthorizedError extends Error {
  constructor() {
    super("401: the access token was refused");
    this.name = "UnauthorizedError";
  }
}

export function isUnauthorized(error: unknown) {
  if (error instanceof UnauthorizedError) return true;
  if (error instanceof HttpError) return error.statusCode === 401;
  return error instanceof Error && /\b401\b/.test(error.message);
}

export function createTransport(kind: TransportKind, accessToken: () => string, handlers: TransportHandlers): LiveTransport {
  return kind === "signalr" ? new SignalRTransport(accessToken, handlers) : new NativeTransport(accessToken, handlers);
}

/** How long a request waits for its reply before the link is taken for dead and the connection starts over. */
export const requestTimeoutMs = 30_000;

/** The native WebSocket at /live/ws: one JSON message per WebSocket message. */
export class NativeTransport implements LiveTransport {
  private socket: WebSocket | null = null;
  private opening: ((opened: boolean) => void) | null = null;
  private nextId = 0;
  serverClose: ServerClose | null = null;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  constructor(private readonly accessToken: () => string, private readonly handlers: TransportHandlers,
    private readonly path = "/live/ws") {}

  get connected() { return this.socket?.readyState === WebSocket.OPEN; }

  async start() {
    await this.stop();
    this.serverClose = null;
    const url = new URL(this.path, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("access_token", this.accessToken());
    const socket = new WebSocket(url);
    this.socket = socket;
    const opened = await new Promise<boolean>(resolve => {
      this.opening = resolve;
      socket.onopen = () => resolve(true);
      socket.onclose = event => { this.noteClose(event); resolve(false); };
    });
    this.opening = null;
    if (!opened) {
      this.socket = null;
      // A browser WebSocket does not show the handshake's status: ask REST whether the token is the reason.
      if (await this.tokenRefused()) throw new UnauthorizedError();
      throw new Error("The live connection could not be opened.");
    }
    socket.onmessage = message => this.receive(socket, message);
    socket.onclose = event => { this.noteClose(event); this.closed(socket); };
  }

  /** A close the server explained (4xxx codes carry the reason to show, e.g. too many connections). */
  private noteClose(event: CloseEvent | undefined) {
    if (event && event.code >= 4000) this.serverClose = { code: event.code, reason: event.reason };
  }

  async stop() {
    // A start still waiting for the socket to open gives up.
    this.opening?.(false);
    this.opening = null;
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    socket.close(1000);
    this.closed(socket);
  }

  async subscribe(room: string) { return toSubscribeResult(await this.request({ type: "subscribe", room })); }

  async unsubscribe(room: string) { return toSubscribeResult(await this.request({ type: "unsubscribe", room })); }

  async signal(room: string, name: string) { return toSubscribeResult(await this.request({ type: "signal", room, name })); }

  async reauthenticate(token: string) { return toSubscribeResult(await this.request({ type: "reauthenticate", token })); }

  async resume(cursor: Cursor | null) {
    const reply = await this.request({ type: "resume", cursor });
    if (!reply.ok || !reply.resume) throw new Error(`The server refused resume: ${reply.error ?? "no result"}`);
    return reply.resume;
  }

  private request(body: Record<string, unknown>) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error("The live connection is not open."));
    const id = ++this.nextId;
    return new Promise<Reply>((resolve, reject) => {
      // A link that died silently (sleep, a network change) leaves the socket "open" and never answers: after the
      // timeout it is treated as closed, and the connection starts over.
      const timer = setTimeout(() => {
        if (this.socket !== socket) return;
        socket.close(4000, "No reply in time");
        this.closed(socket);
      }, requestTimeoutMs);
      this.pending.set(id, {
        resolve: reply => { clearTimeout(timer); resolve(reply); },
        reject: error => { clearTimeout(timer); reject(error); },
      });
      socket.send(JSON.stringify({ ...body, id }));
    });
  }

  private receive(socket: WebSocket, message: MessageEvent) {
    if (socket !== this.socket || typeof message.data !== "string") return;
    const parsed = JSON.parse(message.data) as ServerMessage;
    if (parsed.type === "events") this.handlers.onEvents(parsed.events);
    else if (parsed.type === "signal") this.handlers.onSignal?.(parsed);
    else if (parsed.type === "reply") {
      const waiter = this.pending.get(parsed.id);
      this.pending.delete(parsed.id);
      waiter?.resolve(parsed);
    }
    // Anything else is from a newer server: ignored, as the protocol says.
  }

  private closed(socket: WebSocket) {
    socket.onmessage = null;
    socket.onclose = null;
    if (this.socket === socket) this.socket = null;
    for (const waiter of this.pending.values()) waiter.reject(new Error("The live connection closed before the server answered."));
    this.pending.clear();
    this.handlers.onClose();
  }

  private async tokenRefused() {
    try {
      const response = await fetch("/api/me", { headers: { Authorization: `Bearer ${this.accessToken()}` } });
      return response.status === 401;
    } catch {
      return false; // the server is unreachable: not a token problem
    }
  }
}

/** The SignalR hub at /hubs/live: the compatibility framing. */
export class SignalRTransport implements LiveTransport {
  private readonly hub: HubConnection;

  constructor(accessToken: () => string, handlers: TransportHandlers) {
    this.hub = new HubConnectionBuilder()
      .withUrl("/hubs/live", { accessTokenFactory: accessToken })
      .configureLogging(LogLevel.None)
      .build();
    this.hub.on("events", (batch: EventEnvelope[]) => handlers.onEvents(batch));
    this.hub.on("signal", (signal: SignalMessage) => handlers.onSignal?.(signal));
    this.hub.onclose(error => {
      // The hub closes with a message rather than a code: the same limits, recognised by their documented text.
      const message = error?.message ?? "";
      const reason = /Too many live (connections|requests).*/s.exec(message)?.[0] ?? null;
      this.serverClose = reason ? { code: reason.includes("connections") ? 4429 : 4408, reason } : null;
      handlers.onClose();
    });
  }

  serverClose: ServerClose | null = null;

  get connected() { return this.hub.state === HubConnectionState.Connected; }

  async start() {
    if (this.hub.state !== HubConnectionState.Disconnected) await this.hub.stop();
    this.serverClose = null;
    await this.hub.start();
  }

  stop() { return this.hub.stop(); }

  subscribe(room: string) { return this.hub.invoke<SubscribeResult>("Subscribe", room); }

  unsubscribe(room: string) { return this.hub.invoke<SubscribeResult>("Unsubscribe", room); }

  resume(cursor: Cursor | null) { return this.hub.invoke<ResumeResult>("Resume", cursor); }

  signal(room: string, name: string) { return this.hub.invoke<SubscribeResult>("Signal", room, name); }

  reauthenticate(token: string) { return this.hub.invoke<SubscribeResult>("Reauthenticate", token); }
}

interface Reply { type: "reply"; id: number; ok: boolean; error: string | null; resume: ResumeResult | null }
type ServerMessage = Reply | { type: "events"; events: EventEnvelope[] } | SignalMessage;

const toSubscribeResult = (reply: Reply): SubscribeResult => ({ ok: reply.ok, error: reply.error });
