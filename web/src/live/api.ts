import type {
  ClientReport, CommentDto, FeatureFlagsDto, LoginResponse, TicketDigest, QueueDto, TeamDto, TicketDto, TicketPage, TicketPriority, TicketStatus, UserDto,
} from "./types";

/** A failed REST call, carrying the server's ProblemDetails title/detail so the UI can say what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    /** ProblemDetails' title, the short statement beside the longer `message` (e.g. a 409's "Someone already has that email."). */
    readonly title: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get isStale() { return this.status === 412; }
  get isUnauthorized() { return this.status === 401; }
  get isConflict() { return this.status === 409; }
  get isNotFound() { return this.status === 404; }
}

/** A ticket list request: the query string of GET /api/tickets without paging. */
export type TicketFilter = Record<string, string>;

const pageSize = 200;

/** What the REST client does when the server refuses its token (sessionKeeper.ts in the app). */
export interface TokenRenewal {
  /** `token` was refused: true when a fresh one is in place to retry with. */
  refreshAfterRefusal(token: string | null): Promise<boolean>;
  /** Even the fresh token was refused: the user must sign in again. */
  signOut(reason: string): void;
}

/**
 * The REST client. Every call sends the bearer token; failures become ApiError with the server's own message. A 401
 * gets one refresh of the token and one retry (`renewal`) before the user is signed out.
 */
export class LiveDeskApi {
  constructor(
    private readonly token: () => string | null,
    private readonly renewal: TokenRenewal | null = null,
    private readonly baseUrl = "",
  ) {}

  static async login(email: string, password: string, baseUrl = ""): Promise<LoginResponse> {
    return postAnonymous<LoginResponse>(`${baseUrl}/api/auth/login`, { email, password });
  }

  /** Trades a refresh token for a new pair (it is used up). 401: the session is over. */
  static async refresh(refreshToken: string, baseUrl = ""): Promise<LoginResponse> {
    return postAnonymous<LoginResponse>(`${baseUrl}/api/auth/refresh`, { refreshToken });
  }

  /** Ends this session on the server (its refresh token and access tokens stop working). Never retried. */
  async logout(): Promise<void> {
    const token = this.token();
    if (!token) return;
    await fetch(`${this.baseUrl}/api/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  }

  me() { return this.get<UserDto>("/api/me"); }
  users() { return this.get<UserDto[]>("/api/users"); }
  teams() { return this.get<TeamDto[]>("/api/teams"); }
  queues() { return this.get<QueueDto[]>("/api/queues"); }
  ticket(id: number) { return this.get<TicketDto>(`/api/tickets/${id}`); }
  comments(ticketId: number) { return this.get<CommentDto[]>(`/api/tickets/${ticketId}/comments`); }

  /** Every ticket matching the filter, all pages, newest first (the order the server pages in). */
  async allTickets(filter: TicketFilter): Promise<TicketDto[]> {
    const items: TicketDto[] = [];
    let before: number | null = null;
    do {
      const query = new URLSearchParams({ ...filter, limit: String(pageSize) });
      if (before !== null) query.set("before", String(before));
      const page: TicketPage = await this.get<TicketPage>(`/api/tickets?${query}`);
      items.push(...page.items);
      before = page.nextBefore;
    } while (before !== null);
    return items;
  }

  /** What the given list filter adds up to on the server (the periodic sync's cheap check). */
  ticketDigest(filter: TicketFilter) {
    return this.get<TicketDigest>(`/api/tickets/digest?${new URLSearchParams(filter)}`);
  }

  /** The effective live mode of every entity type (anyone signed in may read them). */
  flags() { return this.get<FeatureFlagsDto>("/api/admin/flags"); }

  /** Admins: change some entity types' modes; answers the new effective flags. */
  updateFlags(flags: Record<string, { mode?: string; pollSeconds?: number }>) {
    return this.send<FeatureFlagsDto>("PUT", "/api/admin/flags", { flags }, undefined, "flag");
  }

  /** Tells the server a safety valve acted (a breaker opened or closed, a cache repaired). */
  report(report: ClientReport) {
    return this.send<void>("POST", "/api/realtime/client-reports", report);
  }

  createTicket(body: { title: string; description?: string; queueId?: number; priority?: TicketPriority }) {
    return this.send<TicketDto>("POST", "/api/tickets", body);
  }

  assign(ticket: TicketDto, assigneeId: number | null) {
    return this.send<TicketDto>("POST", `/api/tickets/${ticket.id}/assign`, { assigneeId }, ticket.version);
  }

  claim(ticket: TicketDto) {
    return this.send<TicketDto>("POST", `/api/tickets/${ticket.id}/claim`, undefined, ticket.version);
  }

  setStatus(ticket: TicketDto, status: TicketStatus) {
    return this.send<TicketDto>("POST", `/api/tickets/${ticket.id}/status`, { status }, ticket.version);
  }

  setPriority(ticket: TicketDto, priority: TicketPriority) {
    return this.send<TicketDto>("POST", `/api/tickets/${ticket.id}/priority`, { priority }, ticket.version);
  }

  addComment(ticketId: number, body: string, internal: boolean) {
    return this.send<CommentDto>("POST", `/api/tickets/${ticketId}/comments`, { body, internal });
  }

  private get<T>(path: string) { return this.send<T>("GET", path); }

  /** Any REST call, for feature folders that bring their own endpoints (leads/api.ts). `noun` names the entity in the
   * 412 message. */
  request<T>(method: string, path: string, body?: unknown, ifMatchVersion?: number, noun = "record"): Promise<T> {
    return this.send<T>(method, path, body, ifMatchVersion, noun);
  }

  private async send<T>(method: string, path: string, body?: unknown, ifMatchVersion?: number, noun = "ticket"): Promise<T> {
    const token = this.token();
    let response = await this.fetchWith(token, method, path, body, ifMatchVersion);
    // An expired token is renewed once and the request sent again: the user never sees it.
    if (response.status === 401 && this.renewal && await this.renewal.refreshAfterRefusal(token)) {
      response = await this.fetchWith(this.token(), method, path, body, ifMatchVersion);
      if (response.status === 401) this.renewal.signOut("Your session has expired. Please sign in again.");
    }
    if (!response.ok) throw await toError(response, noun);
    // 204, or a 202 with no body (a client report), has nothing to parse.
    const text = response.status === 204 ? "" : await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async fetchWith(token: string | null, method: string, path: string, body?: unknown, ifMatchVersion?: number) {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    // Writes carry the version the user saw, so a change made meanwhile by someone else answers 412, not a silent overwrite.
    if (ifMatchVersion !== undefined) headers["If-Match"] = `"${ifMatchVersion}"`;
    try {
      return await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
    }
  }
}

async function postAnonymous<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  return response.json();
}

async function toError(response: Response, noun = "record"): Promise<ApiError> {
  let message = `The server answered ${response.status}.`;
  let fieldErrors: Record<string, string[]> = {};
  let title: string | null = null;
  try {
    const problem = await response.json();
    fieldErrors = problem.errors ?? {};
    title = problem.title ?? null;
    const firstFieldError = Object.values(fieldErrors).flat()[0];
    message = problem.detail ?? firstFieldError ?? problem.title ?? message;
  } catch {
    // Not ProblemDetails (e.g. a proxy's HTML page): keep the status message.
  }
  if (response.status === 412) {
    message = `Someone changed this ${noun} a moment ago. The screen now shows their change; check it and try again.`;
  }
  return new ApiError(response.status, message, fieldErrors, title);
}
