import { useEffect, useMemo, useSyncExternalStore } from "react";
import { ApiError, useLiveDesk } from "../live";
import { leadsApi } from "./api";
import { LeadBoard } from "./leadBoard";

/** The pipeline's leads while the page is open: loaded once the connection is live, patched by live lead events
 * (which reach an agent through their own user room and a manager through role:manager, so no room is joined), and
 * loaded again after a reset. */
export function useLeadBoard() {
  const client = useLiveDesk();
  const api = useMemo(() => leadsApi(client.api), [client]);
  const board = useMemo(() => new LeadBoard(
    () => api.all(),
    id => api.get(id).catch(error => {
      if (error instanceof ApiError && error.isNotFound) return null;
      throw error;
    }),
    ownerId => client.me.role === "admin" || client.me.role === "manager" || ownerId === client.me.id,
  ), [api, client]);

  useEffect(() => {
    const stopEvents = client.onEvents(events => board.apply(events));
    const stopResets = client.onReset(() => void board.load());
    void client.firstLive.then(() => board.load());
    return () => { stopEvents(); stopResets(); };
  }, [board, client]);

  const snapshot = useSyncExternalStore(board.subscribe, () => board.snapshot);
  return { ...snapshot, board, api };
}
