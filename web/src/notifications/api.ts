import type { LiveDeskApi } from "../live";
import type { AnnouncementDraft, NotificationDto, NotificationPage, NotificationPreferences, PreferencesChange } from "./types";

export interface PageQuery {
  unread?: boolean;
  type?: string | null;
  before?: number | null;
  limit?: number;
}

const noun = "notification preferences";

/** The notification centre's endpoints: only ever the caller's own notifications and preferences. */
export const notificationsApi = (api: LiveDeskApi) => ({
  page: ({ unread, type, before, limit = 50 }: PageQuery) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (unread) query.set("unread", "true");
    if (type) query.set("type", type);
    if (before) query.set("before", String(before));
    return api.request<NotificationPage>("GET", `/api/notifications?${query}`);
  },
  read: (id: number) => api.request<NotificationDto>("POST", `/api/notifications/${id}/read`),
  unread: (id: number) => api.request<NotificationDto>("POST", `/api/notifications/${id}/unread`),
  readAll: () => api.request<{ count: number }>("POST", "/api/notifications/read-all"),
  snooze: (id: number, until: Date) => api.request<NotificationDto>("POST", `/api/notifications/${id}/snooze`, { until: until.toISOString() }),
  remove: (id: number) => api.request<void>("DELETE", `/api/notifications/${id}`),
  clearRead: () => api.request<{ count: number }>("DELETE", "/api/notifications?read=true"),
  preferences: () => api.request<NotificationPreferences>("GET", "/api/me/notification-preferences"),
  savePreferences: (change: PreferencesChange, version: number) =>
    api.request<NotificationPreferences>("PUT", "/api/me/notification-preferences", change, version, noun),
  announce: (draft: AnnouncementDraft) => api.request<unknown>("POST", "/api/announcements", draft, undefined, "announcement"),
});

export type NotificationsApi = ReturnType<typeof notificationsApi>;
