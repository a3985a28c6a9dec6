import type { LiveDeskApi, QueueDto, TeamDto, TicketPage, UserDto } from "../live";
import type { AuditFilter, AuditPage, NewPerson, PersonChanges, QueueChanges } from "./types";

/** The administration endpoints (docs/api.md, Administration). Changes to an existing person or queue send the version
 * the admin saw (If-Match), so a change someone made meanwhile is a 412 rather than overwritten. */
export const adminApi = (api: LiveDeskApi) => ({
  createUser: (person: NewPerson) => api.request<UserDto>("POST", "/api/users", person, undefined, "person"),
  updateUser: (user: UserDto, changes: PersonChanges) =>
    api.request<UserDto>("PATCH", `/api/users/${user.id}`, changes, user.version, "person"),
  deactivate: (user: UserDto) => api.request<UserDto>("POST", `/api/users/${user.id}/deactivate`, undefined, undefined, "person"),
  reactivate: (user: UserDto) => api.request<UserDto>("POST", `/api/users/${user.id}/reactivate`, undefined, undefined, "person"),

  createTeam: (name: string) => api.request<TeamDto>("POST", "/api/teams", { name }, undefined, "team"),
  renameTeam: (team: TeamDto, name: string) => api.request<TeamDto>("PATCH", `/api/teams/${team.id}`, { name }, team.version, "team"),
  addMember: (team: TeamDto, userId: number) =>
    api.request<TeamDto>("PUT", `/api/teams/${team.id}/members/${userId}`, undefined, undefined, "team"),
  removeMember: (team: TeamDto, userId: number) =>
    api.request<TeamDto>("DELETE", `/api/teams/${team.id}/members/${userId}`, undefined, undefined, "team"),

  createQueue: (name: string, teamId: number) => api.request<QueueDto>("POST", "/api/queues", { name, teamId }, undefined, "queue"),
  updateQueue: (queue: QueueDto, changes: QueueChanges) =>
    api.request<QueueDto>("PATCH", `/api/queues/${queue.id}`, changes, queue.version, "queue"),
  /** How many tickets a queue holds (they move with it to another team). */
  queueTicketCount: async (queue: QueueDto) =>
    (await api.request<TicketPage>("GET", `/api/tickets?queueId=${queue.id}&limit=1`)).total,

  audit: ({ targetType, targetId }: AuditFilter, before: number | null, limit = 50) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (targetType) query.set("targetType", targetType);
    if (targetId !== undefined) query.set("targetId", String(targetId));
    if (before !== null) query.set("before", String(before));
    return api.request<AuditPage>("GET", `/api/admin/audit?${query}`);
  },
});

export type AdminApi = ReturnType<typeof adminApi>;
