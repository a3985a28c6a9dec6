import { jittered } from "./backoff";
import { CircuitBreaker, defaultBreakerOptions, type BreakerOptions, type BreakerState } from "./breaker";
import { FeatureFlags } from "./flags";
import type { ClientReport, EventEnvelope, FeatureFlagDto } from "./types";

/**
 * How one event reaches the cache:
 * - `patch`: apply its changes in place (live mode, breaker closed or probing);
 * - `refetch`: fetch the entity by REST instead (signal mode, an open breaker, or an envelope without changes);
 * - `ignore`: leave it to the view's poll (poll mode).
 */
export type Handling = "patch" | "refetch" | "ignore";

type Refetch = () => unknown;

export interface ValveOptions {
  breaker?: BreakerOptions;
  /** The breaker's clock: the unit tests pass a fake one. */
  now?: () => number;
  /** Where the valves tell the server what they did; failures to report are ignored. */
  report?: (report: ClientReport) => Promise<unknown> | void;
}

/**
 * The one place that decides, per entity type, whether live events are patched in, refetched or ignored: the
 * admin's feature flag (docs/realtime-protocol.md, 11a) combined with that type's circuit breaker (11b). Every cache
 * (TicketStore, EntityList) asks it for each event and tells it when an apply failed or succeeded. It also runs the
 * poll timers: views register how to refetch themselves, and are refetched every `pollSeconds` while their type is
 * in poll mode, and once when it leaves poll mode (so nothing that happened in between is lost).
 */
export class LiveValves {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly views = new Map<string, Set<Refetch>>();
  private readonly pollTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private running = false;

  constructor(readonly flags: FeatureFlags = new FeatureFlags(), private readonly options: ValveOptions = {}) {
    flags.onChange((entity, from, to) => this.flagChanged(entity, from, to));
  }

  /** How events of this entity type are handled now. */
  handling(entity: string): Handling {
    switch (this.flags.mode(entity)) {
      case "poll": return "ignore";
      case "signal": return "refetch";
      default: return this.breaker(entity).appliesEvents ? "patch" : "refetch";
    }
  }

  /** The handling of one event: an envelope without changes (signal mode, live or on replay, even just after a switch
   * back to live) can only be refetched, whatever the flag says now. */
  handlingOf(event: EventEnvelope): Handling {
    const handling = this.handling(event.entity);
    return handling === "patch" && isSignalOnly(event) ? "refetch" : handling;
  }

  /** An apply threw, or a cached entity's event skipped versions. */
  recordFailure(entity: string, reason: string) {
    this.breaker(entity).recordFailure(reason);
  }

  recordSuccess(entity: string) {
    this.breaker(entity).recordSuccess();
  }

  breakerState(entity: string): BreakerState {
    return this.breaker(entity).current;
  }

  /** A view of `entity` on screen: refetched on the poll timer in poll mode, and once when poll mode ends. */
  registerView(entity: string, refetch: Refetch): () => void {
    let set = this.views.get(entity);
    if (!set) this.views.set(entity, (set = new Set()));
    set.add(refetch);
    this.schedulePoll(entity);
    return () => {
      set.delete(refetch);
      if (set.size === 0) this.stopPoll(entity);
    };
  }

  start() {
    this.running = true;
    for (const entity of this.views.keys()) this.schedulePoll(entity);
  }

  stop() {
    this.running = false;
    for (const entity of [...this.pollTimers.keys()]) this.stopPoll(entity);
  }

  private breaker(entity: string): CircuitBreaker {
    let breaker = this.breakers.get(entity);
    if (!breaker) {
      breaker = new CircuitBreaker(entity, (e, from, to, reason) => this.breakerMoved(e, from, to, reason),
        this.options.breaker ?? defaultBreakerOptions, this.options.now ?? Date.now);
      this.breakers.set(entity, breaker);
    }
    return breaker;
  }

  private breakerMoved(entity: string, from: BreakerState, to: BreakerState, reason: string) {
    console.info(`LiveDesk: the ${entity} circuit breaker went from ${from} to ${to} (${reason}).`);
    if (to === "open") this.report({ kind: "breaker_opened", entity, count: 1, detail: reason });
    else if (to === "closed") this.report({ kind: "breaker_closed", entity, count: 1, detail: reason });
  }

  report(report: ClientReport) {
    const detail = report.detail?.slice(0, 200);
    void Promise.resolve(this.options.report?.({ ...report, detail })).catch(() => { /* a report is best effort */ });
  }

  private flagChanged(entity: string, from: FeatureFlagDto, to: FeatureFlagDto) {
    this.stopPoll(entity);
    this.schedulePoll(entity);
    // Poll mode ignored the events in between: fetch the views once, then patch again.
    if (from.mode === "poll" && to.mode !== "poll") this.refetchViews(entity);
  }

  private refetchViews(entity: string) {
    for (const refetch of this.views.get(entity) ?? []) {
      try { void Promise.resolve(refetch()).catch(() => {}); } catch { /* the next poll or sync tries again */ }
    }
  }

  private schedulePoll(entity: string) {
    if (!this.running || this.pollTimers.has(entity) || !this.views.get(entity)?.size) return;
    const flag = this.flags.get(entity);
    if (flag.mode !== "poll") return;
    this.pollTimers.set(entity, setTimeout(() => {
      this.pollTimers.delete(entity);
      this.refetchViews(entity);
      this.schedulePoll(entity);
    }, jittered(flag.pollSeconds * 1000, 0.1)));
  }

  private stopPoll(entity: string) {
    clearTimeout(this.pollTimers.get(entity));
    this.pollTimers.delete(entity);
  }
}

/** An envelope that carries no changes although its type needs some: the server is in signal mode for it. Deletion
 * needs none, so it is never signal-only. */
export function isSignalOnly(event: EventEnvelope): boolean {
  return !event.type.endsWith(".deleted") && event.changes !== null && typeof event.changes === "object"
    && Object.keys(event.changes).length === 0;
}
