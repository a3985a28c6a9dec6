import type { LiveDeskApi } from "../live";
import type { ConversationDto, ConversationStatus, MessageDto } from "./types";

interface ConversationPage {
  items: ConversationDto[];
  nextBefore: number | null;
}

const noun = "conversation";

/** The conversations endpoints. Staff changes send the version the user saw (If-Match). */
export const conversationsApi = (api: LiveDeskApi) => ({
  get: (id: number) => api.request<ConversationDto>("GET", `/api/conversations/${id}`, undefined, undefined, noun),

  async all(archived: boolean): Promise<ConversationDto[]> {
    const items: ConversationDto[] = [];
    let before: number | null = null;
    do {
      const query = new URLSearchParams({ archived: String(archived), limit: "200" });
      if (before !== null) query.set("before", String(before));
      const page: ConversationPage = await api.request<ConversationPage>("GET", `/api/conversations?${query}`);
      items.push(...page.items);
      before = page.nextBefore;
    } while (before !== null);
    return items;
  },

  messages: (id: number) => api.request<MessageDto[]>("GET", `/api/conversations/${id}/messages`, undefined, undefined, noun),
  start: (body: string, subject: string) =>
    api.request<ConversationDto>("POST", "/api/conversations", { body, subject }, undefined, noun),
  write: (id: number, body: string) => api.request<MessageDto>("POST", `/api/conversations/${id}/messages`, { body }, undefined, noun),
  assign: (c: ConversationDto, assigneeId: number | null) =>
    api.request<ConversationDto>("POST", `/api/conversations/${c.id}/assign`, { assigneeId }, c.version, noun),
  setStatus: (c: ConversationDto, status: ConversationStatus) =>
    api.request<ConversationDto>("POST", `/api/conversations/${c.id}/status`, { status }, c.version, noun),
  setArchived: (c: ConversationDto, archived: boolean) =>
    api.request<ConversationDto>("POST", `/api/conversations/${c.id}/${archived ? "archive" : "unarchive"}`, undefined, c.version, noun),
});
