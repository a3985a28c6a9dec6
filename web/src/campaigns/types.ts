/** Campaigns as GET /api/campaigns returns them (docs/api.md, Campaigns). */
export type CampaignStatus = "draft" | "scheduled" | "running" | "paused" | "completed" | "cancelled";

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: "Draft", scheduled: "Scheduled", running: "Running", paused: "Paused", completed: "Completed", cancelled: "Cancelled",
};

export interface CampaignProgress {
  total: number;
  pending: number;
  sent: number;
  failed: number;
  bounced: number;
}

export interface CampaignAudience {
  tags: string[] | null;
  organizationId: number | null;
  ownerId: number | null;
}

export interface CampaignDto {
  id: number;
  name: string;
  channel: string;
  subject: string;
  bodyTemplate: string;
  audience: CampaignAudience;
  status: CampaignStatus;
  progress: CampaignProgress;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** When a scheduled campaign starts by itself. */
  scheduledAt: string | null;
}

/** What the editor sends (POST, or PATCH for a draft). */
export interface CampaignDraft {
  name: string;
  subject: string;
  bodyTemplate: string;
  audience: CampaignAudience;
}

export interface AudiencePreview {
  count: number;
  first: { contactId: number; name: string; email: string }[];
}
