// Wire shapes of the REST API and the real-time protocol (docs/api.md, docs/realtime-protocol.md).

export type Role = "admin" | "manager" | "agent" | "customer";
export type TicketStatus = "new" | "open" | "in_progress" | "pending" | "resolved" | "closed";
export type TicketPriority = "low" | "normal" | "high" | "urgent";

export const ticketStatuses: readonly TicketStatus[] = ["new", "open", "in_progress", "pending", "resolved", "closed"];
export const ticketPriorities: readonly TicketPriority[] = ["low", "normal", "high", "urgent"];

export interface UserDto {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  teamIds: number[];
  /** False once an admin deactivated the account; pickers offer only active people. */
  active: boolean;
  version: number;
}

export interface TeamDto {
  id: number;
  name: string;
  memberIds: number[];
  version: number;
}

export interface QueueDto {
  id: number;
  name: string;
  teamId: number;
  /** An archived queue takes no new tickets and is left out of pickers; its tickets stay. */
  archived: boolean;
  version: number;
}

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  user: UserDto;
  /** Trades for the next pair at POST /api/auth/refresh, once. */
  refreshToken: string;
  sessionExpiresAt: string;
}

export interface TicketDto {
  id: number;
  number: number;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  queueId: number;
  teamId: number;
  assigneeId: number | null;
  requesterId: number;
  /** The requester as a CRM contact; null when the requester has none. */
  contactId?: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TicketPage {
  items: TicketDto[];
  total: number;
  nextBefore: number | null;
}

export interface CommentDto {
  id: number;
  ticketId: number;
  authorId: number;
  body: string;
  internal: boolean;
  mentionedUserIds: number[];
  createdAt: string;
}

export interface Cursor {
  seq: number;
  epoch: string | null;
}

export interface ResumeResult {
  recovered: boolean;
  head: number;
  epoch: string;
}

export interface SubscribeResult {
  ok: boolean;
  error: string | null;
}

export interface EventEnvelope {
  seq: number;
  epoch: string;
  type: string;
  entity: string;
  entityId: number;
  version: number;
  actorId: number | null;
  at: string;
  changes: Record<string, unknown>;
}

/** An ephemeral signal (typing): never logged or replayed; it holds for ttlMs unless renewed. */
export interface SignalMessage {
  type: "signal";
  room: string;
  name: string;
  userId: number;
  ttlMs: number;
  at: string;
}

export const isStaff = (role: Role) => role !== "customer";

/** How clients keep one entity type's views current (docs/realtime-protocol.md, 11a). */
export type FlagMode = "live" | "signal" | "poll";

export interface FeatureFlagDto {
  mode: FlagMode;
  /** How often views of this type are refetched in poll mode. */
  pollSeconds: number;
  version: number;
}

export interface FeatureFlagsDto {
  flags: Record<string, FeatureFlagDto>;
}

export interface TicketDigest {
  count: number;
  /** The sum of id × 1,000,003 + version over the tickets, wrapping at 2^63 (docs/api.md). */
  checksum: number;
  /** The log's head read before the tickets: compare once the cursor has reached it. */
  head: number;
  epoch: string;
}

export type ClientReportKind = "breaker_opened" | "breaker_closed" | "cache_repaired";

/** POST /api/realtime/client-reports: what a safety valve did, for the operators' metrics. */
export interface ClientReport {
  kind: ClientReportKind;
  entity: string;
  count: number;
  detail?: string;
}
