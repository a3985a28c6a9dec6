import type { LiveDeskApi } from "../live";
import type { LeadChanges, LeadConversion, LeadDto, LeadPage, LeadStage } from "./types";

const pageSize = 200;

/** The leads endpoints. Every change sends the version the user saw (If-Match), so a stale drag is a 412. */
export const leadsApi = (api: LiveDeskApi) => ({
  get: (id: number) => api.request<LeadDto>("GET", `/api/leads/${id}`, undefined, undefined, "lead"),

  /** Every lead the caller may see, all pages, newest first. */
  async all(): Promise<LeadDto[]> {
    const items: LeadDto[] = [];
    let before: number | null = null;
    do {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (before !== null) query.set("before", String(before));
      const page: LeadPage = await api.request<LeadPage>("GET", `/api/leads?${query}`);
      items.push(...page.items);
      before = page.nextBefore;
    } while (before !== null);
    return items;
  },

  create: (body: { title: string; value?: number; currency?: string }) =>
    api.request<LeadDto>("POST", "/api/leads", body, undefined, "lead"),

  update: (lead: LeadDto, body: LeadChanges) => api.request<LeadDto>("PATCH", `/api/leads/${lead.id}`, body, lead.version, "lead"),

  assign: (lead: LeadDto, ownerId: number) => api.request<LeadDto>("POST", `/api/leads/${lead.id}/assign`, { ownerId }, lead.version, "lead"),

  /** Creates its contact and organization (or links existing ones) in one write on the server. */
  convert: (lead: LeadDto, body: LeadConversion) =>
    api.request<LeadDto>("POST", `/api/leads/${lead.id}/convert`, body, lead.version, "lead"),

  move: (lead: LeadDto, stage: LeadStage, lostReason?: string) =>
    api.request<LeadDto>("POST", `/api/leads/${lead.id}/stage`, { stage, lostReason }, lead.version, "lead"),
});
