import type { EventEnvelope } from "../live";
import type { LeadDto } from "./types";

type Listener = () => void;

/**
 * The pipeline's leads, kept current by live events. An event is applied only when it is the next version of the
 * card (version = cached + 1); an older or repeated one is ignored; one that skips a version means a change was
 * missed, so that lead is fetched again. Events that arrive while the first load is in flight are held and applied
 * after it, by the same rule, so none falls between the load and the live stream.
 */
export class LeadBoard {
  private leads = new Map<number, LeadDto>();
  private held: EventEnvelope[] | null = [];
  private listeners = new Set<Listener>();
  snapshot: { leads: LeadDto[]; loaded: boolean; error: string | null } = { leads: [], loaded: false, error: null };

  constructor(
    private readonly fetchAll: () => Promise<LeadDto[]>,
    private readonly fetchOne: (id: number) => Promise<LeadDto | null>,
    /** Whether the viewer still sees a lead with this owner (agents see their own; managers and admins all). */
    private readonly sees: (ownerId: number) => boolean,
  ) {}

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  async load() {
    this.held = [];
    try {
      const leads = await this.fetchAll();
      this.leads = new Map(leads.map(lead => [lead.id, lead]));
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
    const leadEvents = events.filter(e => e.entity === "lead");
    if (leadEvents.length === 0) return;
    if (this.held) {
      this.held.push(...leadEvents);
      return;
    }
    for (const event of leadEvents) this.applyOne(event);
    this.publish(true);
  }

  /** A lead the server just returned from a write: newer than the cache, so it wins. */
  accept(lead: LeadDto) {
    const cached = this.leads.get(lead.id);
    if (!cached || lead.version > cached.version) this.leads.set(lead.id, lead);
    this.publish(true);
  }

  /** Fetches one lead again (after a 412 or a skipped version); gone or out of sight removes it. */
  async refresh(id: number) {
    const lead = await this.fetchOne(id);
    if (lead && this.sees(lead.ownerId)) this.leads.set(id, lead);
    else this.leads.delete(id);
    this.publish(true);
  }

  private applyOne(event: EventEnvelope) {
    const cached = this.leads.get(event.entityId);
    if (event.type === "lead.created") {
      if (!cached) {
        this.leads.set(event.entityId,
          { lostReason: null, convertedAt: null, ...event.changes, id: event.entityId, version: event.version } as LeadDto);
      }
      return;
    }
    if (event.type === "lead.deleted") {
      this.leads.delete(event.entityId);
      return;
    }
    if (!cached) {
      // A lead given to me, or one whose creation this screen missed: fetch it whole.
      void this.refresh(event.entityId);
      return;
    }
    if (event.version <= cached.version) return;
    if (event.version > cached.version + 1) {
      void this.refresh(event.entityId);
      return;
    }
    const next = { ...cached, ...event.changes, id: cached.id, version: event.version } as LeadDto;
    if (this.sees(next.ownerId)) this.leads.set(next.id, next);
    else this.leads.delete(next.id);
  }

  private publish(loaded: boolean) {
    const leads = [...this.leads.values()].sort((a, b) => b.id - a.id);
    this.snapshot = { leads, loaded, error: this.snapshot.error };
    for (const listener of this.listeners) listener();
  }
}
