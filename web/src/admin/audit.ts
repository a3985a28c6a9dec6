import { roleLabels } from "./types";

const fieldLabels: Record<string, string> = {
  displayName: "Name", name: "Name", role: "Role", teamIds: "Teams", teamId: "Team", active: "State", archived: "State",
};

/**
 * An audit entry's changes in words, with names for the ids: "Teams: Field Ops → Support". The server's summary says
 * who and what; this says from what to what as people read it. Fields it does not know are shown as they come.
 */
export function describeChanges(changes: Record<string, [unknown, unknown]> | null | undefined, teamName: (id: number) => string): string[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, [before, after]]) =>
    `${fieldLabels[field] ?? field}: ${show(field, before, teamName)} → ${show(field, after, teamName)}`);
}

function show(field: string, value: unknown, teamName: (id: number) => string): string {
  if (value === null || value === undefined) return "none";
  if (field === "teamIds" && Array.isArray(value)) return value.length === 0 ? "none" : value.map(id => teamName(Number(id))).join(", ");
  if (field === "teamId") return teamName(Number(value));
  if (field === "role" && typeof value === "string" && value in roleLabels) return roleLabels[value as keyof typeof roleLabels];
  if (field === "active") return value ? "active" : "deactivated";
  if (field === "archived") return value ? "archived" : "open";
  return typeof value === "string" ? value : JSON.stringify(value);
}
