import type { TicketPriority, TicketStatus } from "../live";

/** How ticket states read on screen. */
export const statusLabels: Record<TicketStatus, string> = {
  new: "New", open: "Open", in_progress: "In progress", pending: "Pending", resolved: "Resolved", closed: "Closed",
};

export const priorityLabels: Record<TicketPriority, string> = {
  low: "Low", normal: "Normal", high: "High", urgent: "Urgent",
};
