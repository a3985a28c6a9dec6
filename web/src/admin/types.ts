import type { Role } from "../live";

/** Roles an admin may give here; customers come from the CRM and use the portal. */
export type StaffRole = Exclude<Role, "customer">;
export const staffRoles: readonly StaffRole[] = ["admin", "manager", "agent"];
export const roleLabels: Record<Role, string> = { admin: "Admin", manager: "Manager", agent: "Agent", customer: "Customer" };

export interface NewPerson {
  email: string;
  displayName: string;
  role: StaffRole;
  teamIds: number[];
  /** Without one (and with email set up) the server mails an invitation instead. */
  password?: string;
}

export interface PersonChanges {
  displayName?: string;
  role?: StaffRole;
  teamIds?: number[];
}

export interface QueueChanges {
  name?: string;
  teamId?: number;
  archived?: boolean;
}

/** One admin action (docs/api.md, Administration): `changes` holds each changed field as [before, after]. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: number;
  action: string;
  targetType: "user" | "team" | "queue";
  targetId: number;
  summary: string;
  changes: Record<string, [unknown, unknown]>;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

export interface AuditFilter {
  targetType?: AuditEntry["targetType"];
  targetId?: number;
}
