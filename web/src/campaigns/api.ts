import type { LiveDeskApi } from "../live";
import type { CampaignAudience, CampaignDto } from "./types";

const noun = "campaign";

/** The campaigns endpoints (managers and admins). */
export const campaignsApi = (api: LiveDeskApi) => ({
  all: () => api.request<CampaignDto[]>("GET", "/api/campaigns"),
  get: (id: number) => api.request<CampaignDto>("GET", `/api/campaigns/${id}`, undefined, undefined, noun),
  create: (body: { name: string; subject: string; bodyTemplate: string; audience: Partial<CampaignAudience> }) =>
    api.request<CampaignDto>("POST", "/api/campaigns", body, undefined, noun),
  preview: (id: number) => api.request<{ count: number }>("GET", `/api/campaigns/${id}/audience`, undefined, undefined, noun),
  start: (c: CampaignDto) => api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/start`, undefined, c.version, noun),
  move: (c: CampaignDto, action: "pause" | "resume" | "cancel") =>
    api.request<CampaignDto>("POST", `/api/campaigns/${c.id}/${action}`, undefined, undefined, noun),
});
