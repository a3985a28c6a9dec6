import type { EventEnvelope, QueueDto, TeamDto, UserDto } from "./types";
import { isSignalOnly } from "./valves";

/**
 * The directory (people, teams, queues) as the query cache holds it, and how live events change it. Pure functions,
 * so the rules are unit-tested without a cache: access.ts applies them to the cache entries.
 *
 * Each list is patched by its own entity's events by version (docs/realtime-protocol.md, section 6): the next version
 * is applied, an older or repeated one ignored, one that skips a version (or an entity not in the list) marks the list
 * stale, to be fetched again. Membership lives on both sides (a user's `teamIds`, a team's `memberIds`) but each
 * change comes as one event (`user.updated { teamIds }` or `team.member_*`), so the other side is derived from it.
 */
export interface Directory {
  users?: UserDto[];
  teams?: TeamDto[];
  queues?: QueueDto[];
}

export type DirectoryPart = keyof Directory;

export interface DirectoryPatch extends Directory {
  /** Lists that missed a change and must be fetched again. */
  stale: Set<DirectoryPart>;
  /** Lists the events concerned (loaded or not). */
  touched: Set<DirectoryPart>;
}

const partOf: Record<string, DirectoryPart> = { user: "users", team: "teams", queue: "queues" };
const userFields = ["email", "displayName", "role", "teamIds", "active"] as const;
const teamFields = ["name", "memberIds"] as const;
const queueFields = ["name", "teamId", "archived"] as const;

export function applyDirectoryEvents(current: Directory, events: readonly EventEnvelope[]): DirectoryPatch {
  const next: DirectoryPatch = { ...current, stale: new Set(), touched: new Set() };
  for (const event of events) {
    const part = partOf[event.entity];
    if (!part) continue;
    next.touched.add(part);
    if (part === "users") applyUserEvent(next, event);
    else if (part === "teams") applyTeamEvent(next, event);
    else applyQueueEvent(next, event);
  }
  return next;
}

type Outcome<T> = { list: T[]; applied: boolean; stale: boolean };

/** One versioned entity event against a loaded list (created adds, the next version merges the picked fields). */
function patchList<T extends { id: number; version: number }>(
  list: T[], event: EventEnvelope, fields: readonly string[], created: () => T,
): Outcome<T> {
  // Signal mode (an admin's feature flag): the envelope carries no changes, so the list is fetched again instead.
  if (isSignalOnly(event)) return { list, applied: false, stale: true };
  const index = list.findIndex(item => item.id === event.entityId);
  if (event.type.endsWith(".created")) {
    if (index >= 0) return { list, applied: false, stale: false };
    return { list: [...list, created()].sort((a, b) => a.id - b.id), applied: true, stale: false };
  }
  if (index < 0) return { list, applied: false, stale: true };
  const cached = list[index];
  if (event.version <= cached.version) return { list, applied: false, stale: false };
  if (event.version !== cached.version + 1) return { list, applied: false, stale: true };
  return { list: list.with(index, { ...cached, ...pick(event.changes, fields), version: event.version }), applied: true, stale: false };
}

function applyUserEvent(dir: DirectoryPatch, event: EventEnvelope) {
  if (!dir.users) return;
  const outcome = patchList(dir.users, event, userFields, () => ({
    id: event.entityId, email: "", displayName: "", role: "agent", teamIds: [], active: true,
    ...pick(event.changes, userFields), version: event.version,
  } as UserDto));
  dir.users = outcome.list;
  // A missed user change may have been a change of teams, which the teams' member lists show too.
  if (outcome.stale) dir.stale.add("users").add("teams");
  const teamIds = event.changes.teamIds;
  if (outcome.applied && Array.isArray(teamIds) && dir.teams) dir.teams = withMembership(dir.teams, event.entityId, teamIds as number[]);
}

function applyTeamEvent(dir: DirectoryPatch, event: EventEnvelope) {
  const member = event.type === "team.member_added" || event.type === "team.member_removed" ? Number(event.changes.userId) : null;
  let applied = !dir.teams;
  if (dir.teams) {
    const outcome = patchList(dir.teams, event, teamFields, () => ({
      id: event.entityId, name: "", memberIds: [], ...pick(event.changes, teamFields), version: event.version,
    } as TeamDto));
    applied = outcome.applied;
    dir.teams = outcome.list;
    if (outcome.stale) dir.stale.add("teams");
    if (outcome.applied && member !== null) {
      dir.teams = dir.teams.map(team => team.id === event.entityId ? { ...team, memberIds: toggle(team.memberIds, member, event.type === "team.member_added") } : team);
    }
  }
  // The member's own teams: a membership change does not bump the user's version, so it is derived here.
  if (applied && member !== null && dir.users) {
    const joined = event.type === "team.member_added";
    dir.users = dir.users.map(user => user.id === member ? { ...user, teamIds: toggle(user.teamIds, event.entityId, joined) } : user);
  }
}

