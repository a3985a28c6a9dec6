import { useEffect, useState } from "react";
import type { ViewKey } from "../live";

/** Where the user is: a view, and optionally a ticket open beside it. Kept in the URL hash, e.g. #/mine/37. */
export interface Route {
  view: ViewKey | null;
  ticketId: number | null;
}

const viewKeys: readonly string[] = ["mine", "unassigned", "team", "all", "requested"];

export function parseRoute(hash: string): Route {
  const [view, ticket] = hash.replace(/^#\/?/, "").split("/");
  const ticketId = Number(ticket);
  return {
    view: viewKeys.includes(view) ? (view as ViewKey) : null,
    ticketId: Number.isInteger(ticketId) && ticketId > 0 ? ticketId : null,
  };
}

export function routeHref(view: ViewKey, ticketId?: number | null) {
  return ticketId ? `#/${view}/${ticketId}` : `#/${view}`;
}

export function navigate(view: ViewKey, ticketId?: number | null) {
  window.location.hash = routeHref(view, ticketId);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
