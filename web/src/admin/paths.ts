import type { Role } from "../live";

export type AdminSection = "people" | "teams" | "queues" | "audit";

export const sectionLabels: Record<AdminSection, string> = { people: "People", teams: "Teams", queues: "Queues", audit: "Audit log" };

export const adminPath = (section: AdminSection) => `/admin/${section}`;

/** What each role may manage (docs/api.md, Administration): people and the audit log are admins', teams and queues
 * managers' too. */
export function sectionsFor(role: Role): AdminSection[] {
  if (role === "admin") return ["people", "teams", "queues", "audit"];
  if (role === "manager") return ["teams", "queues"];
  return [];
}