function applyQueueEvent(dir: DirectoryPatch, event: EventEnvelope) {
  if (!dir.queues) return;
  const outcome = patchList(dir.queues, event, queueFields, () => ({
    id: event.entityId, name: "", teamId: 0, archived: false, ...pick(event.changes, queueFields), version: event.version,
  } as QueueDto));
  dir.queues = outcome.list;
  if (outcome.stale) dir.stale.add("queues");
}

/** A user the server just returned from a write (newer than the cache, or equal): it replaces the cached copy, and
 * the teams' member lists follow its teamIds. */
export function acceptUser(dir: Directory, user: UserDto): Directory {
  const users = acceptInto(dir.users, user);
  return { ...dir, users, teams: dir.teams && users !== dir.users ? withMembership(dir.teams, user.id, user.teamIds) : dir.teams };
}

/** A team the server just returned from a write; its members' teamIds follow its memberIds. */
export function acceptTeam(dir: Directory, team: TeamDto): Directory {
  const teams = acceptInto(dir.teams, team);
  if (teams === dir.teams || !dir.users) return { ...dir, teams };
  const users = dir.users.map(user => {
    const member = team.memberIds.includes(user.id);
    return member === user.teamIds.includes(team.id) ? user : { ...user, teamIds: toggle(user.teamIds, team.id, member) };
  });
  return { ...dir, teams, users };
}

export function acceptQueue(dir: Directory, queue: QueueDto): Directory {
  return { ...dir, queues: acceptInto(dir.queues, queue) };
}

function acceptInto<T extends { id: number; version: number }>(list: T[] | undefined, item: T): T[] | undefined {
  if (!list) return list;
  const index = list.findIndex(i => i.id === item.id);
  if (index < 0) return [...list, item].sort((a, b) => a.id - b.id);
  return list[index].version > item.version ? list : list.with(index, item);
}

/** Every team's member list agrees with one user's teams. */
function withMembership(teams: TeamDto[], userId: number, teamIds: number[]): TeamDto[] {
  let changed = false;
  const next = teams.map(team => {
    const member = teamIds.includes(team.id);
    if (member === team.memberIds.includes(userId)) return team;
    changed = true;
    return { ...team, memberIds: toggle(team.memberIds, userId, member) };
  });
  return changed ? next : teams;
}

function toggle(ids: number[], id: number, present: boolean): number[] {
  if (present === ids.includes(id)) return ids;
  return present ? [...ids, id].sort((a, b) => a - b) : ids.filter(i => i !== id);
}

function pick(changes: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (field in changes) picked[field] = changes[field];
  return picked;
}

/** Pickers offer only people who can still work (active staff) and queues that take tickets (unarchived). */
export const assignable = (users: UserDto[]) => users.filter(user => user.active !== false && user.role !== "customer");
export const openQueues = (queues: QueueDto[]) => queues.filter(queue => !queue.archived);

/** Whether an event tells the signed-in user that their own access (role, teams, state) may have changed. */
export function concernsMe(event: EventEnvelope, meId: number): boolean {
  if (event.entity === "user") return event.entityId === meId;
  return (event.type === "team.member_added" || event.type === "team.member_removed") && Number(event.changes.userId) === meId;
}

/** The signed-in user after an event that concerns them (concernsMe), before REST confirms it. */
export function patchMe(me: UserDto, event: EventEnvelope): UserDto {
  if (event.entity === "user") return { ...me, ...pick(event.changes, userFields), version: Math.max(me.version ?? 0, event.version) } as UserDto;
  return { ...me, teamIds: toggle(me.teamIds, event.entityId, event.type === "team.member_added") };
}

/** What decides what someone may see: a change here reloads every list. */
export function sameAccess(a: UserDto, b: UserDto): boolean {
  return a.role === b.role && a.active === b.active && [...a.teamIds].sort().join() === [...b.teamIds].sort().join();
}
