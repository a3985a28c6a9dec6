import type { EventEnvelope, FeatureFlagDto, FeatureFlagsDto, FlagMode } from "./types";

export const flagEventType = "feature_flag.updated";

/** What an entity type has until the server says otherwise (and what an unknown type gets). */
export const defaultFlag: FeatureFlagDto = { mode: "live", pollSeconds: 30, version: 0 };

export type FlagListener = (entity: string, from: FeatureFlagDto, to: FeatureFlagDto) => void;

/**
 * The effective feature flags (docs/realtime-protocol.md, 11a): read by REST at start and after a reset, and kept
 * current by `feature_flag.updated` events, so an admin's switch reaches every open screen without a reload. A flag's
 * version only moves forward, so a REST answer that was read before an event cannot undo it.
 */
export class FeatureFlags {
  private flags = new Map<string, FeatureFlagDto>();
  private readonly listeners = new Set<FlagListener>();
  private readonly watchers = new Set<() => void>();
  /** A new object on every change, for React's useSyncExternalStore. */
  snapshot: Readonly<Record<string, FeatureFlagDto>> = {};

  get(entity: string): FeatureFlagDto {
    return this.flags.get(entity) ?? defaultFlag;
  }

  mode(entity: string): FlagMode {
    return this.get(entity).mode;
  }

  /** Called with every flag that changed mode or poll interval. */
  onChange(listener: FlagListener) {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Called on any change at all (the admin page's re-render). */
  subscribe = (watcher: () => void) => {
    this.watchers.add(watcher);
    return () => { this.watchers.delete(watcher); };
  };

  /** GET /api/admin/flags's answer (or PUT's). */
  accept(dto: FeatureFlagsDto) {
    for (const [entity, flag] of Object.entries(dto.flags)) this.set(entity, flag);
  }

  /** The flag events in a batch; everything else is ignored. */
  applyEvents(events: readonly EventEnvelope[]) {
    for (const event of events) {
      if (event.type !== flagEventType) continue;
      const changes = event.changes as { entity?: string; mode?: FlagMode; pollSeconds?: number };
      if (!changes.entity || !changes.mode) continue;
      this.set(changes.entity, { mode: changes.mode, pollSeconds: changes.pollSeconds ?? this.get(changes.entity).pollSeconds, version: event.version });
    }
  }

  private set(entity: string, flag: FeatureFlagDto) {
    const before = this.get(entity);
    if (this.flags.has(entity) && flag.version < before.version) return;
    this.flags.set(entity, { mode: flag.mode, pollSeconds: flag.pollSeconds, version: flag.version });
    this.snapshot = Object.fromEntries(this.flags);
    if (before.mode !== flag.mode || before.pollSeconds !== flag.pollSeconds) {
      console.info(`LiveDesk: ${entity} is now in ${flag.mode} mode${flag.mode === "poll" ? ` (every ${flag.pollSeconds} s)` : ""}.`);
      for (const listener of this.listeners) listener(entity, before, this.get(entity));
    }
    for (const watcher of this.watchers) watcher();
  }
}
