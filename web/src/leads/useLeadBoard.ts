import { useMemo } from "react";
import { useLiveList } from "../live/hooks";
import { ApiError, useLiveDesk } from "../live";
import { EntityList } from "../live/entityList";
import { leadsApi } from "./api";
import type { LeadDto } from "./types";

/** The pipeline's leads while the page is open: loaded once the connection is live, patched by live lead events
 * (which reach an agent through their own user room and a manager through role:manager, so no room is joined), and
 * loaded again after a reset. */
export function useLeadBoard() {
  const client = useLiveDesk();
  const api = useMemo(() => leadsApi(client.api), [client]);
  const board = useMemo(() => new EntityList<LeadDto>("lead",
    () => api.all(),
    id => api.get(id).catch(error => {
      if (error instanceof ApiError && error.isNotFound) return null;
      throw error;
    }),
    // Agents see the leads they own; managers and admins all. A lead handed to someone else leaves the board.
    lead => client.me.role === "admin" || client.me.role === "manager" || lead.ownerId === client.me.id,
    { lostReason: null, convertedAt: null }), [api, client]);
  const snapshot = useLiveList(board);
  return { leads: snapshot.items, loaded: snapshot.loaded, error: snapshot.error, board, api };
}
