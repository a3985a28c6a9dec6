import type { LiveDeskApi } from "../live";
import type { AudiencePreview, CampaignAudience, CampaignDraft, CampaignDto } from "./types";

const noun = "campaign";

/** The campaigns endpoints (managers and admins). Changes send the version the user saw (If-Match). */
export const campaignsApi = (api: LiveDeskApi) => ({
  all: () => api.request<CampaignDto[]>("GET", "/api/campaigns"),
  get: (id: number) => api.request<CampaignDto>("GET", `/api/campaigns/${id}`, undefined, undefined, noun),
  create: (body: CampaignDraft) => api.request<CampaignDto>("POST", "/api/campaigns", body, undefined, noun),
  update: (c: CampaignDto, body: Partial<CampaignDraft>) => api.request<CampaignDto>("PATCH", `/api/campaigns/${c.id}`, body, c.version, noun),
  /** Who an audience reaches right now, saved or not: the editor's live count. */
  previewAudience: (audience: CampaignAudience) => api.request<AudiencePreview>("POST", "/api/campaigns/audience-preview", audience),
  start: (c: CampaignDto) => api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/start`, undefined, c.version, noun),
  schedule: (c: CampaignDto, at: Date) => api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/schedule`, { at: at.toISOString() }, c.version, noun),
  unschedule: (c: CampaignDto) => api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/unschedule`, undefined, c.version, noun),
  move: (c: CampaignDto, action: "pause" | "resume" | "cancel") =>
    api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/${action}`, undefined, undefined, noun),
});
