import type { Role } from "../live";

export type AdminSection = "people" | "teams" | "queues" | "audit" | "flags";

export const sectionLabels: Record<AdminSection, string> = {
  people: "People", teams: "Teams", queues: "Queues", audit: "Audit log", flags: "Live modes",
};

export const adminPath = (section: AdminSection) => `/admin/${section}`;

/** What each role may manage (docs/api.md, Administration): people, the audit log and the live modes (feature flags)
 * are admins', teams and queues managers' too. */
export function sectionsFor(role: Role): AdminSection[] {
  if (role === "admin") return ["people", "teams", "queues", "audit", "flags"];
  if (role === "manager") return ["teams", "queues"];
  return [];
}
