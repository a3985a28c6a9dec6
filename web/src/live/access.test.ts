import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { directoryKeys, LiveAccess } from "./access";
import type { LiveDeskClient } from "./client";
import { event } from "./testing";
import type { EventEnvelope, TeamDto, UserDto } from "./types";

const support = 1;
const fieldOps = 2;
const ben = (overrides: Partial<UserDto> = {}): UserDto =>
  ({ id: 4, email: "ben@livedesk.test", displayName: "Ben Field", role: "agent", teamIds: [fieldOps], active: true, version: 1, ...overrides });

/** A client as LiveAccess sees it: the cache, the event and reset streams, GET /api/me answered by `server`. */
function fakeClient(me: UserDto, server: { me: () => Promise<UserDto> }) {
  const eventListeners: ((events: EventEnvelope[]) => void)[] = [];
  const resetListeners: (() => void)[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  const client = {
    me,
    queryClient,
    firstLive: Promise.resolve(),
    api: { me: vi.fn(() => server.me()) },
    onEvents: (listener: (events: EventEnvelope[]) => void) => { eventListeners.push(listener); return () => {}; },
    onReset: (listener: () => void) => { resetListeners.push(listener); return () => {}; },
    refetchForNewAccess: vi.fn(async () => { for (const listener of resetListeners) listener(); }),
  };
  return {
    client,
    access: new LiveAccess(client as unknown as LiveDeskClient),
    emit: (...events: EventEnvelope[]) => { for (const listener of eventListeners) listener(events); },
    reset: () => { for (const listener of resetListeners) listener(); },
  };
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));
const moved = (seq: number) =>
  event(seq, { type: "user.updated", entity: "user", entityId: 4, version: 2, changes: { teamIds: [support] } });

describe("LiveAccess", () => {
  it("moves the signed-in user to their new team in place, at once, and reloads every list once", async () => {
    const me = ben();
    const { client, access, emit } = fakeClient(me, { me: async () => ben({ teamIds: [support], version: 2 }) });
    await settle(); // the start-up check of /api/me: unchanged
    const seen: UserDto[] = [];
    access.subscribe(() => seen.push(access.me));

    emit(moved(10));

    // The ticket store and the views hold this very object: they see the new team.
    expect(client.me).toBe(me);
    expect(me.teamIds).toEqual([support]);
    expect(seen.at(-1)).toMatchObject({ teamIds: [support] });
    expect(client.refetchForNewAccess).toHaveBeenCalledTimes(1);
    await settle();
    // GET /api/me confirmed it: no second reload.
    expect(client.refetchForNewAccess).toHaveBeenCalledTimes(1);
  });

  it("follows team.member_added and _removed about the user, and nobody else's", async () => {
    const me = ben();
    const { client, emit } = fakeClient(me, { me: async () => ({ ...me }) });
    await settle();
    emit(event(11, { type: "team.member_added", entity: "team", entityId: support, version: 2, changes: { userId: 3 } }));
    expect(me.teamIds).toEqual([fieldOps]);
    expect(client.refetchForNewAccess).not.toHaveBeenCalled();

    emit(
      event(12, { type: "team.member_added", entity: "team", entityId: support, version: 3, changes: { userId: 4 } }),
      event(13, { type: "team.member_removed", entity: "team", entityId: fieldOps, version: 2, changes: { userId: 4 } }),
    );
    expect(me.teamIds).toEqual([support]);
    expect(client.refetchForNewAccess).toHaveBeenCalledTimes(1);
  });

  it("renames without reloading anything", async () => {
    const me = ben();
    const { client, access, emit } = fakeClient(me, { me: async () => ben({ displayName: "Benjamin", version: 2 }) });
    await settle();
    emit(event(14, { type: "user.updated", entity: "user", entityId: 4, version: 2, changes: { displayName: "Benjamin" } }));
    expect(access.me.displayName).toBe("Benjamin");
    await settle();
    expect(client.refetchForNewAccess).not.toHaveBeenCalled();
  });

  it("catches up at start when the stored session is older than the server's view of the user", async () => {
    const me = ben();
    const { client } = fakeClient(me, { me: async () => ben({ teamIds: [support], version: 2 }) });
    await settle();
    expect(me.teamIds).toEqual([support]);
    expect(client.refetchForNewAccess).toHaveBeenCalledTimes(1);
  });

  it("never lets a late, older /api/me answer undo a newer one", async () => {
    const me = ben();
    const answers: ((user: UserDto) => void)[] = [];
    const { emit } = fakeClient(me, { me: () => new Promise(resolve => answers.push(resolve)) });
    await settle();
    answers.shift()!(ben()); // start-up check: unchanged
    await settle();
    emit(moved(15));
    emit(event(16, { type: "user.updated", entity: "user", entityId: 4, version: 3, changes: { role: "manager" } }));
    expect(answers).toHaveLength(2);
    answers[1](ben({ teamIds: [support], role: "manager", version: 3 }));
    await settle();
    answers[0](ben({ teamIds: [support], version: 2 })); // read before the role change, answered after
    await settle();
    expect(me).toMatchObject({ role: "manager", teamIds: [support] });
  });

  it("patches the directory in the cache and fetches a list again when it missed a change", async () => {
    const me = ben();
    const { client, emit } = fakeClient(me, { me: async () => ({ ...me }) });
    await settle();
    const teams: TeamDto[] = [{ id: support, name: "Support", memberIds: [3], version: 1 }];
    client.queryClient.setQueryData(directoryKeys.teams, teams);

    emit(event(17, { type: "team.updated", entity: "team", entityId: support, version: 2, changes: { name: "Help desk" } }));
    expect(client.queryClient.getQueryData<TeamDto[]>(directoryKeys.teams)![0].name).toBe("Help desk");

    emit(event(18, { type: "team.updated", entity: "team", entityId: support, version: 4, changes: { name: "Skipped" } }));
    expect(client.queryClient.getQueryState(directoryKeys.teams)!.isInvalidated).toBe(true);
  });

  it("fetches the directory and the user again after a reset", async () => {
    const me = ben();
    const { client, reset } = fakeClient(me, { me: async () => ({ ...me }) });
    await settle();
    client.queryClient.setQueryData(directoryKeys.users, [me]);
    reset();
    expect(client.queryClient.getQueryState(directoryKeys.users)!.isInvalidated).toBe(true);
    expect(client.api.me).toHaveBeenCalledTimes(2);
  });
});
