import { describe, expect, it } from "vitest";
import {
  acceptTeam, acceptUser, applyDirectoryEvents, assignable, concernsMe, openQueues, patchMe, sameAccess, type Directory,
} from "./directory";
import { event } from "./testing";
import type { QueueDto, TeamDto, UserDto } from "./types";

const support = 1;
const fieldOps = 2;

function user(id: number, overrides: Partial<UserDto> = {}): UserDto {
  return { id, email: `u${id}@livedesk.test`, displayName: `User ${id}`, role: "agent", teamIds: [], active: true, version: 1, ...overrides };
}

function team(id: number, overrides: Partial<TeamDto> = {}): TeamDto {
  return { id, name: `Team ${id}`, memberIds: [], version: 1, ...overrides };
}

function queue(id: number, overrides: Partial<QueueDto> = {}): QueueDto {
  return { id, name: `Queue ${id}`, teamId: support, archived: false, version: 1, ...overrides };
}

/** Ana (3) in Support, Ben (4) in Field Ops, each team with its queue. */
function demo(): Directory {
  return {
    users: [user(3, { displayName: "Ana", teamIds: [support] }), user(4, { displayName: "Ben", teamIds: [fieldOps] })],
    teams: [team(support, { name: "Support", memberIds: [3] }), team(fieldOps, { name: "Field Ops", memberIds: [4] })],
    queues: [queue(1, { name: "Support" }), queue(2, { name: "Field Ops", teamId: fieldOps })],
  };
}

const userEvent = (seq: number, type: string, id: number, version: number, changes: Record<string, unknown>) =>
  event(seq, { type, entity: "user", entityId: id, version, changes });
const teamEvent = (seq: number, type: string, id: number, version: number, changes: Record<string, unknown>) =>
  event(seq, { type, entity: "team", entityId: id, version, changes });
const queueEvent = (seq: number, type: string, id: number, version: number, changes: Record<string, unknown>) =>
  event(seq, { type, entity: "queue", entityId: id, version, changes });

describe("applyDirectoryEvents", () => {
  it("adds a created person, once, with the fields the event carries", () => {
    const created = userEvent(10, "user.created", 7, 1,
      { email: "eve@livedesk.test", displayName: "Eve", role: "agent", teamIds: [support], active: true });
    const patch = applyDirectoryEvents(demo(), [created, created]);
    expect(patch.users!.map(u => u.id)).toEqual([3, 4, 7]);
    expect(patch.users![2]).toEqual({ id: 7, email: "eve@livedesk.test", displayName: "Eve", role: "agent", teamIds: [support], active: true, version: 1 });
    // Her team lists her too, though no team event comes.
    expect(patch.teams!.find(t => t.id === support)!.memberIds).toEqual([3, 7]);
    expect(patch.stale.size).toBe(0);
  });

  it("moves a person between teams on both sides when user.updated carries teamIds", () => {
    const moved = userEvent(11, "user.updated", 4, 2, { teamIds: [support], updatedAt: "2026-12-02T12:00:00Z" });
    const patch = applyDirectoryEvents(demo(), [moved]);
    expect(patch.users!.find(u => u.id === 4)).toMatchObject({ teamIds: [support], version: 2, displayName: "Ben" });
    expect(patch.teams!.map(t => [t.id, t.memberIds])).toEqual([[support, [3, 4]], [fieldOps, []]]);
  });

  it("ignores an old or repeated version and marks the list stale when a version was skipped", () => {
    const dir = demo();
    dir.users![1] = { ...dir.users![1], version: 3 };
    const old = applyDirectoryEvents(dir, [userEvent(12, "user.updated", 4, 3, { displayName: "Old" })]);
    expect(old.users).toBe(dir.users);
    expect(old.stale.size).toBe(0);

    const skipped = applyDirectoryEvents(dir, [userEvent(13, "user.updated", 4, 5, { teamIds: [] })]);
    expect(skipped.users!.find(u => u.id === 4)!.version).toBe(3);
    // The missed change may have moved them between teams, which the teams list shows too.
    expect([...skipped.stale].sort()).toEqual(["teams", "users"]);
  });

  it("marks the list stale for an event about someone it does not hold", () => {
    const patch = applyDirectoryEvents(demo(), [userEvent(14, "user.deactivated", 99, 2, { active: false })]);
    expect([...patch.stale]).toEqual(["users", "teams"]);
  });

  it("deactivates and reactivates, and assignable leaves deactivated people and customers out", () => {
    const dir = { ...demo(), users: [...demo().users!, user(5, { role: "customer" })] };
    const off = applyDirectoryEvents(dir, [userEvent(15, "user.deactivated", 4, 2, { active: false })]);
    expect(assignable(off.users!).map(u => u.id)).toEqual([3]);
    const on = applyDirectoryEvents(off, [userEvent(16, "user.reactivated", 4, 3, { active: true })]);
    expect(assignable(on.users!).map(u => u.id)).toEqual([3, 4]);
  });

  it("applies team.member_added and _removed to the team (by version) and to the member's teamIds", () => {
    const patch = applyDirectoryEvents(demo(), [
      teamEvent(17, "team.member_added", support, 2, { userId: 4, updatedAt: "x" }),
      teamEvent(18, "team.member_removed", fieldOps, 2, { userId: 4, updatedAt: "x" }),
    ]);
    expect(patch.teams!.map(t => [t.id, t.memberIds, t.version])).toEqual([[support, [3, 4], 2], [fieldOps, [], 2]]);
    const ben = patch.users!.find(u => u.id === 4)!;
    expect(ben.teamIds).toEqual([support]);
    expect(ben.version).toBe(1); // membership is the team's version, not the user's
  });

  it("still follows a membership on the users side when the teams list is not loaded", () => {
    const { users } = demo();
    const patch = applyDirectoryEvents({ users }, [teamEvent(19, "team.member_added", support, 2, { userId: 4 })]);
    expect(patch.users!.find(u => u.id === 4)!.teamIds).toEqual([support, fieldOps]);
    expect(patch.teams).toBeUndefined();
    expect(patch.touched.has("teams")).toBe(true);
  });

  it("creates and renames teams", () => {
    const patch = applyDirectoryEvents(demo(), [
      teamEvent(20, "team.created", 3, 1, { name: "Night shift", memberIds: [] }),
      teamEvent(21, "team.updated", 3, 2, { name: "Nights", updatedAt: "x" }),
    ]);
    expect(patch.teams!.at(-1)).toEqual({ id: 3, name: "Nights", memberIds: [], version: 2 });
  });

  it("creates, renames, moves and archives queues; pickers offer only unarchived ones", () => {
    const patch = applyDirectoryEvents(demo(), [
      queueEvent(22, "queue.created", 3, 1, { name: "Returns", teamId: support, archived: false }),
      queueEvent(23, "queue.updated", 2, 2, { teamId: support, updatedAt: "x" }),
      queueEvent(24, "queue.updated", 1, 2, { archived: true, updatedAt: "x" }),
    ]);
    expect(patch.queues!.map(q => [q.id, q.name, q.teamId, q.archived])).toEqual([
      [1, "Support", support, true], [2, "Field Ops", support, false], [3, "Returns", support, false],
    ]);
    expect(openQueues(patch.queues!).map(q => q.id)).toEqual([2, 3]);
  });

  it("leaves lists that are not loaded alone and other entities' events untouched", () => {
    const patch = applyDirectoryEvents({}, [
      event(25, { type: "ticket.updated", entity: "ticket", entityId: 1, version: 2 }),
      queueEvent(26, "queue.updated", 1, 2, { name: "x" }),
    ]);
    expect(patch.queues).toBeUndefined();
    expect(patch.stale.size).toBe(0);
    expect([...patch.touched]).toEqual(["queues"]);
  });
});

