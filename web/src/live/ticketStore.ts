import type { QueryClient } from "@tanstack/react-query";
import { ApiError, type LiveDeskApi } from "./api";
import { checksumOf, differingRows } from "./digest";
import type { CommentDto, EventEnvelope, TicketDto, UserDto } from "./types";
import { LiveValves } from "./valves";
import { byNewest, inView, views, type ViewKey } from "./views";

export const queryKeys = {
  views: ["tickets"] as const,
  view: (key: ViewKey) => ["tickets", key] as const,
  tickets: ["ticket"] as const,
  ticket: (id: number) => ["ticket", id] as const,
  allComments: ["comments"] as const,
  comments: (ticketId: number) => ["comments", ticketId] as const,
};

/** The REST calls the store needs; the app passes LiveDeskApi, the unit tests a fake. */
export type TicketSource = Pick<LiveDeskApi, "ticket" | "allTickets" | "comments">;

const ticketFields = [
  "number", "title", "description", "status", "priority", "queueId", "teamId", "assigneeId", "requesterId",
  "createdAt", "updatedAt",
] as const;

/**
 * Keeps tickets and comments in the TanStack Query cache current from live events (the hybrid model):
 * - an event whose version is exactly one ahead of the cached ticket is applied in place, and the ticket moves
 *   into or out of every loaded view by the view's own rule, so lists and their counts never need a refetch;
 * - an event for an unknown ticket, or one that skips versions, refetches that single ticket;
 * - nothing, not even a late REST answer, moves a ticket's version backwards.
 * The valves (valves.ts) may say otherwise per entity type: refetch instead of patching (signal mode, an open
 * breaker) or ignore the events and let the poll timer refetch the views (poll mode). A patch that throws or a version
 * gap counts against the type's breaker.
 */
