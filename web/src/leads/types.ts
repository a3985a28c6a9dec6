/** A lead as GET /api/leads returns it (docs/api.md, Leads). */
export type LeadStage = "new" | "contacted" | "qualified" | "proposal" | "won" | "lost";

export const leadStages: readonly LeadStage[] = ["new", "contacted", "qualified", "proposal", "won", "lost"];

export const stageLabels: Record<LeadStage, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  proposal: "Proposal",
  won: "Won",
  lost: "Lost",
};

export interface LeadDto {
  id: number;
  title: string;
  contactId: number | null;
  organizationId: number | null;
  value: number | null;
  currency: string;
  ownerId: number;
  expectedCloseDate: string | null;
  source: string;
  stage: LeadStage;
  lostReason: string | null;
  convertedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface LeadPage {
  items: LeadDto[];
  total: number;
  nextBefore: number | null;
}

/** What the lead form may change (PATCH /api/leads/{id}); stage and owner have their own actions. */
export interface LeadChanges {
  title?: string;
  value?: number | null;
  currency?: string;
  expectedCloseDate?: string | null;
  source?: string;
}

/** POST /api/leads/{id}/convert: link or create its contact and organization (at most one of each pair). */
export interface LeadConversion {
  contactId?: number;
  newContact?: { name: string; emails?: string[] };
  organizationId?: number;
  newOrganization?: { name: string; domain?: string };
}
