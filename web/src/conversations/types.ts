/** Conversations as GET /api/conversations returns them (docs/api.md, Conversations). */
export type ConversationStatus = "open" | "pending" | "resolved";

export const conversationStatuses: readonly ConversationStatus[] = ["open", "pending", "resolved"];

export const statusLabels: Record<ConversationStatus, string> = { open: "Open", pending: "Pending", resolved: "Resolved" };

export interface ConversationDto {
  id: number;
  customerId: number;
  contactId: number | null;
  channel: "web" | "email";
  subject: string;
  teamId: number;
  assigneeId: number | null;
  status: ConversationStatus;
  archived: boolean;
  lastMessageAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MessageDto {
  id: number;
  conversationId: number;
  direction: "in" | "out";
  authorId: number;
  body: string;
  createdAt: string;
}
