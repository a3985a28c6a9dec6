// The dashboard's only way to talk to the server: REST, the live connection, and the hooks screens use.
export { LiveDeskApi, ApiError } from "./api";
export { LiveDeskClient } from "./client";
export type { ConnectionState, ConnectionStatus } from "./connection";
export {
  LiveDeskProvider, useLiveDesk, useTickets, useTicket, useComments, useConnectionState, useLiveEvents,
  useDirectory, useFeatureFlags,
} from "./hooks";
export { liveAccess, useLiveAccess, useMe } from "./access";
export { assignable, openQueues } from "./directory";
export { loadSession, saveSession, clearSession, type Session } from "./session";
export { views, viewsFor, type ViewKey } from "./views";
export * from "./types";
