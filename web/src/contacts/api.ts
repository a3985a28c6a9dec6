import type { LiveDeskApi } from "../live";
import type { TimelineItem } from "../crm/Timeline";
import type { CrmPage } from "../crm/usePagedSearch";
import type { ContactDto } from "./types";

const noun = "contact";

export const contactsApi = (api: LiveDeskApi) => ({
  page: (q: string, before: number | null) => {
    const query = new URLSearchParams({ limit: "50" });
    if (q) query.set("q", q);
    if (before !== null) query.set("before", String(before));
    return api.request<CrmPage<ContactDto>>("GET", `/api/contacts?${query}`);
  },
  get: (id: number) => api.request<ContactDto>("GET", `/api/contacts/${id}`, undefined, undefined, noun),
  timeline: (id: number) => api.request<TimelineItem[]>("GET", `/api/contacts/${id}/timeline`, undefined, undefined, noun),
});
