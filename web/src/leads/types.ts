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
