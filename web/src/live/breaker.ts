/**
 * One entity type's circuit breaker (docs/realtime-protocol.md, client reports): it opens when applying that type's
 * events keeps failing (an apply that threw, a version gap), so the views fall back to refetching by REST, and closes
 * again after a healthy probe. The clock is passed in, so every transition is testable without waiting. The .NET SDK's
 * CircuitBreaker is the same machine.
 */
export type BreakerState = "closed" | "open" | "half_open";

export interface BreakerOptions {
  /** Failures within `windowMs` that open it. */
  failureThreshold: number;
  windowMs: number;
  /** How long it stays open before probing. */
  openForMs: number;
  /** Events applied without failure while half-open that close it. */
  probeSuccesses: number;
}

export const defaultBreakerOptions: BreakerOptions = { failureThreshold: 5, windowMs: 30_000, openForMs: 30_000, probeSuccesses: 10 };

export type BreakerListener = (entity: string, from: BreakerState, to: BreakerState, reason: string) => void;

export class CircuitBreaker {
  private state: BreakerState = "closed";
  private failures: number[] = [];
  private openedAt = 0;
  private probes = 0;

  constructor(
    readonly entity: string,
    private readonly onChange: BreakerListener = () => {},
    private readonly options: BreakerOptions = defaultBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state now; an open breaker whose period is over turns half-open here. */
  get current(): BreakerState {
    if (this.state === "open" && this.now() - this.openedAt >= this.options.openForMs) {
      this.probes = 0;
      this.move("half_open", `open for ${Math.round(this.options.openForMs / 1000)} s; probing`);
    }
    return this.state;
  }

  /** Whether events of this type may be applied (closed, or probing while half-open). */
  get appliesEvents() { return this.current !== "open"; }

  recordFailure(reason: string) {
    const now = this.now();
    const state = this.current;
    if (state === "half_open") { this.open(now, `failed while probing: ${reason}`); return; }
    if (state === "open") return;
    this.failures = this.failures.filter(at => now - at <= this.options.windowMs);
    this.failures.push(now);
    if (this.failures.length >= this.options.failureThreshold) {
      this.open(now, `${this.failures.length} failures within ${Math.round(this.options.windowMs / 1000)} s, the last: ${reason}`);
    }
  }

  recordSuccess() {
    if (this.current === "half_open" && ++this.probes >= this.options.probeSuccesses) {
      this.failures = [];
      this.move("closed", `${this.probes} events applied while probing`);
    }
  }

  private open(now: number, reason: string) {
    this.openedAt = now;
    this.failures = [];
    this.move("open", reason);
  }

  private move(to: BreakerState, reason: string) {
    const from = this.state;
    this.state = to;
    this.onChange(this.entity, from, to, reason);
  }
}
