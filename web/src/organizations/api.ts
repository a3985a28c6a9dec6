import type { LiveDeskApi } from "../live";
import type { ContactDto } from "../contacts/types";
import type { TimelineItem } from "../crm/Timeline";
import type { CrmPage } from "../crm/usePagedSearch";
import type { OrganizationDto } from "./types";

const noun = "organization";

export const organizationsApi = (api: LiveDeskApi) => ({
  page: (q: string, before: number | null) => {
    const query = new URLSearchParams({ limit: "50" });
    if (q) query.set("q", q);
    if (before !== null) query.set("before", String(before));
    return api.request<CrmPage<OrganizationDto>>("GET", `/api/organizations?${query}`);
  },
  get: (id: number) => api.request<OrganizationDto>("GET", `/api/organizations/${id}`, undefined, undefined, noun),
  timeline: (id: number) => api.request<TimelineItem[]>("GET", `/api/organizations/${id}/timeline`, undefined, undefined, noun),
  contacts: (id: number) => api.request<CrmPage<ContactDto>>("GET", `/api/contacts?organizationId=${id}&limit=100`),
});
