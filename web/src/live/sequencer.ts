import type { Cursor, EventEnvelope, ResumeResult } from "./types";

/** What the connection must do after a Resume answered. */
export interface ResumeOutcome {
  /** The cursor was too old or from another epoch: everything on screen must be reloaded by REST. */
  reset: boolean;
  /** True when the log's history changed (a new database): cached versions from the old history mean nothing. */
  epochChanged: boolean;
  /** Events to apply, in seq order, after a reset's reload when there is one. */
  events: EventEnvelope[];
}

/** What happened to a live batch. */
export interface ReceiveOutcome {
  /** New events to apply now, in seq order (empty while a Resume is in flight: they wait in the buffer). */
  events: EventEnvelope[];
  /** An event from another epoch arrived: the caller must Resume, which will answer reset. */
  needsResume: boolean;
}

/**
 * The client algorithm of docs/realtime-protocol.md §8, without I/O: it owns the cursor, buffers events while a
 * Resume is in flight, drops duplicates by seq and hands out events strictly in seq order. Entity versions are
 * guarded where entities are cached (ticketStore), because REST responses move versions too.
 */
export class EventSequencer {
  private cursorValue: Cursor | null;
  private resuming = false;
  private buffer: EventEnvelope[] = [];

  constructor(initial: Cursor | null = null) {
    this.cursorValue = initial;
  }

  get cursor(): Cursor | null { return this.cursorValue; }
  get isResuming() { return this.resuming; }

  /**
   * Called before connecting and before every Resume call. From now until completeResume/abortResume, live events
   * are held back, because applying a live event would move the cursor past replayed events not yet received.
   */
  beginResume(): Cursor | null {
    this.resuming = true;
    return this.cursorValue;
  }

  receive(batch: readonly EventEnvelope[]): ReceiveOutcome {
    if (this.resuming) {
      this.buffer.push(...batch);
      return { events: [], needsResume: false };
    }
    const events: EventEnvelope[] = [];
    for (const event of sortBySeq(batch)) {
      if (this.cursorValue?.epoch && event.epoch !== this.cursorValue.epoch) {
        return { events, needsResume: true };
      }
      if (this.accept(event)) events.push(event);
    }
    return { events, needsResume: false };
  }

  completeResume(result: ResumeResult): ResumeOutcome {
    const previousEpoch = this.cursorValue?.epoch ?? null;
    const buffered = sortBySeq(this.buffer).filter(event => event.epoch === result.epoch);
    this.buffer = [];
    this.resuming = false;
    const epochChanged = previousEpoch !== null && previousEpoch !== result.epoch;

    if (!result.recovered || this.cursorValue === null) {
      // A reset, or a first start from Resume(null): what is at or below head will come from the REST reload,
      // so only newer buffered events are kept.
      this.cursorValue = { seq: result.head, epoch: result.epoch };
      const events = buffered.filter(event => this.accept(event));
      return { reset: !result.recovered, epochChanged, events };
    }

    this.cursorValue = { seq: this.cursorValue.seq, epoch: result.epoch };
    const events = buffered.filter(event => this.accept(event));
    // The replay held every event up to head for our rooms, so a quiet client's cursor may jump to head.
    if (result.head > this.cursorValue.seq) this.cursorValue = { seq: result.head, epoch: result.epoch };
    return { reset: false, epochChanged: false, events };
  }

  /**
   * The Resume failed (connection lost). Buffered live events are dropped rather than applied: applying them
   * would move the cursor past events the failed replay never delivered. The next Resume delivers them again.
   */
  abortResume() {
    this.buffer = [];
    this.resuming = false;
  }

  private accept(event: EventEnvelope): boolean {
    if (this.cursorValue && event.seq <= this.cursorValue.seq) return false; // a duplicate or already covered
    this.cursorValue = { seq: event.seq, epoch: event.epoch };
    return true;
  }
}

function sortBySeq(events: readonly EventEnvelope[]) {
  return [...events].sort((a, b) => a.seq - b.seq);
}
