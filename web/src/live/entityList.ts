import type { EventEnvelope } from "./types";
import type { LiveValves } from "./valves";

/** What a list asks the valves (valves.ts): patch, refetch or ignore, and how its applies went. */
export type EntityValves = Pick<LiveValves, "handlingOf" | "recordFailure" | "recordSuccess">;

/** What every live entity's DTO has. */
export interface Versioned {
  id: number;
  version: number;
}

type Listener = () => void;

/**
 * A screen's list of one entity (the pipeline's leads, the inbox's conversations), kept current by live events. An
 * event is applied only when it is the next version of the item (version = cached + 1); an older or repeated one is
 * ignored; one that skips a version means a change was missed, so that item is fetched again. Events that arrive while the first load is in flight are held and applied
 * after it, by the same rule, so none falls between the load and the live stream. With `valves` set (useLiveList does),
 * the entity type's feature flag and circuit breaker decide instead whether an event is patched in, refetched by id
 * or left to the poll; a patch that throws or skips versions counts against the breaker.
 */
export class EntityList<T extends Versioned> {
  private items = new Map<number, T>();
  private held: EventEnvelope[] | null = [];
  private listeners = new Set<Listener>();
  private refreshing = new Set<number>();
  valves: EntityValves | null = null;
  snapshot: { items: T[]; loaded: boolean; error: string | null } = { items: [], loaded: false, error: null };

  constructor(
    /** The entity's name in event envelopes, e.g. "lead". */
    readonly entity: string,
    private readonly fetchAll: () => Promise<T[]>,
    /** The item as it is now, or null when it is gone or out of sight. */
    private readonly fetchOne: (id: number) => Promise<T | null>,
    /** Whether the item belongs in this list (an agent's pipeline: leads she owns; the inbox: not archived). */
    private readonly belongs: (item: T) => boolean = () => true,
    /** Fields a created event lacks, so a new item has the DTO's shape. */
    private readonly defaults: Partial<T> = {},
  ) {}

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  async load() {
    this.held = [];
    try {
      const items = await this.fetchAll();
      this.items = new Map(items.filter(this.belongs).map(item => [item.id, item]));
      const held = this.held ?? [];
      this.held = null;
      this.snapshot = { ...this.snapshot, error: null };
      this.apply(held);
      this.publish(true);
    } catch (error) {
      this.held = null;
      this.snapshot = { ...this.snapshot, error: error instanceof Error ? error.message : String(error) };
      this.publish(this.snapshot.loaded);
    }
  }

  apply(events: EventEnvelope[]) {
    const mine = events.filter(e => e.entity === this.entity);
    if (mine.length === 0) return;
    if (this.held) {
      this.held.push(...mine);
      return;
    }
    for (const event of mine) this.applyOne(event);
    this.publish(true);
  }

  /** An item the server just returned from a write: newer than the cache, so it wins. */
  accept(item: T) {
    const cached = this.items.get(item.id);
    if (!cached || item.version > cached.version) this.put(item);
    this.publish(true);
  }

  /** Fetches one item again (after a 412 or a skipped version); gone or out of sight removes it. */
  async refresh(id: number) {
    const item = await this.fetchOne(id);
    if (item) this.put(item);
    else this.items.delete(id);
    this.publish(true);
  }

  /** The next page of a paged list, added to what is there. */
  append(items: T[]) {
    for (const item of items) if (!this.items.has(item.id)) this.put(item);
    this.publish(true);
  }

  peek(id: number): T | undefined {
    return this.items.get(id);
  }

  private put(item: T) {
    if (this.belongs(item)) this.items.set(item.id, item);
    else this.items.delete(item.id);
  }

  private applyOne(event: EventEnvelope) {
    const handling = this.valves?.handlingOf(event) ?? "patch";
    if (handling === "ignore") return;
    const cached = this.items.get(event.entityId);
    if (event.type === `${this.entity}.deleted`) {
      this.items.delete(event.entityId);
      return;
    }
    if (handling === "refetch") {
      if (!cached || cached.version < event.version) this.refreshOnce(event.entityId);
      return;
    }
    try {
      if (event.type === `${this.entity}.created`) {
        if (!cached) this.put({ ...this.defaults, ...event.changes, id: event.entityId, version: event.version } as T);
        return this.valves?.recordSuccess(this.entity);
      }
      // Given to me, back from the archive, or created before this screen looked: fetch it whole.
      if (!cached) return this.refreshOnce(event.entityId);
      if (event.version <= cached.version) return;
      if (event.version > cached.version + 1) {
        this.valves?.recordFailure(this.entity, `version gap on ${this.entity} ${cached.id}: cached ${cached.version}, event ${event.version}`);
        return this.refreshOnce(event.entityId);
      }
      this.put({ ...cached, ...event.changes, id: cached.id, version: event.version });
      this.valves?.recordSuccess(this.entity);
    } catch (error) {
      this.valves?.recordFailure(this.entity, `applying ${event.type} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.refreshOnce(event.entityId);
    }
  }

  /** One fetch per item at a time, however many events asked for it meanwhile. */
  private refreshOnce(id: number) {
    if (this.refreshing.has(id)) return;
    this.refreshing.add(id);
    void this.refresh(id).catch(() => {}).finally(() => this.refreshing.delete(id));
  }

  private publish(loaded: boolean) {
    const items = [...this.items.values()].sort((a, b) => b.id - a.id);  // newest first, as every list pages
    this.snapshot = { items, loaded, error: this.snapshot.error };
    for (const listener of this.listeners) listener();
  }
}