describe("accepting a write's answer", () => {
  it("puts a person the server returned in place of an older copy, with the teams following", () => {
    const dir = acceptUser(demo(), user(4, { displayName: "Ben", teamIds: [support, fieldOps], version: 2 }));
    expect(dir.teams!.map(t => t.memberIds)).toEqual([[3, 4], [4]]);
    // A late answer older than what the cache holds changes nothing.
    const late = acceptUser(dir, user(4, { teamIds: [], version: 1 }));
    expect(late.users).toBe(dir.users);
  });

  it("puts a team the server returned in place, with its members' teamIds following", () => {
    const dir = acceptTeam(demo(), team(support, { name: "Support", memberIds: [4], version: 2 }));
    expect(dir.users!.map(u => [u.id, u.teamIds])).toEqual([[3, []], [4, [support, fieldOps]]]);
  });
});

describe("the signed-in user's own access", () => {
  const ben = user(4, { teamIds: [fieldOps] });

  it("is concerned by events about them and by their own memberships only", () => {
    expect(concernsMe(userEvent(1, "user.updated", 4, 2, { role: "manager" }), 4)).toBe(true);
    expect(concernsMe(userEvent(2, "user.updated", 3, 2, { role: "manager" }), 4)).toBe(false);
    expect(concernsMe(teamEvent(3, "team.member_added", support, 2, { userId: 4 }), 4)).toBe(true);
    expect(concernsMe(teamEvent(4, "team.member_added", support, 2, { userId: 3 }), 4)).toBe(false);
    expect(concernsMe(teamEvent(5, "team.updated", fieldOps, 2, { name: "Field" }), 4)).toBe(false);
  });

  it("follows a move between teams, whichever event carries it", () => {
    const byUser = patchMe(ben, userEvent(6, "user.updated", 4, 2, { teamIds: [support] }));
    expect(byUser).toMatchObject({ teamIds: [support], version: 2 });
    const added = patchMe(ben, teamEvent(7, "team.member_added", support, 2, { userId: 4 }));
    const moved = patchMe(added, teamEvent(8, "team.member_removed", fieldOps, 2, { userId: 4 }));
    expect(moved.teamIds).toEqual([support]);
    expect(sameAccess(moved, byUser)).toBe(true);
    expect(sameAccess(moved, ben)).toBe(false);
  });

  it("tells a change of access (role, teams, state) from a change of name", () => {
    expect(sameAccess(ben, patchMe(ben, userEvent(9, "user.updated", 4, 2, { displayName: "Benjamin" })))).toBe(true);
    expect(sameAccess(ben, patchMe(ben, userEvent(10, "user.updated", 4, 2, { role: "manager" })))).toBe(false);
    expect(sameAccess(ben, patchMe(ben, userEvent(11, "user.deactivated", 4, 2, { active: false })))).toBe(false);
    expect(sameAccess(ben, { ...ben, teamIds: [fieldOps] })).toBe(true);
  });
});
