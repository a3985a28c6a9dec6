// Wire shapes of the notification centre (docs/api.md, "Notifications").

export type NotificationPriority = "low" | "normal" | "high" | "urgent";

export interface NotificationDto {
  id: number;
  type: string;
  priority: NotificationPriority;
  title: string;
  body: string;
  /** What it links to, e.g. "ticket" 12. */
  entity: string | null;
  entityId: number | null;
  sourceSeq: number;
  actorId: number | null;
  createdAt: string;
  readAt: string | null;
  snoozedUntil: string | null;
  version: number;
}

export interface NotificationPage {
  items: NotificationDto[];
  nextBefore: number | null;
}

export interface TypePreference {
  inApp: boolean;
  desktop: boolean;
  email: boolean;
  scope?: string | null;
}

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export const weekdays: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

export interface QuietHours {
  /** "HH:mm", local to timeZone. */
  start: string;
  end: string;
  /** An IANA name, e.g. Europe/Berlin. */
  timeZone: string;
  /** The day the quiet time starts: 22:00–07:00 on fri covers Friday night into Saturday. */
  days: Weekday[];
  urgentBreaksThrough: boolean;
}

export interface NotificationPreferences {
  types: Record<string, TypePreference>;
  quietHours: QuietHours | null;
  doNotDisturbUntil: string | null;
  version: number;
}

export type PreferencesChange = Omit<NotificationPreferences, "version">;

export type Channel = "inApp" | "desktop" | "email";
export const channels: readonly { key: Channel; label: string }[] = [
  { key: "inApp", label: "In the app" }, { key: "desktop", label: "Desktop" }, { key: "email", label: "Email" },
];

/** The types in the order the screens list them, with words for people. Unknown types (a newer server) still show,
 * under their own name. */
export const typeLabels: Record<string, string> = {
  "ticket.assigned": "Assigned to me",
  "ticket.mentioned": "Mentions",
  "ticket.reply": "Replies",
  "ticket.status": "My request resolved or closed",
  "queue.new_ticket": "New ticket in a queue",
  announcement: "Announcements",
};
export const typeLabel = (type: string) => typeLabels[type] ?? type;

/** The scopes a type allows (docs/api.md), with labels; types without a scope have none. */
export const scopeChoices: Record<string, readonly { value: string; label: string }[]> = {
  "ticket.reply": [{ value: "mine", label: "Tickets assigned to me" }, { value: "teams", label: "My teams' tickets" }],
  "queue.new_ticket": [{ value: "teams", label: "My teams' queues" }, { value: "all", label: "Every queue" }],
};

export type AnnouncementAudience = "all" | "role:agent" | "role:customer" | "role:manager" | `team:${number}`;

export interface AnnouncementDraft {
  title: string;
  body: string;
  priority: NotificationPriority;
  audience: AnnouncementAudience;
  expiresAt: string | null;
}