export class TicketStore {
  private readonly tickets = new Map<number, TicketDto>();
  /** Deleted tickets: deletion is final, so no late event or REST answer may bring one back. */
  private readonly deleted = new Set<number>();
  /** The seq of the last event that touched each ticket, to reconcile a list that was loading meanwhile. */
  private readonly touchedAtSeq = new Map<number, number>();
  /** Comments seen in events, per ticket, so a comment list that was loading meanwhile is still complete. */
  private readonly liveComments = new Map<number, Map<number, CommentDto>>();
  private readonly refetching = new Map<number, Promise<unknown>>();
  /** The version each ticket must reach: an event that arrives while its refetch is in flight asks for one more. */
  private readonly wanted = new Map<number, number>();
  private commentsRefetchQueued = false;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly me: UserDto,
    private readonly api: TicketSource,
    private readonly currentSeq: () => number,
    readonly valves: LiveValves = new LiveValves(),
  ) {
    // In poll mode the events are ignored: the views on screen are fetched again on the timer instead.
    valves.registerView("ticket", () => Promise.all([
      this.queryClient.invalidateQueries({ queryKey: queryKeys.views }),
      this.queryClient.invalidateQueries({ queryKey: queryKeys.tickets }),
    ]));
    valves.registerView("comment", () => this.queryClient.invalidateQueries({ queryKey: queryKeys.allComments }));
  }

  /** The freshest copy known, if any (lets a detail screen open instantly from a list). */
  peek(id: number): TicketDto | undefined {
    return this.tickets.get(id);
  }

  async loadView(key: ViewKey): Promise<TicketDto[]> {
    const view = views[key];
    const loadedFrom = this.currentSeq();
    const pages = await Promise.all(view.filters(this.me).map(filter => this.api.allTickets(filter)));
    const result = new Map<number, TicketDto>();
    for (const ticket of pages.flat()) {
      const current = this.remember(ticket);
      if (current) result.set(current.id, current);
    }
    // Events applied while the request was in flight may be newer than what the server read.
    for (const [id, seq] of this.touchedAtSeq) {
      const ticket = this.tickets.get(id);
      if (seq > loadedFrom && ticket) result.set(id, ticket);
      if (seq > loadedFrom && !ticket) result.delete(id);
    }
    return [...result.values()].filter(ticket => inView(view, ticket, this.me)).sort(byNewest);
  }

  /** One ticket by REST; null when it is deleted or no longer visible. */
  async loadTicket(id: number): Promise<TicketDto | null> {
    try {
      return this.remember(await this.api.ticket(id)) ?? null;
    } catch (error) {
      if (error instanceof ApiError && error.isNotFound) {
        this.hide(id);
        return null;
      }
      throw error;
    }
  }

  async loadComments(ticketId: number): Promise<CommentDto[]> {
    const loaded = await this.api.comments(ticketId);
    const byId = new Map(loaded.map(comment => [comment.id, comment]));
    for (const comment of this.liveComments.get(ticketId)?.values() ?? []) byId.set(comment.id, comment);
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  /** Applies events already ordered and de-duplicated by the sequencer. */
  apply(events: readonly EventEnvelope[]) {
    for (const event of events) {
      if (event.entity === "ticket") this.applyTicketEvent(event);
      else if (event.entity === "comment") this.applyCommentEvent(event);
    }
  }

  /**
   * After a reset: reload what is on screen. Views, open tickets and comment lists are refetched; cached versions
   * are kept (REST answers merge in by version) unless the log's history itself changed.
   */
  async reload(epochChanged: boolean) {
    if (epochChanged) {
      this.tickets.clear();
      this.deleted.clear();
      this.touchedAtSeq.clear();
      this.liveComments.clear();
    }
    await Promise.all([
      this.queryClient.invalidateQueries({ queryKey: queryKeys.views }),
      this.queryClient.invalidateQueries({ queryKey: queryKeys.tickets }),
      this.queryClient.invalidateQueries({ queryKey: queryKeys.allComments }),
    ]);
  }

  private applyTicketEvent(event: EventEnvelope) {
    const handling = this.valves.handlingOf(event);
    if (handling === "ignore") return;
    const id = event.entityId;
    this.touchedAtSeq.set(id, event.seq);
    if (this.deleted.has(id)) return;
    if (event.type === "ticket.deleted") {
      this.deleted.add(id);
      this.hide(id);
      return;
    }
    const cached = this.tickets.get(id);
    if (handling === "refetch") {
      if (!cached || cached.version < event.version) this.refetch(id, event.version);
      return;
    }
    try {
      if (event.type === "ticket.created") {
        if (!cached || cached.version < event.version) this.put({ ...pickTicketFields(event.changes), id, version: event.version } as TicketDto);
        return this.valves.recordSuccess("ticket");
      }
      if (!cached) return this.refetch(id, event.version);
      if (event.version <= cached.version) return; // REST already showed this change
      if (event.version !== cached.version + 1) {
        // A change we never saw: the envelope is not enough. Many of these mean the live path is unwell.
        this.valves.recordFailure("ticket", `version gap on ticket ${id}: cached ${cached.version}, event ${event.version}`);
        return this.refetch(id, event.version);
      }
      this.put({ ...cached, ...pickTicketFields(event.changes), version: event.version });
      this.valves.recordSuccess("ticket");
    } catch (error) {
      this.valves.recordFailure("ticket", `applying ${event.type} to ticket ${id} failed: ${messageOf(error)}`);
      this.refetch(id, event.version);
    }
  }

  private applyCommentEvent(event: EventEnvelope) {
    const handling = this.valves.handlingOf(event);
    if (handling === "ignore" || event.type !== "comment.created") return;
    // A signal-only comment event does not even say which ticket it is on: every loaded comment list is refetched.
    if (handling === "refetch") return this.refetchComments();
    try {
      const comment = { ...(event.changes as Omit<CommentDto, "id">), id: event.entityId } as CommentDto;
      if (typeof comment.ticketId !== "number") throw new Error("the event does not say which ticket");
      this.acceptComment(comment);
      this.valves.recordSuccess("comment");
    } catch (error) {
      this.valves.recordFailure("comment", `applying comment ${event.entityId} failed: ${messageOf(error)}`);
      this.refetchComments();
    }
  }

  /** One refetch of the comment lists for a whole batch of events, however many it holds. */
  private refetchComments() {
    if (this.commentsRefetchQueued) return;
    this.commentsRefetchQueued = true;
    queueMicrotask(() => {
      this.commentsRefetchQueued = false;
      void this.queryClient.invalidateQueries({ queryKey: queryKeys.allComments });
    });
  }

  /** What the server's digest of this view should say, from the cache; null when the view is not loaded. */
  cachedDigest(key: ViewKey): { count: number; checksum: number } | null {
    const list = this.queryClient.getQueryData<TicketDto[]>(queryKeys.view(key));
    return list ? { count: list.length, checksum: checksumOf(list) } : null;
  }

  /**
   * The periodic sync found the cached view different from the server's: fetch it again and replace it, trusting
   * REST over the cache (even a cached version that is ahead, unless an event touched the ticket since the request
   * went out). Answers how many rows differed.
   */
  async repairView(key: ViewKey): Promise<number> {
    const view = views[key];
    const loadedFrom = this.currentSeq();
    const pages = await Promise.all(view.filters(this.me).map(filter => this.api.allTickets(filter)));
    const before = this.queryClient.getQueryData<TicketDto[]>(queryKeys.view(key)) ?? [];
    const fresh = new Map<number, TicketDto>();
    for (const ticket of pages.flat()) {
      if (this.deleted.has(ticket.id)) continue;
      const touchedSince = (this.touchedAtSeq.get(ticket.id) ?? 0) > loadedFrom;
      const cached = this.tickets.get(ticket.id);
      const kept = touchedSince && cached && cached.version > ticket.version ? cached : ticket;
      fresh.set(ticket.id, kept);
      if (kept !== cached) this.put(kept);
    }
    for (const [id, seq] of this.touchedAtSeq) {
      if (seq <= loadedFrom) continue;
      const ticket = this.tickets.get(id);
      if (ticket) fresh.set(id, ticket);
      else fresh.delete(id);
    }
    const after = [...fresh.values()].filter(ticket => inView(view, ticket, this.me)).sort(byNewest);
    this.queryClient.setQueryData(queryKeys.view(key), after);
    return differingRows(before, after);
  }

  /** A ticket the user just wrote: shown at once, before its event arrives (which then changes nothing). */
  acceptWritten(ticket: TicketDto) {
    this.remember(ticket);
  }

  /** A comment from an event or from the user's own write; each comment is listed once. */
  acceptComment(comment: CommentDto) {
    let forTicket = this.liveComments.get(comment.ticketId);
    if (!forTicket) this.liveComments.set(comment.ticketId, (forTicket = new Map()));
    forTicket.set(comment.id, comment);
    this.queryClient.setQueryData<CommentDto[]>(queryKeys.comments(comment.ticketId), list =>
      list && !list.some(c => c.id === comment.id) ? [...list, comment].sort((a, b) => a.id - b.id) : list);
  }

  /**
   * Fetches one ticket by REST, coalesced: while its fetch is in flight, further events only raise the version it must
   * reach, and at most one more fetch follows if the answer was older than that.
   */
  private refetch(id: number, version = 0, followUp = false) {
    this.wanted.set(id, Math.max(this.wanted.get(id) ?? 0, version));
    if (this.refetching.has(id)) return;
    const done = this.loadTicket(id)
      .catch(() => { /* the next Resume, poll or sync brings it back in line */ })
      .finally(() => {
        this.refetching.delete(id);
        const wanted = this.wanted.get(id) ?? 0;
        this.wanted.delete(id);
        const cached = this.tickets.get(id);
        // One follow-up at most: a server that is still behind is left to the next event, poll or sync.
        if (!followUp && cached && cached.version < wanted && !this.deleted.has(id)) this.refetch(id, wanted, true);
      });
    this.refetching.set(id, done);
  }

  /** Refetches in flight, for tests that wait for the cache to settle. */
  settled(): Promise<unknown> {
    return Promise.all([...this.refetching.values()]);
  }

  /** Merges a REST copy in by version and returns the copy the screen should show (undefined if deleted). */
  private remember(fromServer: TicketDto): TicketDto | undefined {
    if (this.deleted.has(fromServer.id)) return undefined;
    const cached = this.tickets.get(fromServer.id);
    if (cached && cached.version >= fromServer.version) return cached;
    this.put(fromServer);
    return fromServer;
  }

  private put(ticket: TicketDto) {
    this.tickets.set(ticket.id, ticket);
    this.queryClient.setQueryData(queryKeys.ticket(ticket.id), ticket);
    this.placeInViews(ticket.id, ticket);
  }

  /** The ticket left the caller's sight (deleted, or moved away): it leaves every view and its detail screen. */
  private hide(id: number) {
    this.tickets.delete(id);
    if (this.queryClient.getQueryData(queryKeys.ticket(id)) !== undefined) {
      this.queryClient.setQueryData(queryKeys.ticket(id), null);
    }
    this.placeInViews(id, undefined);
  }

  /** Moves one ticket into, within or out of every loaded view; rows keep their places (newest first by id). */
  private placeInViews(id: number, ticket: TicketDto | undefined) {
    for (const [key, list] of this.queryClient.getQueriesData<TicketDto[]>({ queryKey: queryKeys.views })) {
      if (!list) continue;
      const view = views[key[1] as ViewKey];
      const index = list.findIndex(t => t.id === id);
      const belongs = ticket !== undefined && inView(view, ticket, this.me);
      let next = list;
      if (index >= 0 && belongs) next = list.with(index, ticket);
      else if (index >= 0) next = list.toSpliced(index, 1);
      else if (belongs) next = [...list, ticket].sort(byNewest);
      if (next !== list) this.queryClient.setQueryData(key, next);
    }
  }
}

function pickTicketFields(changes: Record<string, unknown>): Partial<TicketDto> {
  const picked: Record<string, unknown> = {};
  for (const field of ticketFields) {
    if (field in changes) picked[field] = changes[field];
  }
  return picked as Partial<TicketDto>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
