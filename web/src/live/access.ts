import { useSyncExternalStore } from "react";
import type { LiveDeskClient } from "./client";
import {
  acceptQueue, acceptTeam, acceptUser, applyDirectoryEvents, concernsMe, patchMe, sameAccess, type Directory,
  type DirectoryPart,
} from "./directory";
import { useLiveDesk } from "./hooks";
import type { EventEnvelope, QueueDto, TeamDto, UserDto } from "./types";

/** The query cache entries useDirectory reads. */
export const directoryKeys: Record<DirectoryPart, readonly string[]> = { users: ["users"], teams: ["teams"], queues: ["queues"] };
const parts: DirectoryPart[] = ["users", "teams", "queues"];

/**
 * Who the signed-in user is now, and the directory (people, teams, queues) kept current by live events.
 *
 * `client.me` is the one copy of the signed-in user that the ticket store and the views read, so a change of role or
 * teams is written into it in place; screens that draw from it subscribe through `useMe`. When an event says the
 * user's own access changed (docs/realtime-protocol.md, Access changes while connected), the server has already moved
 * the connection's rooms; here `me` follows at once from the event, then from GET /api/me, and every list is fetched
 * again, so a moved agent sees her new team's queue and tickets and no longer the old one's, without a reload.
 */
export class LiveAccess {
  private readonly listeners = new Set<() => void>();
  /** The latest GET /api/me started: an older answer arriving late must not undo a newer one. */
  private meRequest = 0;
  private reloading = false;
  /** A copy per change, for useSyncExternalStore. */
  me: UserDto;

  constructor(private readonly client: LiveDeskClient) {
    this.me = { ...client.me };
    client.onEvents(events => this.apply(events));
    client.onReset(() => {
      if (this.reloading) return;
      for (const part of parts) void client.queryClient.invalidateQueries({ queryKey: directoryKeys[part] });
      void this.refreshMe();
    });
    // The session stored in the browser may be older than a change made while this page was closed.
    void client.firstLive.then(() => this.refreshMe());
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  /** Writes the server answered (admin pages): shown at once, before their events arrive (which then change nothing). */
  acceptUser(user: UserDto) {
    this.updateDirectory(dir => acceptUser(dir, user));
    if (user.id === this.client.me.id) this.adopt(user);
  }

  acceptTeam(team: TeamDto) {
    this.updateDirectory(dir => acceptTeam(dir, team));
    const me = this.client.me;
    if (team.memberIds.includes(me.id) !== me.teamIds.includes(team.id)) void this.refreshMe();
  }

  acceptQueue(queue: QueueDto) {
    this.updateDirectory(dir => acceptQueue(dir, queue));
  }

  private apply(events: EventEnvelope[]) {
    const cache = this.client.queryClient;
    const current = this.directory();
    const patch = applyDirectoryEvents(current, events);
    for (const part of parts) {
      if (patch[part] !== current[part]) cache.setQueryData(directoryKeys[part], patch[part]);
      // A list that missed a change, or whose first load was in flight (it may have read the data before the change).
      const loading = current[part] === undefined && patch.touched.has(part)
        && cache.getQueryState(directoryKeys[part])?.fetchStatus === "fetching";
      if (patch.stale.has(part) || loading) void cache.invalidateQueries({ queryKey: directoryKeys[part] });
    }

    let me = this.client.me;
    let concerned = false;
    for (const event of events) {
      if (!concernsMe(event, me.id)) continue;
      me = patchMe(me, event);
      concerned = true;
    }
    if (!concerned) return;
    this.adopt(me);
    // REST is the truth: confirm what the events said, and what the new access shows of teams and queues.
    void this.refreshMe();
    void cache.invalidateQueries({ queryKey: directoryKeys.teams });
    void cache.invalidateQueries({ queryKey: directoryKeys.queues });
  }

  private async refreshMe() {
    const request = ++this.meRequest;
    try {
      const fresh = await this.client.api.me();
      if (request === this.meRequest && !sameUser(fresh, this.client.me)) this.adopt(fresh);
    } catch {
      // Offline or signed out: the next event, resume or reset brings it back in line.
    }
  }

  private adopt(next: UserDto) {
    const me = this.client.me;
    const accessChanged = !sameAccess(me, next);
    Object.assign(me, next, { teamIds: [...next.teamIds] });
    this.me = { ...me };
    for (const listener of this.listeners) listener();
    if (!accessChanged) return;
    this.reloading = true;
    try {
      void this.client.refetchForNewAccess();
    } finally {
      this.reloading = false;
    }
  }

  private directory(): Directory {
    const cache = this.client.queryClient;
    return {
      users: cache.getQueryData<UserDto[]>(directoryKeys.users),
      teams: cache.getQueryData<TeamDto[]>(directoryKeys.teams),
      queues: cache.getQueryData<QueueDto[]>(directoryKeys.queues),
    };
  }

  private updateDirectory(change: (dir: Directory) => Directory) {
    const current = this.directory();
    const next = change(current);
    for (const part of parts) {
      if (next[part] !== current[part]) this.client.queryClient.setQueryData(directoryKeys[part], next[part]);
    }
  }
}

function sameUser(a: UserDto, b: UserDto) {
  return sameAccess(a, b) && a.displayName === b.displayName && a.email === b.email;
}

const instances = new WeakMap<LiveDeskClient, LiveAccess>();

/** The one LiveAccess of a client, started the first time anything asks for it (the shell, on sign-in). */
export function liveAccess(client: LiveDeskClient): LiveAccess {
  let access = instances.get(client);
  if (!access) instances.set(client, (access = new LiveAccess(client)));
  return access;
}

export function useLiveAccess(): LiveAccess {
  return liveAccess(useLiveDesk());
}

/** The signed-in user as of now: a screen using it redraws when an admin changes the user's role, teams or name. */
export function useMe(): UserDto {
  const access = useLiveAccess();
  return useSyncExternalStore(access.subscribe, () => access.me);
}
